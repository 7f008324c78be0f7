// The knexfile read with tree-sitter, never run: which block applies (--env, NODE_ENV,
// "development", else the whole export, as bin/utils/cli-config-utils.js resolveEnvironmentConfig),
// the client, a literal connection, and the migrations settings with Knex's defaults
// (lib/migrations/migrate/migrator-configuration-merger.js CONFIG_DEFAULT).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "model/diagnostic.hpp"

namespace pm::knex {

// lib/migrations/common/MigrationsLoader.js DEFAULT_LOAD_EXTENSIONS (no .mjs, no .mts).
const std::vector<std::string>& default_load_extensions();

struct KnexConfig {
  std::filesystem::path knexfile;           // absolute; empty when there is none
  std::optional<std::string> environment;   // the block used, when the export has blocks
  std::string client;                       // as written ("pg", "postgresql", "better-sqlite3")
  std::optional<model::Dialect> dialect;    // from the client
  std::optional<std::string> database_url;  // polymigrate's form of a literal connection
  std::vector<std::string> directories = {"./migrations"};  // as written, relative to the root
  std::string table_name = "knex_migrations";
  std::string schema_name;  // empty: null
  std::string extension = "js";
  std::vector<std::string> load_extensions = default_load_extensions();
  bool sort_dirs_separately = false;
  bool disable_transactions = false;
  bool disable_migrations_list_validation = false;
};

// Knex's client names (lib/constants.js CLIENT_ALIASES and the dialect folders) to a dialect
// polymigrate runs; nullopt for the others (mysql, mssql, oracledb, ...).
std::optional<model::Dialect> dialect_of_client(const std::string& client);

// The knexfile the Knex CLI would pick in `root` (knexfile.js, .mjs, .coffee, .ts, .eg, .ls as
// bin/cli.js looks for them, then .cjs, which the CLI finds only through --knexfile).
std::optional<std::filesystem::path> find_knexfile(const std::filesystem::path& root);

// Reads the knexfile (options.config, else find_knexfile). Problems become diagnostics (file,
// line, and the polymigrate flag that replaces a value that cannot be read); the defaults stay.
KnexConfig read_knex_config(const std::filesystem::path& root, const adapters::LoadOptions& options,
                            model::Diagnostics& diagnostics);

}  // namespace pm::knex
