// Which files are migrations and in what order, exactly as Knex's FsMigrations
// (lib/migrations/migrate/sources/fs-migrations.js): every folder read without recursion, then
// lodash sortBy on the bare file name (JavaScript string order: UTF-16 code units) across all
// folders, or each folder .sort()ed on its own with sortDirsSeparately; then only names whose
// path.extname is in loadExtensions. The identity is the bare file name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"

namespace pm::knex {

struct MigrationFileEntry {
  std::string file;            // bare name: the migration's key in knex_migrations
  std::string directory;       // the configured folder, as written
  std::filesystem::path path;  // absolute
  // From the folder listing (no syscall per file): the loader skips folders and resolves only
  // symlinks on their own.
  bool is_folder = false;
  bool is_symlink = false;
};

// JavaScript's `a < b` on strings: UTF-16 code units, so U+FFFF sorts after U+10000.
bool js_string_less(std::string_view a, std::string_view b);

// Node's path.extname: the last '.' not leading the name ("" for ".env" or "name").
std::string js_extname(std::string_view file);

std::vector<MigrationFileEntry> list_migration_files(
    const std::filesystem::path& root, const std::vector<std::string>& directories,
    bool sort_dirs_separately, const std::vector<std::string>& load_extensions,
    model::Diagnostics& diagnostics);

}  // namespace pm::knex
