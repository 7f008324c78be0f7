#include "cli/command_context.hpp"

#include <cstdlib>

namespace pm::cli {

void add_project_options(CLI::App& command, ProjectOptions& options, bool with_json) {
  command.add_option("PROJECT", options.path, "Project folder (default: the current folder)");
  command.add_option("--framework", options.framework,
                     "Force the framework: flyway, prisma, alembic, knex");
  command.add_option("--environment,--env", options.environment,
                     "Configuration environment (Flyway [environments.X], Knex knexfile key)");
  command.add_option("--config", options.config, "An explicit config or schema file");
  command.add_option(
      "--dir", options.directories,
      "Migrations folder, repeatable (replaces the config's: Knex migrations.directory)");
  if (with_json)
    command.add_flag("--json", options.json, "Print JSON (see the README for the contract)");
}

void add_database_options(CLI::App& command, DatabaseOptions& options) {
  command.add_option(
      "--db", options.url,
      "Database URL: sqlite:FILE, sqlite::memory:, postgresql://user:pass@host:port/db, "
      "jdbc:... (default: DATABASE_URL, the project's own URL, else sqlite:polymigrate.db)");
}

engine::LoadedProject load(const ProjectOptions& options, const DatabaseOptions* database,
                           std::optional<model::Dialect> dialect, bool steps) {
  auto load_options = adapters::LoadOptions::from_process_environment();
  load_options.environment = options.environment;
  if (options.config) load_options.config = *options.config;
  for (const auto& dir : options.directories) load_options.locations.emplace_back(dir);
  // The database the command will use, when it is named before the project is read.
  std::optional<std::string> url = database ? database->url : std::nullopt;
  if (!url)
    if (auto env = load_options.env.find("DATABASE_URL"); env != load_options.env.end())
      url = env->second;
  if (url) {
    try {
      load_options.dialect = db::parse_database_url(*url).dialect;
    } catch (const std::exception&) {
      // open_database reports the bad URL, after the project's own errors.
    }
  }
  if (dialect) load_options.dialect = dialect;
  load_options.steps = steps;
  return engine::load_project(options.path, options.framework, load_options);
}

OpenDatabase open_database(const DatabaseOptions& options, const model::Project& project) {
  std::optional<std::string> env_url;
  if (const char* value = std::getenv("DATABASE_URL")) env_url = value;
  OpenDatabase out{engine::resolve_database(options.url, env_url, project), nullptr};
  if (out.target.origin == "default")
    std::cerr << "polymigrate: no --db, no DATABASE_URL and no URL in the project: using the "
                 "SQLite file ./"
              << engine::kDefaultDatabaseFile << "\n";
  out.connection = db::open_connection(out.target.url);
  return out;
}

void print_diagnostics(std::ostream& out, const model::Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) out << model::format(d) << "\n";
}

void add_report_options(CLI::App& command, std::string& format, std::string& fail_on) {
  command.add_option("--format", format, "text, json, junit, github or sarif")
      ->check(CLI::IsMember({"text", "json", "junit", "github", "sarif"}));
  command
      .add_option("--fail-on", fail_on,
                  "error (default) or warning: the lowest severity that exits 1")
      ->check(CLI::IsMember({"error", "warning"}));
}

bool fails(const model::Diagnostics& findings, const std::string& fail_on) {
  return model::has_at_least(
      findings, fail_on == "warning" ? model::Severity::warning : model::Severity::error);
}

}  // namespace pm::cli
