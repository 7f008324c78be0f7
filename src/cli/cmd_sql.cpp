// `polymigrate sql PROJECT [--dialect D] [--to TARGET]`: the SQL an `up` would send to a new,
// empty database, version-table writes included, printed without any database (Alembic's
// `upgrade --sql` offline mode, for every framework). What needs the live schema (a SQLite table
// rebuild of a table the script has not created) cannot be known offline and is refused.
// `--to START:END` (Alembic's own range syntax, Alembic projects only) starts from a database
// already at START: the version table holds START's heads, so the script updates its rows.
#include "adapters/alembic/stamp.hpp"
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

// `--to START:END` split at its colon (Alembic reads a revision range so: ids, labels and `heads`
// hold no colon). No colon: no start.
struct Range {
  std::optional<std::string> start;
  std::optional<std::string> end;
};

Range read_range(const std::optional<std::string>& target, const std::string& framework) {
  if (!target || target->find(':') == std::string::npos) return {std::nullopt, target};
  if (framework != "alembic")
    throw engine::InputError(
        "--to START:END is Alembic's range syntax (upgrade start:end --sql); "
        "for a " +
        framework +
        " project `sql` prints the script from a new database only: give "
        "--to TARGET");
  const auto colon = target->find(':');
  Range range{target->substr(0, colon), target->substr(colon + 1)};
  if (range.start->empty() || range.end->empty())
    throw engine::InputError("--to '" + *target + "': give a revision on both sides of ':'");
  return range;
}

// The version table as it stands at `start`, in a scratch SQLite database the offline connection
// reads: Alembic's stamp writes START's heads there (the version table's schema, if any, is an
// attached database of that name). Nothing of the project's own database is touched.
std::unique_ptr<db::Connection> version_rows_at(const model::Project& project,
                                                const std::string& start) {
  auto rows = db::open_connection(db::parse_database_url("sqlite::memory:"));
  if (!project.config.version_schema.empty())
    rows->exec_script("ATTACH DATABASE ':memory:' AS " +
                      rows->quote_identifier(project.config.version_schema));
  alembic::stamp(*rows, project, {start}, false);
  return rows;
}

int run_sql(const ProjectOptions& options, const SqlOptions& sql_options) {
  const model::Dialect dialect = chosen_dialect(sql_options, options);
  auto loaded = load(options, nullptr, dialect);
  const Range range = read_range(sql_options.target, loaded.project.framework);
  // `base:END` is the script from a new database, as Alembic writes it (CREATE TABLE included).
  std::unique_ptr<db::Connection> version_rows;
  if (range.start && *range.start != "base")
    version_rows = version_rows_at(loaded.project, *range.start);
  db::OfflineConnection offline(dialect, version_rows.get());
  engine::MigrateRequest request;
  request.target = range.end;
  request.dry_run = true;
  const auto result = engine::migrate(offline, *loaded.adapter, loaded.project, request);
  std::cout << "-- " << loaded.project.framework << " " << loaded.project.root.string() << ": "
            << result.plan.migrations.size() << " migration(s) for "
            << (version_rows ? "a " : "a new ") << model::to_string(dialect) << " database"
            << (version_rows ? " at " + *range.start : "")
            << ", generated offline by polymigrate\n";
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
                      "Stop at this migration (key or unique prefix; 'latest'); Alembic: "
                      "START:END starts from a database at START");
  command->callback([=, &exit_code] { exit_code = run_sql(*options, *sql_options); });
}

}  // namespace pm::cli
