// A migration project as read from disk: which framework, where, its configuration and its history.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/history.hpp"
#include "model/script.hpp"

namespace pm::model {

struct ProjectConfig {
  std::optional<std::string> database_url;  // from the project's own config; never printed unmasked
  std::optional<Dialect> dialect;           // from the config (Prisma provider, Knex client, ...)
  std::string version_table;                // native table name, e.g. "flyway_schema_history"
  std::string version_schema;               // empty: the connection's default schema
  std::vector<std::filesystem::path> locations;  // where migrations are read from
  std::map<std::string, std::string> placeholders;
  std::map<std::string, std::string> settings;   // every other native setting, by native key
};

struct Project {
  std::string framework;  // "flyway", "prisma", "alembic", "knex"
  std::filesystem::path root;
  ProjectConfig config;
  History history;
  Diagnostics diagnostics;  // found while reading (the history's own are in history.diagnostics())

  Diagnostics all_diagnostics() const;
};

}  // namespace pm::model
