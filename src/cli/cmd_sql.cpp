// `polymigrate sql PROJECT [--dialect D] [--to TARGET]`: the SQL an `up` would send to a new,
// empty database, version-table writes included, printed without any database (Alembic's
// `upgrade --sql` offline mode, for every framework). What needs the live schema (a SQLite table
// rebuild of a table the script has not created) cannot be known offline and is refused.
#include "cli/command_context.hpp"
#include "db/offline_connection.hpp"
#include "engine/migrate.hpp"

namespace pm::cli {

namespace {

struct SqlOptions {
  std::optional<std::string> dialect;
  std::optional<std::string> target;
};

model::Dialect chosen_dialect(const SqlOptions& sql_options, const ProjectOptions& options) {
  if (sql_options.dialect)
    return *sql_options.dialect == "sqlite" ? model::Dialect::sqlite : model::Dialect::postgresql;
  const auto configured = load(options).project.config.dialect;
  if (!configured)
    throw engine::InputError(
        "the project does not say which database it is for: give --dialect postgresql|sqlite");
  return *configured;
}

int run_sql(const ProjectOptions& options, const SqlOptions& sql_options) {
  const model::Dialect dialect = chosen_dialect(sql_options, options);
  auto loaded = load(options, nullptr, dialect);
  db::OfflineConnection offline(dialect);
  engine::MigrateRequest request;
  request.target = sql_options.target;
  request.dry_run = true;
  const auto result = engine::migrate(offline, *loaded.adapter, loaded.project, request);
  std::cout << "-- " << loaded.project.framework << " " << loaded.project.root.string() << ": "
            << result.plan.migrations.size() << " migration(s) for a new "
            << model::to_string(dialect) << " database, generated offline by polymigrate\n";
  for (const auto& statement : result.recorded_sql) std::cout << statement << "\n";
  return kOk;
}

}  // namespace

void add_sql_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "sql", "Print the SQL that up would run on a new database, offline (like alembic --sql)");
  auto options = std::make_shared<ProjectOptions>();
  auto sql_options = std::make_shared<SqlOptions>();
  add_project_options(*command, *options, false);
  command
      ->add_option("--dialect", sql_options->dialect,
                   "postgresql or sqlite (default: the project's own)")
      ->check(CLI::IsMember({"postgresql", "sqlite"}));
  command->add_option("--to", sql_options->target,
                      "Stop at this migration (key or unique prefix; 'latest')");
  command->callback([=, &exit_code] { exit_code = run_sql(*options, *sql_options); });
}

}  // namespace pm::cli
