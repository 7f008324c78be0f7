// A Flyway project's configuration as Flyway would assemble it: flyway.toml (with its environments)
// or else flyway.conf, the flyway-maven-plugin <configuration> of pom.xml, and FLYWAY_* variables.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/adapter.hpp"
#include "adapters/flyway/naming.hpp"
#include "adapters/flyway/placeholders.hpp"
#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace pm::flyway {

// Every setting by its camelCase key without "flyway." ("sqlMigrationPrefix", "url",
// "placeholders.owner"); lists are comma-joined as in flyway.conf.
//
// Precedence, lowest first (ModernConfigurationManager / ConfigurationManagerImpl):
//   1. pom.xml: <properties> flyway.* values, then the flyway-maven-plugin <configuration>;
//   2. flyway.toml then flyway.user.toml ([flyway], then the chosen [environments.<env>] and its
//      environments.<env>.flyway.* overrides) — or, only when no TOML file exists, flyway.conf
//      (Flyway refuses to mix the two; with both present it reads TOML and ignores the .conf);
//   3. FLYWAY_* environment variables (ConfigUtils.convertKey).
// LoadOptions::config names one file instead of the default ones (.toml, .xml or else .conf).
struct FlywayConfig {
  std::map<std::string, std::string> values;
  std::string environment = "default";  // TOML environment in use
  std::vector<std::string> files;       // files read, relative to the project root

  std::optional<std::string> get(std::string_view key) const;
  std::string get_or(std::string_view key, std::string_view fallback) const;
  // true/false in any case; anything else gives `fallback` (reported when the config was read).
  bool flag(std::string_view key, bool fallback) const;
  std::vector<std::string> list(std::string_view key) const;  // comma-separated, trimmed

  NamingConfig naming() const;
  PlaceholderSyntax placeholder_syntax() const;
  std::map<std::string, std::string> placeholders() const;  // "placeholders.*" entries
  std::string encoding() const { return get_or("encoding", "UTF-8"); }
  std::string table() const { return get_or("table", "flyway_schema_history"); }
  // defaultSchema, else the first of `schemas`, else "" (the connection's current schema).
  std::string default_schema() const;
};

FlywayConfig read_flyway_config(const std::filesystem::path& root,
                                const adapters::LoadOptions& options,
                                model::Diagnostics& diagnostics);

// The folders the migrations are read from (Location.java prefixes): `filesystem:p` is p under the
// project root; `classpath:p` (and a bare p) is src/main/resources/p, else p under the root. With
// `locations` unset: src/main/resources/db/migration, else db/migration, else sql (the CLI's
// default folder), whichever exists first. Missing folders are reported as warnings.
std::vector<std::filesystem::path> resolve_locations(const FlywayConfig& config,
                                                     const std::filesystem::path& root,
                                                     model::Diagnostics& diagnostics);

// The common model's view: url, dialect, table, schema, placeholders, and every other setting
// except the password.
model::ProjectConfig to_project_config(const FlywayConfig& config,
                                       const std::filesystem::path& root,
                                       const std::vector<std::filesystem::path>& locations);

// A true/false setting in any case, from a config's values or a ProjectConfig's settings;
// anything else gives `fallback`.
bool setting_flag(const std::map<std::string, std::string>& settings, std::string_view key,
                  bool fallback);

// FLYWAY_SQL_MIGRATION_PREFIX -> "sqlMigrationPrefix", FLYWAY_PLACEHOLDERS_X -> "placeholders.x";
// nullopt for variables Flyway does not read.
std::optional<std::string> setting_for_environment_variable(std::string_view name);

}  // namespace pm::flyway
