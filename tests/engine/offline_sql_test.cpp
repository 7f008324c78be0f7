// polymigrate sql: the script printed without a database, run by hand on a new database, leaves
// it exactly where `up` would: every migration applied, the version table as the native tool
// keeps it, nothing pending.
#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "engine/project_loader.hpp"
#include "sql/splitter.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;

namespace {

// Runs `printed` (a script polymigrate wrote) by hand on a new database: the project is then up to
// date there.
void script_migrates(const test::CliResult& printed, const std::string& framework,
                     const std::string& fixture, model::Dialect dialect) {
  INFO(fixture << " on " << model::to_string(dialect));
  INFO(printed.err);
  REQUIRE(printed.exit_code == 0);

  test::TempDir dir;
  const std::string url = dialect == model::Dialect::sqlite
                              ? "sqlite:" + (dir.path() / "by-hand.db").string()
                              : test::postgres_url();
  auto conn = db::open_connection(db::parse_database_url(url));
  // One statement at a time, as `psql -f` and `sqlite3 < script` run a file (a whole file in one
  // call would be one implicit transaction on PostgreSQL, where CONCURRENTLY cannot run).
  for (const auto& statement : sql::split_statements(printed.out, dialect).statements)
    conn->exec_script(statement.text);

  adapters::LoadOptions options;
  options.dialect = dialect;
  const auto loaded = engine::load_project(test::source_path(fixture), framework, options);
  const auto status = engine::read_status(*conn, *loaded.adapter, loaded.project);
  CHECK(status.up_to_date());
  CHECK(status.count(engine::MigrationState::applied) == loaded.project.history.size());
  engine::MigrateRequest up;
  CHECK(engine::migrate(*conn, *loaded.adapter, loaded.project, up).plan.migrations.empty());
}

void offline_script_migrates(const std::string& framework, const std::string& fixture,
                             model::Dialect dialect) {
  script_migrates(test::run_cli({"sql", test::source_path(fixture).string(), "--dialect",
                                 model::to_string(dialect)}),
                  framework, fixture, dialect);
}

}  // namespace

TEST_CASE("polymigrate sql: the offline script, run by hand, migrates a new SQLite database",
          "[sql][cli]") {
  offline_script_migrates("flyway", "fixtures/flyway/basic", model::Dialect::sqlite);
  offline_script_migrates("alembic", "fixtures/alembic/branched", model::Dialect::sqlite);
  offline_script_migrates("prisma", "fixtures/prisma/basic", model::Dialect::sqlite);
  offline_script_migrates("knex", "fixtures/knex/basic", model::Dialect::sqlite);
}

TEST_CASE("polymigrate sql: the offline script, run by hand, migrates a new PostgreSQL database",
          "[sql][cli][postgres]") {
  offline_script_migrates("flyway", "fixtures/flyway/postgresql", model::Dialect::postgresql);
  offline_script_migrates("alembic", "fixtures/alembic/basic", model::Dialect::postgresql);
  // (fixtures/prisma/postgresql fails on purpose: a BOM PostgreSQL rejects, see its README)
  offline_script_migrates("prisma", "fixtures/prisma/basic", model::Dialect::postgresql);
  offline_script_migrates("knex", "fixtures/knex/basic", model::Dialect::postgresql);
}

TEST_CASE("polymigrate sql: --to stops the script, and a project without a dialect is refused",
          "[sql][cli]") {
  const auto fixture = test::source_path("fixtures/flyway/basic").string();
  const auto upto = test::run_cli({"sql", fixture, "--dialect", "sqlite", "--to", "1.1"});
  REQUIRE(upto.exit_code == 0);
  CHECK_THAT(upto.out, Catch::Contains("V1.1__add_email.sql"));
  CHECK_THAT(upto.out, !Catch::Contains("V2__orders.sql"));
  const auto refused = test::run_cli({"sql", fixture});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("--dialect"));
}

TEST_CASE("up --dry-run on a new database changes nothing and prints the whole script",
          "[sql][cli]") {
  // The version table's CREATE is only recorded: what reads it afterwards must not need it.
  for (const auto& [framework, fixture] :
       std::vector<std::pair<std::string, std::string>>{{"flyway", "fixtures/flyway/basic"},
                                                        {"knex", "fixtures/knex/basic"},
                                                        {"alembic", "fixtures/alembic/basic"},
                                                        {"prisma", "fixtures/prisma/basic"}}) {
    test::TempDir dir;
    const auto file = dir.path() / "new.db";
    const auto dry = test::run_cli({"up", test::source_path(fixture).string(), "--db",
                                    "sqlite:" + file.string(), "--dry-run"});
    auto conn = db::open_connection(db::parse_database_url("sqlite:" + file.string()));
    CHECK(conn->introspect().tables.empty());
    script_migrates(dry, framework, fixture, model::Dialect::sqlite);
  }
}
