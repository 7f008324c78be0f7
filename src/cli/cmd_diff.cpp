// `polymigrate diff PROJECT [--db URL]`: drift, the schema the applied migrations build against
// the live schema (engine/drift.hpp). Exit 1 on drift, each difference listed.
#include <nlohmann/json.hpp>

#include "cli/command_context.hpp"
#include "engine/drift.hpp"
#include "schema/change_text.hpp"

namespace pm::cli {

namespace {

std::vector<std::string> change_texts(const engine::Drift& drift) {
  std::vector<std::string> out;
  for (const auto& op : drift.changes) out.push_back(schema::change_text(op, drift.live.dialect()));
  return out;
}

int run_diff(const ProjectOptions& options, const DatabaseOptions& db_options) {
  auto loaded = load(options, &db_options);
  auto database = open_database(db_options, loaded.project);
  const auto drift = engine::compute_drift(*database.connection, loaded);
  const int code = drift.drifted() ? kFindings : kOk;
  if (options.json) {
    std::cout << nlohmann::json{{"database", database.connection->display_url()},
                                {"framework", loaded.project.framework},
                                {"applied", drift.applied},
                                {"pending", drift.pending},
                                {"version_tables", drift.version_tables},
                                {"drift", drift.drifted()},
                                {"changes", change_texts(drift)},
                                {"differences", drift.differences},
                                {"unread_steps", drift.unread_steps}}
                     .dump(2)
              << "\n";
    return code;
  }
  std::cout << loaded.project.framework << " project " << loaded.project.root.string() << " on "
            << database.connection->display_url() << ": " << drift.applied.size()
            << " applied migrations replayed, " << drift.pending.size() << " pending\n";
  if (drift.unread_steps > 0)
    std::cerr << "polymigrate: " << drift.unread_steps
              << " steps of the applied migrations are SQL or code polymigrate does not read: "
                 "what they do is not in the replayed schema\n";
  print_diagnostics(std::cerr, drift.replay_diagnostics);
  if (!drift.drifted()) {
    std::cout << "no drift: the database holds what the applied migrations build\n";
    return code;
  }
  // The changes op by op; the comparison's sentences when no op says them (a difference the
  // diff cannot express).
  const auto changes = change_texts(drift);
  const auto& listed = changes.empty() ? drift.differences : changes;
  std::cout << "drift: " << listed.size() << (changes.empty() ? " differences" : " changes")
            << " in the database since its applied migrations:\n";
  for (const auto& line : listed) std::cout << "  " << line << "\n";
  return code;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "diff", "Drift: the applied migrations' schema against the live one (exit 1 on drift)");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->callback([=, &exit_code] { exit_code = run_diff(*options, *db_options); });
}

}  // namespace pm::cli
