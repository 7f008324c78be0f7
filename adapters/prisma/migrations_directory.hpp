// The migrations folder as the Prisma CLI lists it (packages/migrate/src/utils/listMigrations.ts):
// every subfolder is a migration, sorted with localeCompare; migration.sql read as UTF-8 text;
// migration_lock.toml read for its provider line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/migration.hpp"

namespace pm::prisma {

struct MigrationsDirectory {
  std::filesystem::path path;
  bool exists = false;
  std::optional<std::string> lock_content;   // migration_lock.toml, when there is one
  std::vector<model::Migration> migrations;  // apply order, parents linked
  model::Diagnostics diagnostics;
};

// `root` is the project root: files and diagnostics are named relative to it.
MigrationsDirectory read_migrations_directory(const std::filesystem::path& dir,
                                              const std::filesystem::path& root);

// The engine's read_provider_from_lock_file: the first line starting with "provider", with every
// leading "provider = " and surrounding '"' removed; "<PROVIDER NOT FOUND>" when no line matches.
std::string provider_from_lock_file(const std::string& content);

// Bytes decoded as Node's Buffer#toString('utf8') does (WHATWG): a BOM is kept as U+FEFF, each
// maximal invalid subsequence becomes U+FFFD. `valid` tells whether anything was replaced.
std::string decode_utf8_as_node(const std::string& bytes, bool* valid = nullptr);

}  // namespace pm::prisma
