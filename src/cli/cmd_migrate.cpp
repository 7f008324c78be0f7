// `polymigrate up|down PROJECT [--db URL] [--to TARGET] [--dry-run] [--delegate]`: move a
// database, under the native lock, one transaction per migration unless the framework does
// otherwise; with --delegate, the native tool runs what polymigrate could not translate.
#include <unistd.h>

#include <sstream>

#include "cli/command_context.hpp"
#include "engine/migrate.hpp"
#include "report/json_report.hpp"
#include "report/json_writer.hpp"

namespace pm::cli {

namespace {

struct MigrateOptions {
  std::optional<std::string> target;
  bool dry_run = false;
  bool delegate = false;
  std::string native_tool;  // the program and its leading arguments, split on spaces
};

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// A progress line on a terminal for long runs; nothing when stderr is a file or a pipe.
engine::RunOptions progress_options() {
  engine::RunOptions options;
  if (isatty(STDERR_FILENO)) {
    options.on_start = [](std::size_t index, std::size_t total, const model::Migration& m) {
      if (total < 20) return;
      std::cerr << "\r[" << index + 1 << "/" << total << "] " << m.key << "\033[K" << std::flush;
      if (index + 1 == total) std::cerr << "\r\033[K" << std::flush;
    };
  }
  return options;
}

int run_migrate(engine::Plan::Direction direction, const ProjectOptions& options,
                const DatabaseOptions& db_options, const MigrateOptions& migrate_options) {
  auto loaded = load(options, &db_options);
  auto database = open_database(db_options, loaded.project);
  engine::MigrateRequest request{direction, migrate_options.target, migrate_options.dry_run,
                                 progress_options()};
  if (migrate_options.delegate)
    request.run_options.delegate =
        adapters::NativeToolRequest{database.target.url, words_of(migrate_options.native_tool)};
  auto result = engine::migrate(*database.connection, *loaded.adapter, loaded.project, request);

  const bool up = direction == engine::Plan::Direction::up;
  const auto& failure = result.run.failure;
  if (options.json) {
    report::JsonWriter json(std::cout);
    json.begin_object()
        .field("database", database.connection->display_url())
        .field("direction", up ? "up" : "down")
        .field("dry_run", migrate_options.dry_run)
        .field("planned", result.plan.migrations.size());
    json.key("migrations").begin_array();
    for (const auto& run : result.run.completed)
      json.begin_object()
          .field("key", run.migration->key)
          .field("execution_ms", run.execution_ms)
          .field("delegated", run.delegated)
          .end_object();
    json.end_array().field("total_ms", result.run.total_ms);
    if (failure) {
      json.key("failure")
          .begin_object()
          .field("key", failure->migration->key)
          .field("file", failure->file)
          .field("line", failure->line)
          .field("message", failure->message)
          .field("rolled_back", failure->rolled_back)
          .field("delegated", failure->delegated)
          .end_object();
    } else {
      json.null_field("failure");
    }
    if (migrate_options.dry_run) json.field("sql", result.recorded_sql);
    json.key("warnings");
    report::write_diagnostics(json, result.warnings);
    json.end_object();
    return failure ? kDatabase : kOk;
  }

  print_diagnostics(std::cerr, result.warnings);  // what generated rollbacks cannot restore
  if (migrate_options.dry_run) {
    std::cout << "-- dry run on " << database.connection->display_url()
              << ": nothing was changed\n";
    for (const auto& statement : result.recorded_sql) std::cout << statement << "\n";
    return kOk;
  }
  for (const auto& run : result.run.completed)
    std::cout << (up ? "applied  " : "reverted ") << run.migration->key
              << (run.migration->description.empty() ? "" : " (" + run.migration->description + ")")
              << " in " << run.execution_ms << " ms"
              << (run.delegated ? " (by the native tool)" : "") << "\n";
  if (failure) {
    std::cerr
        << "polymigrate: migration " << failure->migration->key << " failed at " << failure->file
        << (failure->line > 0 ? ":" + std::to_string(failure->line) : std::string()) << ": "
        << failure->message << "\n"
        << (failure->delegated
                ? "polymigrate: the native tool ran it, in its own transaction if the "
                  "framework gives it one\n"
            : failure->rolled_back
                ? "polymigrate: its transaction was rolled back\n"
                : "polymigrate: it ran outside a transaction: the database may hold part of it\n");
    return kDatabase;
  }
  if (result.plan.migrations.empty())
    std::cout << database.connection->display_url() << " is already "
              << (up ? "up to date" : "at the target") << "\n";
  else
    std::cout << (up ? "applied " : "reverted ") << result.run.completed.size()
              << " migration(s) on " << database.connection->display_url() << " in "
              << result.run.total_ms << " ms\n";
  return kOk;
}

void add_migrate_command(CLI::App& app, int& exit_code, engine::Plan::Direction direction) {
  const bool up = direction == engine::Plan::Direction::up;
  auto* command = app.add_subcommand(
      up ? "up" : "down", up ? "Apply pending migrations (to --to TARGET, default: all)"
                             : "Revert applied migrations (to --to TARGET, default: the last one)");
  auto options = std::make_shared<ProjectOptions>();
  auto db_options = std::make_shared<DatabaseOptions>();
  auto migrate_options = std::make_shared<MigrateOptions>();
  add_project_options(*command, *options);
  add_database_options(*command, *db_options);
  command->add_option(
      "--to", migrate_options->target,
      up ? "Stop at this migration (key or unique prefix; 'latest')"
         : "Revert down to this migration, kept applied ('base' reverts everything)");
  command->add_flag("--dry-run", migrate_options->dry_run,
                    "Print the exact SQL, version-table writes included; change nothing");
  command->add_flag("--delegate", migrate_options->delegate,
                    "Run a migration holding code polymigrate could not translate with the native "
                    "tool (Alembic, Knex), for that migration alone");
  command->add_option("--native-tool", migrate_options->native_tool,
                      "The program --delegate runs, split on spaces: a Python with alembic "
                      "installed (default: the one of `alembic` in PATH, else python3), or the "
                      "Knex CLI (default: node_modules/.bin/knex from the project up, else knex)");
  command->callback([=, &exit_code] {
    exit_code = run_migrate(direction, *options, *db_options, *migrate_options);
  });
}

}  // namespace

void add_migrate_commands(CLI::App& app, int& exit_code) {
  add_migrate_command(app, exit_code, engine::Plan::Direction::up);
  add_migrate_command(app, exit_code, engine::Plan::Direction::down);
}

}  // namespace pm::cli
