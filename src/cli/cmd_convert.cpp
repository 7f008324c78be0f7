// `polymigrate convert PROJECT --to FRAMEWORK --out DIR [--dialect D] [--force] [--allow-opaque]`:
// writes the project as a project of another framework, with polymigrate-map.json for `adopt`.
// Exit 1 when code polymigrate could not translate was carried as comments (unless
// --allow-opaque): the converted project stops there until someone translates it.
#include <nlohmann/json.hpp>

#include "cli/command_context.hpp"
#include "engine/convert.hpp"

namespace pm::cli {

namespace {

struct ConvertOptions {
  std::string to;
  std::string out;
  std::optional<std::string> dialect;
  bool force = false;
  bool allow_opaque = false;
};

nlohmann::json diagnostics_json(const model::Diagnostics& diagnostics) {
  auto out = nlohmann::json::array();
  for (const auto& d : diagnostics)
    out.push_back({{"code", d.code},
                   {"severity", model::to_string(d.severity)},
                   {"message", d.message},
                   {"file", d.file},
                   {"line", d.line}});
  return out;
}

int run_convert(const ProjectOptions& options, const ConvertOptions& convert_options) {
  const adapters::Adapter* target = adapters::find_adapter(convert_options.to);
  if (!target)
    throw engine::InputError("--to " + convert_options.to +
                             ": not a framework (alembic, flyway, knex, prisma)");
  std::optional<model::Dialect> dialect;
  if (convert_options.dialect) {
    dialect = model::parse_dialect(*convert_options.dialect);
    if (!dialect)
      throw engine::InputError("--dialect " + *convert_options.dialect +
                               ": not a dialect (postgresql, sqlite)");
  }

  auto load_options = adapters::LoadOptions::from_process_environment();
  load_options.environment = options.environment;
  if (options.config) load_options.config = *options.config;
  for (const auto& dir : options.directories) load_options.locations.emplace_back(dir);
  load_options.dialect = dialect;
  const auto source = engine::load_project(options.path, options.framework, load_options);
  if (!dialect) dialect = source.project.config.dialect;
  if (!dialect)
    throw engine::InputError("the " + source.project.framework +
                             " project does not say which database it is for: pass --dialect "
                             "postgresql or --dialect sqlite");

  engine::ConvertRequest request{target, *dialect, convert_options.out, convert_options.force};
  const auto result = engine::convert(source, request);
  const bool blocked = !result.untranslated.empty() && !convert_options.allow_opaque;

  if (options.json) {
    auto migrations = nlohmann::json::array();
    for (const auto& entry : result.map.entries)
      migrations.push_back({{"source_key", entry.source_key},
                            {"target_key", entry.target_key},
                            {"target_file", entry.target_file}});
    auto files = nlohmann::json::array();
    for (const auto& file : result.files) files.push_back(file.generic_string());
    std::cout << nlohmann::json{{"source", result.map.source_framework},
                                {"target", result.map.target_framework},
                                {"dialect", model::to_string(result.map.dialect)},
                                {"out", convert_options.out},
                                {"linearized", result.map.linearized},
                                {"migrations", migrations},
                                {"files", files},
                                {"untranslated", diagnostics_json(result.untranslated)},
                                {"notes", diagnostics_json(result.notes)}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "converted the " << result.map.source_framework << " project "
              << source.project.root.string() << " (" << result.map.entries.size()
              << " migrations) to " << result.map.target_framework << " for "
              << model::to_string(result.map.dialect) << " in " << convert_options.out << "\n";
    for (const auto& entry : result.map.entries)
      std::cout << "  " << entry.source_key << " -> " << entry.target_file << "\n";
    std::cout << "wrote " << result.files.size() << " files; the map for `polymigrate adopt` is "
              << engine::kConversionMapFile << "\n";
    print_diagnostics(std::cout, result.notes);
    if (!result.untranslated.empty()) {
      print_diagnostics(std::cerr, result.untranslated);
      std::cerr << "polymigrate: " << result.untranslated.size()
                << " step(s) could not be translated; the converted project stops at each until "
                   "it is translated by hand"
                << (blocked ? " (--allow-opaque accepts this)" : "") << "\n";
    }
  }
  return blocked ? kFindings : kOk;
}

}  // namespace

void add_convert_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "convert", "Write the project as a project of another framework, with a map for adopt");
  auto options = std::make_shared<ProjectOptions>();
  auto convert_options = std::make_shared<ConvertOptions>();
  add_project_options(*command, *options);
  command
      ->add_option("--to", convert_options->to, "Target framework: alembic, flyway, knex, prisma")
      ->required();
  command->add_option("--out", convert_options->out, "Output folder (created; must be empty)")
      ->required();
  command->add_option("--dialect", convert_options->dialect,
                      "postgresql or sqlite (default: the project's own database)");
  command->add_flag("--force", convert_options->force,
                    "Write into a non-empty folder, replacing files of the same names");
  command->add_flag("--allow-opaque", convert_options->allow_opaque,
                    "Exit 0 even when untranslated code was carried as comments");
  command->callback([=, &exit_code] { exit_code = run_convert(*options, *convert_options); });
}

}  // namespace pm::cli
