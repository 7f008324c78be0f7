// `polymigrate resolve PROJECT --applied NAME | --rolled-back NAME [--db URL]`: mark a migration
// by hand in the native version table, writing exactly what the native command writes
// (`prisma migrate resolve`), under the native lock.
#include "cli/command_context.hpp"

namespace pm::cli {

namespace {

struct ResolveOptions {
  std::optional<std::string> applied;
  std::optional<std::string> rolled_back;
};

int run_resolve(const ProjectOptions& options, const DatabaseOptions& db_options,
                const ResolveOptions& resolve) {
  if (!resolve.applied == !resolve.rolled_back)
    throw std::invalid_argument(
        "resolve needs exactly one of --applied NAME or --rolled-back NAME");
  auto loaded = load(options, &db_options);
  auto database = open_database(db_options, loaded.project);
  auto& conn = *database.connection;
  auto table = loaded.adapter->version_table(loaded.project, conn.dialect());
  const auto action = resolve.applied ? adapters::ResolveAction::mark_applied
                                      : adapters::ResolveAction::mark_rolled_back;
  const std::string& key = resolve.applied ? *resolve.applied : *resolve.rolled_back;

  table->lock(conn);
  std::string message;
  try {
    message = table->resolve(conn, loaded.project, action, key);
  } catch (...) {
    try {
      table->unlock(conn);
    } catch (...) {
      // The first error is the one to report; the server drops session locks with the connection.
    }
    throw;
  }
  table->unlock(conn);
  std::cout << message << " (" << table->name() << " on " << conn.display_url() << ")\n";
  return kOk;
}

}  // namespace

void add_resolve_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("resolve",
                                     "Mark a migration as applied or as rolled back in the version "
                                     "table, as the native tool does");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto resolve = std::make_shared<ResolveOptions>();
  add_project_options(*command, *options, false);
  add_database_options(*command, *db_options);
  auto* applied = command->add_option(
      "--applied", resolve->applied,
      "Record the migration as applied without running it (baseline, manual fix)");
  auto* rolled_back =
      command->add_option("--rolled-back", resolve->rolled_back,
                          "Record a failed migration as rolled back, so it can run again");
  applied->excludes(rolled_back);
  command->callback([=, &exit_code] { exit_code = run_resolve(*options, *db_options, *resolve); });
}

}  // namespace pm::cli
