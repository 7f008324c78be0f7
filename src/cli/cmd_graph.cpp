// `polymigrate graph PROJECT --format dot|mermaid [--db URL]`: the history DAG for people; with
// --db, applied migrations filled green and pending ones orange.
#include <unordered_set>

#include "cli/command_context.hpp"
#include "engine/migrate.hpp"
#include "report/graph.hpp"

namespace pm::cli {

void add_graph_command(CLI::App& app, int& exit_code) {
  auto* command =
      app.add_subcommand("graph", "Print the history as a Graphviz DOT or Mermaid graph");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto format = std::make_shared<std::string>("dot");
  add_project_options(*command, *options, false);
  command->add_option("--format", *format, "dot or mermaid")
      ->check(CLI::IsMember({"dot", "mermaid"}));
  command->add_option("--db", db_options->url,
                      "Colour applied (green) and pending (orange) migrations from this database");
  command->callback([options, db_options, format, &exit_code] {
    auto loaded = load(*options, db_options->url ? db_options.get() : nullptr);
    std::optional<std::unordered_set<std::string>> applied;
    if (db_options->url) {
      auto database = open_database(*db_options, loaded.project);
      const auto status =
          engine::read_status(*database.connection, *loaded.adapter, loaded.project);
      applied = loaded.adapter->applied_keys(loaded.project.history, status.rows);
    }
    const auto* keys = applied ? &*applied : nullptr;
    std::cout << (*format == "dot" ? report::to_dot(loaded.project.history, keys)
                                   : report::to_mermaid(loaded.project.history, keys));
    exit_code = kOk;
  });
}

}  // namespace pm::cli
