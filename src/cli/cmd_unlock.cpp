// `polymigrate unlock PROJECT [--db URL]`: Knex's migrate:unlock. Frees the knex_migrations_lock
// row a crashed run left set, without running any migration.
#include <nlohmann/json.hpp>

#include "adapters/knex/unlock.hpp"
#include "cli/command_context.hpp"

namespace pm::cli {

namespace {

int run_unlock(const ProjectOptions& options, const DatabaseOptions& db_options) {
  auto loaded = load(options, &db_options);
  if (loaded.project.framework != "knex")
    throw engine::InputError("unlock is Knex's migrate:unlock; " + loaded.project.framework +
                             " projects have no lock table to free");
  auto database = open_database(db_options, loaded.project);
  const std::string said = knex::unlock(*database.connection, loaded.project);
  if (options.json) {
    std::cout << nlohmann::json{{"database", database.connection->display_url()},
                                {"unlocked", true}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  std::cout << said << "\n";
  return kOk;
}

}  // namespace

void add_unlock_command(CLI::App& app, int& exit_code) {
  auto* command =
      app.add_subcommand("unlock", "Knex: free the migrations lock (knex migrate:unlock)");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->callback([=, &exit_code] { exit_code = run_unlock(*options, *db_options); });
}

}  // namespace pm::cli
