// `polymigrate stamp PROJECT REV... [--purge] [--db URL]`: Alembic's stamp. Writes the version
// table's head rows for the given revisions without running any migration.
#include <nlohmann/json.hpp>

#include "adapters/alembic/stamp.hpp"
#include "cli/command_context.hpp"

namespace pm::cli {

namespace {

struct StampOptions {
  std::vector<std::string> revisions;
  bool purge = false;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out.empty() ? "(base)" : out;
}

int run_stamp(const ProjectOptions& options, const DatabaseOptions& db_options,
              const StampOptions& stamp_options) {
  auto loaded = load(options, &db_options);
  if (loaded.project.framework != "alembic")
    throw engine::InputError("stamp is Alembic's command; " + loaded.project.framework +
                             " projects have no heads to stamp");
  auto database = open_database(db_options, loaded.project);
  auto result = alembic::stamp(*database.connection, loaded.project, stamp_options.revisions,
                               stamp_options.purge);
  if (options.json) {
    std::cout << nlohmann::json{{"database", database.connection->display_url()},
                                {"before", result.before},
                                {"after", result.after}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  std::cout << "stamped " << database.connection->display_url() << ": " << joined(result.before)
            << " -> " << joined(result.after) << "\n";
  return kOk;
}

}  // namespace

void add_stamp_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "stamp", "Alembic: set the version table's heads without running migrations");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto stamp_options = std::make_shared<StampOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command
      ->add_option("revisions", stamp_options->revisions,
                   "Revisions (head, heads, base, ids, label@head)")
      ->required();
  command->add_flag("--purge", stamp_options->purge, "Delete every row of the version table first");
  command->callback(
      [=, &exit_code] { exit_code = run_stamp(*options, *db_options, *stamp_options); });
}

}  // namespace pm::cli
