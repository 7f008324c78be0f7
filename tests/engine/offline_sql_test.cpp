// polymigrate sql: the script printed without a database, run by hand on a new database, leaves
// it exactly where `up` would: every migration applied, the version table as the native tool
// keeps it, nothing pending. From a start (Alembic's START:END) it is the real Alembic's script.
#include <catch2/catch.hpp>
#include <sstream>

#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "engine/project_loader.hpp"
#include "sql/splitter.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/run_process.hpp"
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

namespace {

// A script's statements with comments dropped and whitespace runs made one space, for comparing
// two tools' scripts statement by statement. Two documented differences are taken out:
// polymigrate quotes the identifiers of the ops it renders ("ix_users_email", the same name as
// ix_users_email: every name here is lower case), and on SQLite Alembic's offline script has no
// BEGIN/COMMIT (its SQLite implementation sets transactional_ddl = False) where polymigrate prints
// the transactions it runs.
std::vector<std::string> statements_of(const std::string& script, model::Dialect dialect) {
  std::vector<std::string> out;
  for (const auto& statement : sql::split_statements(script, dialect).statements) {
    std::string text;
    std::istringstream lines(statement.text);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("--", 0) != 0) text += line + " ";
    std::string squeezed;
    for (char c : text) {
      if (c == '"') continue;
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (space && (squeezed.empty() || squeezed.back() == ' ')) continue;
      squeezed += space ? ' ' : c;
    }
    while (!squeezed.empty() && (squeezed.back() == ' ' || squeezed.back() == ';'))
      squeezed.pop_back();
    if (dialect == model::Dialect::sqlite && (squeezed == "BEGIN" || squeezed == "COMMIT"))
      continue;
    if (!squeezed.empty()) out.push_back(squeezed);
  }
  return out;
}

// `alembic upgrade RANGE --sql` by the real Alembic, on a copy of the fixture (Alembic writes
// __pycache__ next to the revision files).
std::string real_alembic_sql(const std::string& fixture, const std::string& range,
                             model::Dialect dialect) {
  test::TempDir dir;
  const auto project = dir.path() / "project";
  std::filesystem::copy(test::source_path(fixture), project,
                        std::filesystem::copy_options::recursive);
  // Offline, Alembic only takes the dialect from the URL; nothing connects.
  const std::string url = dialect == model::Dialect::sqlite
                              ? "sqlite:///offline.db"
                              : "postgresql://offline@localhost/offline";
  auto result = test::run_process("/usr/bin/python3",
                                  {"-m", "alembic", "-c", (project / "alembic.ini").string(), "-x",
                                   "url=" + url, "upgrade", range, "--sql"},
                                  project);
  INFO("alembic upgrade " << range << " --sql: " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

}  // namespace

TEST_CASE("polymigrate sql --to START:END is the real Alembic's upgrade START:END --sql",
          "[sql][cli][alembic]") {
  // (From base, polymigrate's script still differs from Alembic's in form: the version table is
  // created before BEGIN, and the ops' DDL is polymigrate's own rendering.)
  const std::string fixture = "fixtures/alembic/basic";
  for (auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    for (const std::string range :
         {"1a2b3c4d5e6f:3c4d5e6f7a8b", "1a2b:2b3c4d5e6f7a", "2b3c4d5e6f7a:head"}) {
      INFO(model::to_string(dialect) << " " << range);
      const auto ours = test::run_cli({"sql", test::source_path(fixture).string(), "--dialect",
                                       model::to_string(dialect), "--to", range});
      INFO(ours.err);
      REQUIRE(ours.exit_code == 0);
      CHECK(statements_of(ours.out, dialect) ==
            statements_of(real_alembic_sql(fixture, range, dialect), dialect));
    }
  }
}

TEST_CASE("polymigrate sql --to START:END, run by hand on a database at START, brings it to END",
          "[sql][cli][alembic]") {
  const auto fixture = test::source_path("fixtures/alembic/basic");
  test::TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "at-start.db").string();
  REQUIRE(test::run_cli({"up", fixture.string(), "--db", url, "--to", "1a2b3c4d5e6f"}).exit_code ==
          0);
  const auto printed = test::run_cli(
      {"sql", fixture.string(), "--dialect", "sqlite", "--to", "1a2b3c4d5e6f:2b3c4d5e6f7a"});
  INFO(printed.err);
  REQUIRE(printed.exit_code == 0);
  CHECK_THAT(printed.out, !Catch::Contains("CREATE TABLE alembic_version"));
  auto conn = db::open_connection(db::parse_database_url(url));
  for (const auto& statement :
       sql::split_statements(printed.out, model::Dialect::sqlite).statements)
    conn->exec_script(statement.text);
  const auto heads = conn->query("SELECT version_num FROM alembic_version");
  REQUIRE(heads.rows.size() == 1);
  CHECK(db::as_text(heads.rows[0][0]) == "2b3c4d5e6f7a");
  CHECK(conn->table_exists("", "posts"));
  CHECK(test::run_cli({"status", fixture.string(), "--db", url}).exit_code ==
        1);  // 3c4d5e6f7a8b pending
}

TEST_CASE("polymigrate sql: START:END is Alembic's syntax, refused for the other frameworks",
          "[sql][cli]") {
  const auto refused = test::run_cli({"sql", test::source_path("fixtures/flyway/basic").string(),
                                      "--dialect", "sqlite", "--to", "1:2"});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("Alembic's range syntax"));
  const auto unknown = test::run_cli({"sql", test::source_path("fixtures/alembic/basic").string(),
                                      "--dialect", "sqlite", "--to", "ffffffffffff:head"});
  CHECK(unknown.exit_code == 2);
  const auto half = test::run_cli({"sql", test::source_path("fixtures/alembic/basic").string(),
                                   "--dialect", "sqlite", "--to", ":head"});
  CHECK(half.exit_code == 2);
}
