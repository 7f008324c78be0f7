// `polymigrate new PROJECT NAME [--sql FILE] [--merge]`: a new migration in the project's own
// format and naming, with an empty up and down for the user to write, or the SQL of FILE and the
// down generated from it where polymigrate understands it (engine/new_migration.hpp).
#include <ctime>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli/command_context.hpp"
#include "engine/new_migration.hpp"

namespace pm::cli {

namespace {

struct NewOptions {
  std::string name;
  std::optional<std::string> sql_file;
  std::optional<std::string> dialect;
  bool merge = false;
};

int run_new(const ProjectOptions& options, const NewOptions& new_options) {
  auto loaded = load(options);
  std::optional<model::Dialect> dialect = loaded.project.config.dialect;
  if (new_options.dialect) {
    dialect = model::parse_dialect(*new_options.dialect);
    if (!dialect) throw engine::InputError("--dialect " + *new_options.dialect + " is not known");
  }
  adapters::NewMigration migration;
  migration.name = new_options.name;
  migration.created = std::time(nullptr);
  migration.merge = new_options.merge;
  migration.down_note = "Write the down here: polymigrate leaves it to you.";
  if (new_options.sql_file) {
    std::ifstream in(*new_options.sql_file, std::ios::binary);
    if (!in) throw engine::InputError("cannot read " + *new_options.sql_file);
    const std::string sql(std::istreambuf_iterator<char>(in), {});
    engine::use_sql(migration, loaded, dialect.value_or(model::Dialect::sqlite), sql,
                    *new_options.sql_file);
  }
  const auto files =
      engine::add_migration(loaded, dialect.value_or(model::Dialect::sqlite), migration);
  if (options.json) {
    auto list = nlohmann::json::array();
    for (const auto& file : files) list.push_back(file.generic_string());
    std::cout << nlohmann::json{{"framework", loaded.project.framework},
                                {"root", loaded.project.root.string()},
                                {"files", list},
                                {"notes", migration.notes}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  for (const auto& file : files)
    std::cout << "created " << (loaded.project.root / file).string() << "\n";
  for (const auto& note : migration.notes) std::cerr << "polymigrate: " << note << "\n";
  return kOk;
}

}  // namespace

void add_new_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "new", "Create a migration (up and down) in the project's own format and naming");
  auto options = std::make_shared<ProjectOptions>();
  auto new_options = std::make_shared<NewOptions>();
  add_project_options(*command, *options);
  command->add_option("NAME", new_options->name, "The migration's name or message")->required();
  command->add_option("--sql", new_options->sql_file,
                      "Start from this SQL file (its down is generated where polymigrate "
                      "understands it)");
  command->add_flag("--merge", new_options->merge, "Alembic: a merge revision of every head");
  command->add_option("--dialect", new_options->dialect,
                      "sqlite or postgresql, for rendering (default: the project's database)");
  command->callback([=, &exit_code] { exit_code = run_new(*options, *new_options); });
}

}  // namespace pm::cli
