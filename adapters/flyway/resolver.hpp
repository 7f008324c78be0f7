// Turns the files under a Flyway project's locations into the common model's migrations, as
// SqlMigrationResolver + CompositeMigrationResolver do: names, checksums, statements, order.
//
// Identity (Migration::key): the normalized version text for a versioned migration ("1.1"), the
// description for a repeatable ("user view") — exactly what Flyway matches rows on, so no prefix
// is added. A repeatable's key cannot collide with a version in practice (a version is digits and
// dots), and History reports it if it ever did.
// Undo files (U<version>) become the `down` of the versioned migration of the same version.
// Baseline migrations (B<version>) and callbacks are not part of the linear history.
#pragma once

#include <filesystem>
#include <vector>

#include "adapters/flyway/config.hpp"
#include "model/diagnostic.hpp"
#include "model/migration.hpp"
#include "model/script.hpp"

namespace pm::flyway {

// Diagnostic codes of the Flyway adapter (PM11x: Flyway project files).
namespace codes {
inline constexpr const char* ignored_name = "PM110";   // warning: Flyway silently skips this file
inline constexpr const char* invalid_name = "PM111";   // error: validateMigrationNaming=true
inline constexpr const char* duplicate = "PM112";      // error: two migrations with one identity
inline constexpr const char* placeholder = "PM113";    // error: no value for a placeholder
inline constexpr const char* unreadable = "PM114";     // error: bytes not valid in the encoding
inline constexpr const char* script_config = "PM115";  // error: config / sidecar file problem
inline constexpr const char* mixed = "PM116";          // error: mixed statements, mixed=false
inline constexpr const char* sql_split = "PM117";      // error: the script cannot be split
inline constexpr const char* run_time = "PM118";       // warning: only known when running
inline constexpr const char* unsupported = "PM119";    // warning: a Flyway feature not modelled
inline constexpr const char* dialect_guess = "PM120";  // warning: split by a guessed dialect
}  // namespace codes

struct ResolveContext {
  std::filesystem::path root;
  std::vector<std::filesystem::path> locations;
  // Statements are split with this dialect's rules (the project's url, else SQLite, the default
  // database); `no_transaction` flags only ever come from PostgreSQL rules.
  model::Dialect dialect = model::Dialect::sqlite;
  bool dialect_assumed = false;  // no database named: SQLite is the embedded default's guess
  // False: scripts are read and checksummed but not split into steps (LoadOptions::steps).
  bool steps = true;
};

// Migrations in Flyway's order (versioned by version, then repeatables by description in Java
// String order), each with the previous one as parent.
std::vector<model::Migration> resolve_migrations(const FlywayConfig& config,
                                                 const ResolveContext& context,
                                                 model::Diagnostics& diagnostics);

}  // namespace pm::flyway
