// Which database a command talks to: --db, else DATABASE_URL, else the project's own config,
// else the embedded default ./polymigrate.db (and the command says so).
#pragma once

#include <optional>
#include <string>

#include "db/database_url.hpp"
#include "model/project.hpp"

namespace pm::engine {

struct DatabaseTarget {
  db::DatabaseUrl url;
  std::string origin;  // "--db", "DATABASE_URL", "project config", "default"
};

inline constexpr const char* kDefaultDatabaseFile = "polymigrate.db";

DatabaseTarget resolve_database(const std::optional<std::string>& cli_url,
                                const std::optional<std::string>& env_database_url,
                                const model::Project& project);

}  // namespace pm::engine
