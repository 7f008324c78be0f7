#include "engine/database_target.hpp"

namespace pm::engine {

DatabaseTarget resolve_database(const std::optional<std::string>& cli_url,
                                const std::optional<std::string>& env_database_url,
                                const model::Project& project) {
  if (cli_url && !cli_url->empty()) return {db::parse_database_url(*cli_url), "--db"};
  if (env_database_url && !env_database_url->empty())
    return {db::parse_database_url(*env_database_url), "DATABASE_URL"};
  if (project.config.database_url && !project.config.database_url->empty())
    return {db::parse_database_url(*project.config.database_url), "project config"};
  return {db::parse_database_url(std::string("sqlite:") + kDefaultDatabaseFile), "default"};
}

}  // namespace pm::engine
