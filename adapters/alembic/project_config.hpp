// Where an Alembic project keeps its revisions and its table: alembic.ini's [alembic] section,
// [tool.alembic] in pyproject.toml (the ini wins, as Config.get_alembic_option does), and the
// literal keyword arguments of context.configure(...) in env.py, read but never run.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace pm::alembic {

struct AlembicSettings {
  std::filesystem::path config_file;                     // the alembic.ini read; empty: none
  std::filesystem::path script_location;                 // absolute
  std::vector<std::filesystem::path> version_locations;  // absolute, in configured order
  bool recursive_version_locations = false;
  bool sourceless = false;
  std::optional<std::string> sqlalchemy_url;  // as written
  std::optional<std::string> database_url;    // in polymigrate's URL forms
  std::string version_table = "alembic_version";
  std::string version_table_schema;
  bool version_table_pk = true;
  std::optional<bool> transaction_per_migration;
  std::map<std::string, std::string> options;  // every [alembic] / [tool.alembic] option, as read
};

// `config_file`: an explicit ini (alembic -c); otherwise <root>/alembic.ini, then pyproject.toml.
AlembicSettings read_alembic_settings(const std::filesystem::path& root,
                                      const std::optional<std::filesystem::path>& config_file,
                                      model::Diagnostics& diagnostics);

// SQLAlchemy URL -> polymigrate URL: sqlite:///rel.db is relative (to `base`), sqlite:////abs.db
// absolute, sqlite:// in memory; postgresql+driver:// -> postgresql://. nullopt for other
// databases.
std::optional<std::string> convert_sqlalchemy_url(const std::string& url,
                                                  const std::filesystem::path& base);

// The settings in the model's ProjectConfig.
model::ProjectConfig to_project_config(const AlembicSettings& settings,
                                       const std::filesystem::path& root);

// Literal keyword arguments of every context.configure(...) call in env.py source.
std::map<std::string, std::string> env_configure_literals(const std::string& env_source);

}  // namespace pm::alembic
