// `polymigrate validate PROJECT [--db URL] [--format text|json|junit|github|sarif]
// [--fail-on error|warning]`: structural
// findings of the project and, with a database, its consistency with the version table.
#include <algorithm>
#include <cstdlib>

#include "cli/command_context.hpp"
#include "engine/migrate.hpp"
#include "report/findings_formats.hpp"
#include "report/json_report.hpp"

namespace pm::cli {

namespace {

int run_validate(const ProjectOptions& options, const DatabaseOptions& db_options,
                 const std::string& format, const std::string& fail_on) {
  auto loaded = load(options, &db_options);
  model::Diagnostics findings = loaded.project.all_diagnostics();

  // The database is checked only when one is named: validating must not create ./polymigrate.db.
  const bool has_database =
      db_options.url || std::getenv("DATABASE_URL") || loaded.project.config.database_url;
  if (has_database) {
    auto database = open_database(db_options, loaded.project);
    auto status = engine::read_status(*database.connection, *loaded.adapter, loaded.project);
    auto db_findings = loaded.adapter->database_findings(loaded.project, status.rows,
                                                         engine::status_findings(status));
    findings.insert(findings.end(), db_findings.begin(), db_findings.end());
  }

  const std::string chosen = options.json ? "json" : format;
  if (chosen == "json") {
    report::write_validate_json(std::cout, loaded.project, findings);
  } else if (chosen == "junit") {
    std::cout << report::to_junit(findings, "polymigrate validate " + loaded.project.root.string());
  } else if (chosen == "github") {
    std::cout << report::to_github_annotations(findings);
  } else if (chosen == "sarif") {
    std::cout << report::to_sarif(findings, POLYMIGRATE_VERSION);
  } else {
    print_diagnostics(std::cout, findings);
    std::cout << (model::has_errors(findings) ? "invalid" : "valid") << ": " << findings.size()
              << " finding(s) in " << loaded.project.history.size() << " migration(s)\n";
  }
  return fails(findings, fail_on) ? kFindings : kOk;
}

}  // namespace

void add_validate_command(CLI::App& app, int& exit_code) {
  auto* command =
      app.add_subcommand("validate", "Check the project's structure and, with --db, the database");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto format = std::make_shared<std::string>("text");
  auto fail_on = std::make_shared<std::string>("error");
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  add_report_options(*command, *format, *fail_on);
  command->callback(
      [=, &exit_code] { exit_code = run_validate(*options, *db_options, *format, *fail_on); });
}

}  // namespace pm::cli
