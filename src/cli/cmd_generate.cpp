// `polymigrate generate PROJECT --name NAME [--db URL | --from-db URL --to-db URL]
// [--rename OLD:NEW]...`: the drift of a database (or the difference between two databases) as
// a new migration in the project's own format, up and down (engine/generate.hpp).
#include <ctime>
#include <nlohmann/json.hpp>

#include "cli/command_context.hpp"
#include "engine/drift.hpp"
#include "engine/generate.hpp"
#include "engine/new_migration.hpp"

namespace pm::cli {

namespace {

struct GenerateOptions {
  std::string name;
  std::optional<std::string> from_db;
  std::optional<std::string> to_db;
  std::vector<std::string> renames;
};

int run_generate(const ProjectOptions& options, const DatabaseOptions& db_options,
                 const GenerateOptions& generate) {
  if (generate.from_db.has_value() != generate.to_db.has_value())
    throw engine::InputError("--from-db and --to-db go together");
  if (generate.from_db && db_options.url)
    throw engine::InputError("give --db, or --from-db with --to-db, not both");
  std::vector<engine::Rename> renames;
  for (const auto& text : generate.renames) renames.push_back(engine::parse_rename(text));

  const DatabaseOptions& first = generate.from_db ? DatabaseOptions{generate.from_db} : db_options;
  auto loaded = load(options, &first);
  auto database = open_database(first, loaded.project);
  const model::Dialect dialect = database.connection->dialect();
  std::string source;
  schema::SchemaState from(dialect), to(dialect);
  if (generate.from_db) {
    auto other = open_database(DatabaseOptions{generate.to_db}, loaded.project);
    if (other.connection->dialect() != dialect)
      throw engine::InputError("--from-db is " + std::string(model::to_string(dialect)) +
                               " and --to-db " + model::to_string(other.connection->dialect()) +
                               ": a migration is for one dialect");
    const auto kept = loaded.adapter->version_table(loaded.project, dialect)->kept_tables();
    from = engine::live_schema(*database.connection, kept);
    to = engine::live_schema(*other.connection, kept);
    source = "the difference from " + database.connection->display_url() + " to " +
             other.connection->display_url();
  } else {
    const auto drift = engine::compute_drift(*database.connection, loaded);
    if (!drift.pending.empty())
      throw engine::InputError(
          std::to_string(drift.pending.size()) + " migrations are not applied on " +
          database.connection->display_url() + " (first: " + drift.pending.front() +
          "): apply them first, the new migration comes after them");
    from = drift.expected;
    to = drift.live;
    source = "the drift of " + database.connection->display_url();
  }

  const auto change = engine::schema_change(from, to, renames);
  if (change.empty()) {
    if (options.json)
      std::cout << nlohmann::json{{"files", nlohmann::json::array()}, {"notes", {}}}.dump(2)
                << "\n";
    else
      std::cout << "no difference in " << source << ": nothing generated\n";
    return kOk;
  }
  auto migration = engine::generated_migration(generate.name, change, from);
  migration.created = std::time(nullptr);
  migration.notes.insert(migration.notes.begin(), "generated from " + source + ".");
  const auto files = engine::add_migration(loaded, dialect, migration);
  if (options.json) {
    auto list = nlohmann::json::array();
    for (const auto& file : files) list.push_back(file.generic_string());
    std::cout << nlohmann::json{{"files", list},
                                {"up_ops", change.up.size()},
                                {"down_ops", change.down.size()},
                                {"offered_renames", change.offered_renames}}
                     .dump(2)
              << "\n";
    return kOk;
  }
  for (const auto& file : files)
    std::cout << "created " << (loaded.project.root / file).string() << "\n";
  std::cout << change.up.size() << " up steps, " << change.down.size() << " down steps\n";
  for (const auto& rename : change.offered_renames) std::cerr << "polymigrate: " << rename << "\n";
  if (!generate.from_db)
    std::cerr << "polymigrate: the database already holds this change; the migration is pending "
                 "on it until recorded as applied\n";
  return kOk;
}

}  // namespace

void add_generate_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "generate", "Write a database's drift (or two databases' difference) as a new migration");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto generate = std::make_shared<GenerateOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->add_option("--name", generate->name, "The migration's name or message")->required();
  command->add_option("--from-db", generate->from_db, "The database as the migration finds it");
  command->add_option("--to-db", generate->to_db, "The database as the migration leaves it");
  command->add_option("--rename", generate->renames,
                      "OLD:NEW or TABLE.OLD:NEW: a rename, not a drop and an add (repeatable)");
  command->callback(
      [=, &exit_code] { exit_code = run_generate(*options, *db_options, *generate); });
}

}  // namespace pm::cli
