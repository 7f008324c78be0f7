// `polymigrate inspect PROJECT [--json]`: the history in the common model.
#include "cli/command_context.hpp"
#include "report/json_report.hpp"
#include "report/text_table.hpp"

namespace pm::cli {

namespace {

std::string step_summary(const model::Script& script) {
  std::size_t ops = 0, sql = 0, opaque = 0;
  for (const auto& step : script) {
    switch (step.index()) {
      case 0:
        ++ops;
        break;
      case 1:
        ++sql;
        break;
      default:
        ++opaque;
        break;
    }
  }
  std::string out;
  auto add = [&](std::size_t n, const char* what) {
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(ops, "op");
  add(sql, "sql");
  add(opaque, "opaque");
  return out.empty() ? "empty" : out;
}

int run_inspect(const ProjectOptions& options) {
  auto loaded = load(options);
  const auto& project = loaded.project;
  if (options.json) {
    report::write_inspect_json(std::cout, project);
    return kOk;
  }
  std::cout << project.framework << " project at " << project.root.string() << ": "
            << project.history.size() << " migration(s)";
  const auto heads = project.history.heads();
  if (heads.size() > 1) {
    std::cout << ", " << heads.size() << " heads";
  }
  std::cout << "\n";
  report::TextTable table({"Key", "Kind", "Description", "File", "Checksum", "Down", "Steps"});
  for (std::size_t index : project.history.order()) {
    const auto& m = project.history.migrations()[index];
    table.add_row({m.key, model::to_string(m.kind), m.description, m.source.file,
                   m.checksum ? m.checksum->display() : "", m.down ? "yes" : "no",
                   step_summary(m.up)});
  }
  table.print(std::cout);
  print_diagnostics(std::cout, project.all_diagnostics());
  return kOk;
}

}  // namespace

void add_inspect_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("inspect", "Show the history in the common model");
  auto options = std::make_shared<ProjectOptions>();
  add_project_options(*command, *options);
  command->callback([options, &exit_code] { exit_code = run_inspect(*options); });
}

}  // namespace pm::cli
