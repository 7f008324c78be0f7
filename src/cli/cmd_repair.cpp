// `polymigrate repair PROJECT [--db URL]` and `polymigrate baseline PROJECT [--db URL]`:
// Flyway's repair and baseline, writing flyway_schema_history exactly as those commands do.
#include <nlohmann/json.hpp>

#include "adapters/flyway/repair.hpp"
#include "cli/command_context.hpp"

namespace pm::cli {

namespace {

void require_flyway(const engine::LoadedProject& loaded, const char* command) {
  if (loaded.project.framework != "flyway")
    throw engine::InputError(std::string(command) + " is Flyway's command; " +
                             loaded.project.framework + " projects have no flyway_schema_history");
}

int run_repair(const ProjectOptions& options, const DatabaseOptions& db_options) {
  auto loaded = load(options, &db_options);
  require_flyway(loaded, "repair");
  auto database = open_database(db_options, loaded.project);
  auto result = flyway::repair(*database.connection, loaded.project);
  if (options.json) {
    std::cout << nlohmann::json{{"database", database.connection->display_url()},
                                {"removed_failed", result.removed},
                                {"marked_deleted", result.deleted},
                                {"aligned", result.aligned}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  for (const auto& item : result.removed) std::cout << "removed failed migration " << item << "\n";
  for (const auto& item : result.deleted)
    std::cout << "marked missing migration as deleted " << item << "\n";
  for (const auto& item : result.aligned)
    std::cout << "aligned checksum, description and type of " << item << "\n";
  std::cout << "Successfully repaired schema history table on "
            << database.connection->display_url() << "\n";
  if (!result.deleted.empty())
    std::cout
        << "Please ensure the previous contents of the deleted migrations are removed from the "
           "database, or moved into an existing migration.\n";
  return kOk;
}

int run_baseline(const ProjectOptions& options, const DatabaseOptions& db_options) {
  auto loaded = load(options, &db_options);
  require_flyway(loaded, "baseline");
  auto database = open_database(db_options, loaded.project);
  const std::string version = flyway::baseline(*database.connection, loaded.project);
  if (options.json) {
    std::cout << nlohmann::json{{"database", database.connection->display_url()},
                                {"baseline_version", version}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  std::cout << "Successfully baselined schema with version: " << version << " ("
            << database.connection->display_url() << ")\n";
  return kOk;
}

void add_command(CLI::App& app, int& exit_code, const char* name, const char* help,
                 int (*run)(const ProjectOptions&, const DatabaseOptions&)) {
  auto* command = app.add_subcommand(name, help);
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->callback([=, &exit_code] { exit_code = run(*options, *db_options); });
}

}  // namespace

void add_repair_commands(CLI::App& app, int& exit_code) {
  add_command(app, exit_code, "repair",
              "Flyway: remove failed rows, mark rows without files as deleted, realign checksums",
              run_repair);
  add_command(app, exit_code, "baseline",
              "Flyway: record baselineVersion as applied on an existing database", run_baseline);
}

}  // namespace pm::cli
