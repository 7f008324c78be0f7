// `polymigrate verify PROJECT [--db URL] [--format text|json|junit|github|sarif]`: every migration
// applied, reverted and applied again on a scratch database that is removed afterwards (a SQLite
// file, or with a PostgreSQL --db a fresh database created on that server), with the schema
// compared at each step. The database --db names is never migrated.
#include "cli/command_context.hpp"
#include "db/scratch_database.hpp"
#include "engine/verify.hpp"
#include "report/findings_formats.hpp"
#include "report/json_report.hpp"
#include "report/text_table.hpp"

namespace pm::cli {

namespace {

struct VerifyOptions {
  std::string format = "text";
  std::string fail_on = "error";
};

void write_json(std::ostream& out, const model::Project& project,
                const engine::VerifyReport& report, bool ok) {
  report::JsonWriter json(out);
  json.begin_object()
      .field("framework", project.framework)
      .field("root", project.root.string())
      .field("database", report.database)
      .field("ok", ok);
  json.key("migrations").begin_array();
  for (const auto& migration : report.migrations) {
    json.begin_object()
        .field("key", migration.key)
        .field("file", migration.file)
        .field("outcome", engine::to_string(migration.outcome));
    json.key("checks").begin_array();
    for (const auto& check : migration.checks) {
      json.begin_object().field("name", check.name);
      json.key("diagnostics");
      report::write_diagnostics(json, check.findings);
      json.end_object();
    }
    json.end_array();
    json.key("diagnostics");
    report::write_diagnostics(json, migration.findings());
    json.end_object();
  }
  json.end_array().end_object();
  out << "\n";
}

// One JUnit suite per migration, one test case per check that ran.
std::string to_junit(const engine::VerifyReport& report, const std::string& name) {
  std::vector<report::JunitSuite> suites;
  for (const auto& migration : report.migrations) {
    auto& suite = suites.emplace_back(report::JunitSuite{migration.key, migration.file, {}});
    for (const auto& check : migration.checks) suite.cases.push_back({check.name, check.findings});
  }
  return report::to_junit(suites, name);
}

void write_text(std::ostream& out, const engine::VerifyReport& report) {
  report::TextTable table({"Key", "File", "Outcome"});
  std::map<std::string, int> counts;
  for (const auto& migration : report.migrations) {
    table.add_row({migration.key, migration.file, engine::to_string(migration.outcome)});
    ++counts[engine::to_string(migration.outcome)];
  }
  out << "verified on " << report.database << " (scratch, removed)\n";
  table.print(out);
  print_diagnostics(out, report.findings());
  out << counts["passed"] << " passed, " << counts["not reverted"] << " not reverted, "
      << counts["failed"] << " failed, " << counts["not run"] << " not run\n";
}

int run_verify(const ProjectOptions& options, const DatabaseOptions& db_options,
               const VerifyOptions& verify_options) {
  auto loaded = load(options, &db_options);
  if (model::has_errors(loaded.project.all_diagnostics())) {
    print_diagnostics(std::cerr, loaded.project.all_diagnostics());
    throw engine::InputError("the project has errors; fix them before verifying it");
  }
  std::optional<db::DatabaseUrl> server;
  if (db_options.url) server = db::parse_database_url(*db_options.url);
  if (!server && loaded.project.config.dialect == model::Dialect::postgresql)
    throw engine::InputError(
        "the project is for PostgreSQL: give --db postgresql://... naming a server where verify "
        "may create (and then drop) a scratch database");

  db::ScratchDatabase scratch(server);
  const auto report = engine::verify(scratch.connection(), *loaded.adapter, loaded.project);
  const auto findings = report.findings();
  const bool failed = fails(findings, verify_options.fail_on);

  const std::string format = options.json ? "json" : verify_options.format;
  if (format == "json")
    write_json(std::cout, loaded.project, report, !failed);
  else if (format == "junit")
    std::cout << to_junit(report, "polymigrate verify " + loaded.project.root.string());
  else if (format == "github")
    std::cout << report::to_github_annotations(findings);
  else if (format == "sarif")
    std::cout << report::to_sarif(findings, POLYMIGRATE_VERSION);
  else
    write_text(std::cout, report);
  return failed ? kFindings : kOk;
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "verify", "Apply, revert and re-apply every migration on a scratch database");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto verify_options = std::make_shared<VerifyOptions>();
  add_project_options(*command, *options);
  command->add_option("--db", db_options->url,
                      "PostgreSQL server to create the scratch database on (default: a SQLite "
                      "file in the temporary folder)");
  add_report_options(*command, verify_options->format, verify_options->fail_on);
  command->callback(
      [=, &exit_code] { exit_code = run_verify(*options, *db_options, *verify_options); });
}

}  // namespace pm::cli
