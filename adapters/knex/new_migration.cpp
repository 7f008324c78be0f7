#include "adapters/knex/new_migration.hpp"

#include <stdexcept>

#include "adapters/knex/js_text.hpp"
#include "adapters/knex/step_writer.hpp"
#include "adapters/project_files.hpp"
#include "schema/replay.hpp"
#include "sql/structured_script.hpp"

namespace pm::knex {

namespace {

namespace fs = std::filesystem;

std::string setting(const model::Project& project, const char* key) {
  auto it = project.config.settings.find(key);
  return it == project.config.settings.end() ? std::string() : it->second;
}

// A function of the stub for `ext`, with `body` (already indented by two spaces) inside.
std::string function_text(const std::string& ext, const char* name, const std::string& body) {
  if (ext == "ts")
    return "export async function " + std::string(name) + "(knex: Knex): Promise<void> {\n" + body +
           "}\n";
  if (ext == "mjs")
    return "export async function " + std::string(name) + "(knex) {\n" + body + "}\n";
  return "/**\n"
         " * @param { import(\"knex\").Knex } knex\n"
         " * @returns { Promise<void> }\n"
         " */\n"
         "exports." +
         std::string(name) + " = async function (knex) {\n" + body + "};\n";
}

}  // namespace

std::string new_migration_extension(const model::Project& project) {
  const std::string configured = setting(project, "extension");
  if (!configured.empty() && configured != "js") return configured;
  const bool typescript_knexfile = setting(project, "knexfile").ends_with(".ts");
  const auto& order = project.history.order();
  const bool typescript_migration =
      !order.empty() && project.history.migrations()[order.back()].key.ends_with(".ts");
  return typescript_knexfile || typescript_migration ? "ts" : "js";
}

std::vector<adapters::WrittenFile> knex_new_migration_files(
    const model::Project& project, model::Dialect dialect,
    const adapters::NewMigration& migration) {
  if (migration.merge)
    throw std::invalid_argument("Knex migrations are one line of files: there is no merge");
  // MigrationGenerator._getNewMigrationName: a leading '-' is dropped, the rest kept as given.
  std::string name = migration.name;
  if (!name.empty() && name.front() == '-') name.erase(0, 1);
  if (name.empty() || name.find_first_of("/\\") != std::string::npos)
    throw std::invalid_argument("'" + migration.name +
                                "' cannot be a Knex migration name: it must be one file name");
  // Knex writes an extension's first part ("ts-schema" -> .ts) with that stub.
  const std::string stub = new_migration_extension(project);
  const std::string ext = stub.substr(0, stub.find('-'));
  if (ext != "js" && ext != "cjs" && ext != "mjs" && ext != "ts")
    throw std::invalid_argument("the project's migrations.extension is '" + stub +
                                "': polymigrate writes Knex migrations in js, cjs, mjs or ts");
  if (project.config.locations.empty())
    throw std::invalid_argument("the Knex project has no migrations folder");
  // _getNewMigrationPath: the last configured directory.
  const auto folder =
      adapters::folder_in_project(project, fs::absolute(project.config.locations.back()));

  std::vector<std::string> existing;
  for (const auto& m : project.history.migrations()) existing.push_back(m.key);
  const std::string file =
      adapters::next_timestamp(migration.created, existing) + "_" + name + "." + ext;
  const std::string where = (folder / file).string();

  schema::SchemaState before =
      migration.before ? *migration.before : schema::replay_history(project.history, dialect).state;
  StepWriter up(dialect, before, where);
  for (const auto& note : migration.notes) up.comment("polymigrate: " + note);
  up.script(migration.up);
  schema::SchemaState after = before;
  for (const auto& step : sql::structured_script(migration.up, dialect, where))
    if (const auto* op = std::get_if<model::OpStep>(&step)) schema::apply_op(after, op->op);
  StepWriter down(dialect, after, where);
  if (migration.down)
    down.script(*migration.down);
  else if (!migration.down_note.empty())
    down.comment(migration.down_note);

  std::string source = ext == "ts" ? "import type { Knex } from \"knex\";\n\n" : "";
  source += function_text(ext, "up", up.body("  "));
  source += "\n" + function_text(ext, "down", down.body("  "));
  if (up.needs_no_transaction() || down.needs_no_transaction())
    source += ext == "js" || ext == "cjs" ? "\nexports.config = { transaction: false };\n"
                                          : "\nexport const config = { transaction: false };\n";
  return {{folder / file, source}};
}

}  // namespace pm::knex
