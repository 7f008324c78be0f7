// What every command shares: the options common to all, loading the project, opening the
// database (saying which one when it is the default), and printing findings.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "engine/database_target.hpp"
#include "engine/project_loader.hpp"

namespace pm::cli {

// Exit codes of DESIGN.md.
enum ExitCode : int { kOk = 0, kFindings = 1, kUsage = 2, kDatabase = 3 };

struct ProjectOptions {
  std::string path = ".";
  std::optional<std::string> framework;
  std::optional<std::string> environment;
  std::optional<std::string> config;
  std::vector<std::string> directories;  // --dir
  bool json = false;
};

struct DatabaseOptions {
  std::optional<std::string> url;
};

// Adds PROJECT, --framework, --environment, --config and --json to a subcommand.
void add_project_options(CLI::App& command, ProjectOptions& options, bool with_json = true);
void add_database_options(CLI::App& command, DatabaseOptions& options);

// Reads the project; with `database`, for the dialect of the database it names (or DATABASE_URL);
// `dialect` (a command's --dialect) wins over both. `steps` false: the command uses no
// migration's steps (see adapters::LoadOptions::steps).
engine::LoadedProject load(const ProjectOptions& options, const DatabaseOptions* database = nullptr,
                           std::optional<model::Dialect> dialect = std::nullopt, bool steps = true);

struct OpenDatabase {
  engine::DatabaseTarget target;
  std::unique_ptr<db::Connection> connection;
};
// Opens the database; says on stderr which file it uses when it falls back to the default.
OpenDatabase open_database(const DatabaseOptions& options, const model::Project& project);

void print_diagnostics(std::ostream& out, const model::Diagnostics& diagnostics);

// The CI outputs of validate, lint and verify: --format text|json|junit|github|sarif, and
// --fail-on error|warning, the lowest severity that exits 1.
void add_report_options(CLI::App& command, std::string& format, std::string& fail_on);
bool fails(const model::Diagnostics& findings, const std::string& fail_on);

// Every command registers itself with a function of this shape; `exit_code` receives its result.
using CommandAdder = void (*)(CLI::App& app, int& exit_code);

void add_scan_command(CLI::App& app, int& exit_code);
void add_inspect_command(CLI::App& app, int& exit_code);
void add_graph_command(CLI::App& app, int& exit_code);
void add_status_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_migrate_commands(CLI::App& app, int& exit_code);  // up, down
void add_resolve_command(CLI::App& app, int& exit_code);   // resolve --applied | --rolled-back
void add_stamp_command(CLI::App& app, int& exit_code);     // Alembic's stamp
void add_repair_commands(CLI::App& app, int& exit_code);   // Flyway's repair and baseline
void add_unlock_command(CLI::App& app, int& exit_code);    // Knex's migrate:unlock
void add_convert_command(CLI::App& app, int& exit_code);
void add_adopt_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_lint_command(CLI::App& app, int& exit_code);
void add_new_command(CLI::App& app, int& exit_code);
void add_diff_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_sql_command(CLI::App& app, int& exit_code);
void add_plan_command(CLI::App& app, int& exit_code);

}  // namespace pm::cli
