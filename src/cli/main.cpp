// polymigrate command line: parses arguments, calls the library, prints the result.
// Exit codes: 0 ok; 1 findings; 2 usage or input error; 3 database error.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/command_context.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"

int main(int argc, char** argv) {
  using namespace pm;
  CLI::App app{
      "polymigrate: read, check, convert and run the migration histories of Flyway, Prisma, "
      "Alembic and Knex through one model",
      "polymigrate"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("polymigrate ") + POLYMIGRATE_VERSION);

  int exit_code = cli::kOk;
  cli::add_scan_command(app, exit_code);
  cli::add_inspect_command(app, exit_code);
  cli::add_graph_command(app, exit_code);
  cli::add_status_command(app, exit_code);
  cli::add_validate_command(app, exit_code);
  cli::add_migrate_commands(app, exit_code);
  cli::add_resolve_command(app, exit_code);
  cli::add_stamp_command(app, exit_code);
  cli::add_repair_commands(app, exit_code);
  cli::add_unlock_command(app, exit_code);
  cli::add_convert_command(app, exit_code);
  cli::add_adopt_command(app, exit_code);
  cli::add_verify_command(app, exit_code);
  cli::add_lint_command(app, exit_code);
  cli::add_new_command(app, exit_code);
  cli::add_diff_command(app, exit_code);
  cli::add_generate_command(app, exit_code);
  cli::add_sql_command(app, exit_code);
  cli::add_plan_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? cli::kOk : cli::kUsage;
  } catch (const engine::RefusedError& e) {
    std::cerr << "polymigrate: " << e.what() << "\n";
    cli::print_diagnostics(std::cerr, e.findings());
    return cli::kFindings;
  } catch (const db::DatabaseError& e) {
    std::cerr << "polymigrate: database error: " << db::mask_passwords(e.what()) << "\n";
    return cli::kDatabase;
  } catch (const std::exception& e) {
    // Input errors, URL errors, parts not built yet: all the user's to act on.
    std::cerr << "polymigrate: " << db::mask_passwords(e.what()) << "\n";
    return cli::kUsage;
  }
  return exit_code;
}
