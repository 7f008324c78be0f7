// `polymigrate adopt TARGET --from SOURCE --db URL [--dry-run]`: after a convert, records in the
// target tool's version table every migration the source tool applied (engine/adopt.hpp).
#include <nlohmann/json.hpp>

#include "cli/command_context.hpp"
#include "engine/adopt.hpp"
#include "report/text_table.hpp"

namespace pm::cli {

namespace {

struct AdoptOptions {
  ProjectOptions source;
  bool dry_run = false;
};

std::string extras_text(const std::map<std::string, std::string>& extras) {
  std::string out;
  for (const auto& [key, value] : extras) out += (out.empty() ? "" : " ") + key + "=" + value;
  return out;
}

int run_adopt(const ProjectOptions& options, const DatabaseOptions& db_options,
              const AdoptOptions& adopt_options) {
  const auto target = load(options, &db_options);
  const auto source = load(adopt_options.source, &db_options);
  auto database = open_database(db_options, source.project);
  const auto result = engine::adopt(*database.connection, target, source, adopt_options.dry_run);

  if (options.json) {
    auto rows = nlohmann::json::array();
    for (const auto& row : result.rows)
      rows.push_back({{"key", row.key},
                      {"description", row.description},
                      {"checksum", row.checksum ? row.checksum->display() : ""},
                      {"extras", row.extras}});
    std::cout << nlohmann::json{{"database", database.connection->display_url()},
                                {"dry_run", adopt_options.dry_run},
                                {"source_table", result.source_table},
                                {"target_table", result.target_table},
                                {"adopted", result.adopted},
                                {"rows", rows}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  std::cout << (adopt_options.dry_run ? "would adopt " : "adopted ") << result.adopted.size()
            << " migrations from " << result.source_table << " into " << result.target_table
            << " on " << database.connection->display_url()
            << (adopt_options.dry_run ? " (dry run: nothing was written)" : "") << "\n";
  report::TextTable table({"key", "description", "checksum", "native columns"});
  for (const auto& row : result.rows)
    table.add_row({row.key, row.description, row.checksum ? row.checksum->display() : "",
                   extras_text(row.extras)});
  table.print(std::cout);
  std::cout << result.source_table << " is left in place.\n";
  return kOk;
}

}  // namespace

void add_adopt_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "adopt",
      "After a convert: record the source tool's applied migrations in the target's table");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto adopt_options = std::make_shared<AdoptOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->add_option("--from", adopt_options->source.path, "The project it was converted from")
      ->required();
  command->add_option("--from-framework", adopt_options->source.framework,
                      "Force the source project's framework");
  command->add_flag("--dry-run", adopt_options->dry_run,
                    "Print the rows adopt would write, and write nothing");
  command->callback(
      [=, &exit_code] { exit_code = run_adopt(*options, *db_options, *adopt_options); });
}

}  // namespace pm::cli
