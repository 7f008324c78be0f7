// `polymigrate lint PROJECT [--dialect postgresql|sqlite] [--format text|json|junit|github|sarif]
// [--fail-on error|warning]`: zero-downtime safety of every migration (additive, breaking or
// unknown), each finding with the expand/contract recipe for the project's framework.
// Exit 1 on error findings (or warnings with --fail-on warning), 0 otherwise.
#include "cli/command_context.hpp"
#include "lint/lint.hpp"
#include "lint/lint_config.hpp"
#include "report/findings_formats.hpp"
#include "report/lint_report.hpp"

namespace pm::cli {

namespace {

struct LintCommandOptions {
  std::optional<std::string> dialect;
  std::string format = "text";
  std::string fail_on = "error";
  bool list_rules = false;
};

int run_lint(const ProjectOptions& options, const LintCommandOptions& lint_options) {
  if (lint_options.list_rules) {
    report::write_rule_list(std::cout);
    return kOk;
  }
  std::optional<model::Dialect> flag;
  if (lint_options.dialect) {
    flag = model::parse_dialect(*lint_options.dialect);
    if (!flag)
      throw engine::InputError("--dialect " + *lint_options.dialect +
                               ": not a dialect (postgresql, sqlite)");
  }
  auto loaded = load(options, nullptr, flag);
  const lint::DialectChoice dialect = lint::choose_dialect(flag, loaded.project);
  // SQL is split by the dialect's rules (dollar quotes, CONCURRENTLY's no-transaction flag): a
  // project read before its dialect was known is read again for the one lint uses.
  if (!flag) loaded = load(options, nullptr, dialect.dialect);
  if (dialect.origin == "default")
    std::cerr << "polymigrate: the project names no database: linting for PostgreSQL (--dialect "
                 "sqlite to lint for SQLite)\n";
  const lint::LintConfig config = lint::read_lint_config(loaded.project.root);
  const lint::LintResult result =
      lint::lint_project(loaded.project, lint::LintOptions{dialect.dialect, config.disabled});

  const std::string root = loaded.project.root.string();
  const std::string chosen = options.json ? "json" : lint_options.format;
  if (chosen == "json") {
    report::write_lint_json(std::cout, result, root);
  } else if (chosen == "junit") {
    std::cout << report::to_junit(report::lint_junit_suites(result), "polymigrate lint " + root);
  } else if (chosen == "github") {
    std::cout << report::to_github_annotations(report::lint_annotations(result));
  } else if (chosen == "sarif") {
    std::cout << report::to_sarif(result.all_diagnostics(), POLYMIGRATE_VERSION,
                                  report::lint_rule_metadata(result));
  } else {
    report::write_lint_text(std::cout, result, root);
  }
  return fails(result.all_diagnostics(), lint_options.fail_on) ? kFindings : kOk;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "lint", "Zero-downtime safety: additive vs breaking, expand/contract advice");
  auto options = std::make_shared<ProjectOptions>();
  auto lint_options = std::make_shared<LintCommandOptions>();
  add_project_options(*command, *options);
  command->add_option("--dialect", lint_options->dialect,
                      "postgresql or sqlite (default: the project's, else postgresql)");
  add_report_options(*command, lint_options->format, lint_options->fail_on);
  command->add_flag("--list-rules", lint_options->list_rules,
                    "Print every rule's code, name, severity and summary");
  command->footer(
      "Rules are turned off per project in polymigrate.toml ([lint] disable = [\"PM501\", "
      "\"rename-column\"]) and per statement with a comment on its line or the line above: "
      "polymigrate:ignore PM502,rename-column");
  command->callback([=, &exit_code] { exit_code = run_lint(*options, *lint_options); });
}

}  // namespace pm::cli
