// `polymigrate status PROJECT [--db URL]`: per migration, applied / pending / failed / changed /
// missing. Exits 1 when anything is not applied, like `prisma migrate status`.
#include "cli/command_context.hpp"
#include "engine/migrate.hpp"
#include "report/json_report.hpp"
#include "report/text_table.hpp"

namespace pm::cli {

namespace {

int run_status(const ProjectOptions& options, const DatabaseOptions& db_options) {
  // The text table shows no steps: the files are read only for what identifies and checks each
  // migration (a Knex file is not read at all, as `knex migrate:list` reads none).
  auto loaded = load(options, &db_options, std::nullopt, /*steps=*/options.json);
  auto database = open_database(db_options, loaded.project);
  auto status = engine::read_status(*database.connection, *loaded.adapter, loaded.project);
  const auto table_name =
      loaded.adapter->version_table(loaded.project, database.connection->dialect())->name();
  const int code = status.up_to_date() ? kOk : kFindings;

  if (options.json) {
    report::write_status_json(std::cout, loaded.project, status, database.connection->display_url(),
                              table_name);
    return code;
  }
  std::cout << loaded.project.framework << " project " << loaded.project.root.string() << " on "
            << database.connection->display_url() << " (" << table_name << ")\n";
  // The native tool's own table where it has one (`flyway info`), else the common states.
  if (status.native) {
    report::TextTable table(status.native->columns);
    for (const auto& row : status.native->rows) table.add_row(row);
    table.print(std::cout);
  } else {
    report::TextTable table({"Key", "Description", "State", "Applied at"});
    for (const auto& entry : status.entries) {
      const auto& key = entry.migration ? entry.migration->key : entry.row->key;
      const auto& description =
          entry.migration ? entry.migration->description : entry.row->description;
      table.add_row({key, description, engine::to_string(entry.state),
                     entry.row ? entry.row->applied_at : ""});
    }
    table.print(std::cout);
  }
  std::cout << status.count(engine::MigrationState::applied) << " applied, "
            << status.count(engine::MigrationState::pending) << " pending, "
            << status.count(engine::MigrationState::failed) << " failed, "
            << status.count(engine::MigrationState::changed) << " changed, "
            << status.count(engine::MigrationState::missing) << " missing\n";
  print_diagnostics(std::cout, engine::status_findings(status));
  return code;
}

}  // namespace

void add_status_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "status", "Compare the project with a database (exit 1 unless up to date)");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->callback([=, &exit_code] { exit_code = run_status(*options, *db_options); });
}

}  // namespace pm::cli
