// `polymigrate graph PROJECT --format dot|mermaid`: the history DAG for people.
#include "cli/command_context.hpp"
#include "report/graph.hpp"

namespace pm::cli {

void add_graph_command(CLI::App& app, int& exit_code) {
  auto* command =
      app.add_subcommand("graph", "Print the history as a Graphviz DOT or Mermaid graph");
  auto options = std::make_shared<ProjectOptions>();
  auto format = std::make_shared<std::string>("dot");
  add_project_options(*command, *options, false);
  command->add_option("--format", *format, "dot or mermaid")
      ->check(CLI::IsMember({"dot", "mermaid"}));
  command->callback([options, format, &exit_code] {
    auto loaded = load(*options);
    std::cout << (*format == "dot" ? report::to_dot(loaded.project.history)
                                   : report::to_mermaid(loaded.project.history));
    exit_code = kOk;
  });
}

}  // namespace pm::cli
