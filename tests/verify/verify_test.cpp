// verify: every migration applied, reverted and applied again on a scratch database. A rollback
// that forgets part of its migration is caught in each framework, on SQLite and PostgreSQL; the
// fixtures' own rollbacks pass; the scratch database is gone afterwards.
#include "engine/verify.hpp"

#include <catch2/catch.hpp>

#include "db/scratch_database.hpp"
#include "engine/project_loader.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;
using Outcome = engine::VerifiedMigration::Outcome;

namespace {

// Migration 1 creates `accounts`; migration 2 creates `notes` and an index on `accounts`. Its
// rollback drops `notes` and, when `complete`, the index too.
void write_project(const test::TempDir& dir, const std::string& framework, model::Dialect dialect,
                   bool complete) {
  const bool pg = dialect == model::Dialect::postgresql;
  const std::string forgotten = complete ? "DROP INDEX accounts_name_idx;\n" : "";
  if (framework == "flyway") {
    dir.write("flyway.conf", "flyway.locations=filesystem:sql\n");
    dir.write("sql/V1__accounts.sql",
              "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);\n");
    dir.write("sql/U1__accounts.sql", "DROP TABLE accounts;\n");
    dir.write("sql/V2__notes.sql",
              "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
              "CREATE INDEX accounts_name_idx ON accounts (name);\n");
    dir.write("sql/U2__notes.sql", "DROP TABLE notes;\n" + forgotten);
  } else if (framework == "prisma") {
    dir.write("prisma/schema.prisma", std::string("datasource db {\n  provider = \"") +
                                          (pg ? "postgresql" : "sqlite") +
                                          "\"\n  url = env(\"DATABASE_URL\")\n}\n");
    dir.write("prisma/migrations/20240101000000_accounts/migration.sql",
              "CREATE TABLE \"accounts\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT);\n");
    dir.write("prisma/migrations/20240102000000_notes/migration.sql",
              "CREATE TABLE \"notes\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"body\" TEXT);\n"
              "CREATE INDEX \"accounts_name_idx\" ON \"accounts\"(\"name\");\n");
    dir.write("prisma/migrations/20240102000000_notes/down.sql",
              "DROP TABLE \"notes\";\n" + forgotten);
  } else if (framework == "alembic") {
    dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/alembic\n");
    const std::string header = "from alembic import op\nimport sqlalchemy as sa\n\n";
    dir.write(
        "alembic/versions/aaaaaaaaaaaa_accounts.py",
        header +
            "revision = 'aaaaaaaaaaaa'\ndown_revision = None\n\n\ndef upgrade():\n"
            "    op.create_table('accounts', sa.Column('id', sa.Integer(), primary_key=True),\n"
            "                    sa.Column('name', sa.Text()))\n\n\n"
            "def downgrade():\n    op.drop_table('accounts')\n");
    dir.write(
        "alembic/versions/bbbbbbbbbbbb_notes.py",
        header +
            "revision = 'bbbbbbbbbbbb'\ndown_revision = 'aaaaaaaaaaaa'\n\n\ndef upgrade():\n"
            "    op.create_table('notes', sa.Column('id', sa.Integer(), primary_key=True),\n"
            "                    sa.Column('body', sa.Text()))\n"
            "    op.create_index('accounts_name_idx', 'accounts', ['name'])\n\n\n"
            "def downgrade():\n    op.drop_table('notes')\n" +
            (complete ? "    op.drop_index('accounts_name_idx', table_name='accounts')\n" : ""));
  } else {
    dir.write("knexfile.js", std::string("module.exports = {\n  client: '") +
                                 (pg ? "pg" : "sqlite3") +
                                 "',\n  migrations: { directory: './migrations' },\n};\n");
    dir.write("migrations/20240101000000_accounts.js",
              "exports.up = (knex) => knex.schema.createTable('accounts', (t) => {\n"
              "  t.integer('id').primary();\n  t.text('name');\n});\n"
              "exports.down = (knex) => knex.schema.dropTable('accounts');\n");
    dir.write("migrations/20240102000000_notes.js",
              "exports.up = async (knex) => {\n"
              "  await knex.schema.createTable('notes', (t) => {\n"
              "    t.integer('id').primary();\n    t.text('body');\n  });\n"
              "  await knex.schema.alterTable('accounts', (t) => {\n"
              "    t.index(['name'], 'accounts_name_idx');\n  });\n};\n"
              "exports.down = async (knex) => {\n"
              "  await knex.schema.dropTable('notes');\n" +
                  std::string(complete ? "  await knex.schema.alterTable('accounts', (t) => {\n"
                                         "    t.dropIndex(['name'], 'accounts_name_idx');\n  });\n"
                                       : "") +
                  "};\n");
  }
}

engine::VerifyReport verify(const fs::path& root, const std::string& framework,
                            model::Dialect dialect) {
  adapters::LoadOptions options;
  options.dialect = dialect;
  const auto loaded = engine::load_project(root, framework, options);
  REQUIRE_FALSE(model::has_errors(loaded.project.all_diagnostics()));
  std::optional<db::DatabaseUrl> server;
  if (dialect == model::Dialect::postgresql)
    server = db::parse_database_url(test::postgres_url(false));
  db::ScratchDatabase scratch(server);
  return engine::verify(scratch.connection(), *loaded.adapter, loaded.project);
}

std::string findings_text(const engine::VerifyReport& report) {
  std::string text;
  for (const auto& finding : report.findings()) text += model::format(finding) + "\n";
  return text;
}

void check_forgotten_index_is_caught(model::Dialect dialect) {
  for (const std::string framework : {"flyway", "prisma", "alembic", "knex"}) {
    DYNAMIC_SECTION(framework) {
      test::TempDir wrong;
      write_project(wrong, framework, dialect, false);
      const auto report = verify(wrong.path(), framework, dialect);
      INFO(findings_text(report));
      REQUIRE(report.migrations.size() == 2);
      CHECK(report.migrations[0].outcome == Outcome::passed);
      CHECK(report.migrations[1].outcome == Outcome::failed);
      const auto findings = report.findings();
      REQUIRE(findings.size() == 1);
      CHECK(findings[0].code == "PM601");
      CHECK_THAT(findings[0].message, Catch::Contains("accounts_name_idx"));
      CHECK_THAT(findings[0].message, Catch::Contains("after its rollback"));

      test::TempDir right;
      write_project(right, framework, dialect, true);
      const auto fixed = verify(right.path(), framework, dialect);
      INFO(findings_text(fixed));
      CHECK(fixed.findings().empty());
      REQUIRE(fixed.migrations.size() == 2);
      CHECK(fixed.migrations[1].outcome == Outcome::passed);
    }
  }
}

}  // namespace

TEST_CASE("verify catches a rollback that forgets part of its migration, on SQLite", "[verify]") {
  check_forgotten_index_is_caught(model::Dialect::sqlite);
}

TEST_CASE("verify catches a rollback that forgets part of its migration, on PostgreSQL",
          "[verify][postgres]") {
  check_forgotten_index_is_caught(model::Dialect::postgresql);
}

TEST_CASE("verify: a migration that cannot run again after its rollback", "[verify]") {
  // The rollback keeps the row the migration inserted: the schema is restored, the data is not.
  test::TempDir dir;
  dir.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  dir.write("sql/V1__accounts.sql", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);\n");
  dir.write("sql/U1__accounts.sql", "DROP TABLE accounts;\n");
  dir.write("sql/V2__admin.sql", "INSERT INTO accounts (id, name) VALUES (1, 'admin');\n");
  dir.write("sql/U2__admin.sql", "UPDATE accounts SET name = 'gone' WHERE id = 1;\n");
  dir.write("sql/V3__later.sql", "CREATE TABLE later (id INTEGER);\n");
  const auto report = verify(dir.path(), "flyway", model::Dialect::sqlite);
  INFO(findings_text(report));
  REQUIRE(report.migrations.size() == 3);
  CHECK(report.migrations[1].outcome == Outcome::failed);
  CHECK(report.migrations[2].outcome == Outcome::not_run);  // it builds on what failed
  const auto findings = report.findings();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "PM605");
  CHECK(findings[0].file == "sql/V2__admin.sql");
  CHECK(findings[0].line == 1);
  CHECK_THAT(findings[0].message, Catch::Contains("unique", Catch::CaseSensitive::No));
}

TEST_CASE("verify: a migration without a rollback is applied and left, with a warning",
          "[verify]") {
  const auto report =
      verify(test::source_path("fixtures/flyway/basic"), "flyway", model::Dialect::sqlite);
  INFO(findings_text(report));
  std::map<std::string, Outcome> outcomes;
  for (const auto& migration : report.migrations) outcomes[migration.key] = migration.outcome;
  CHECK(outcomes["1"] == Outcome::not_reverted);    // no U1
  CHECK(outcomes["1.1"] == Outcome::passed);        // U1.1 restores the schema
  CHECK(outcomes["2"] == Outcome::not_reverted);    // no U2
  CHECK(outcomes["user view"] == Outcome::passed);  // repeatable: never reverted
  CHECK_FALSE(model::has_errors(report.findings()));
  for (const auto& finding : report.findings()) CHECK(finding.code == "PM603");
}

TEST_CASE("verify: the fixtures' rollbacks restore their schemas", "[verify]") {
  const std::pair<const char*, const char*> fixtures[] = {{"prisma", "fixtures/prisma/basic"},
                                                          {"alembic", "fixtures/alembic/basic"},
                                                          {"alembic", "fixtures/alembic/branched"},
                                                          {"knex", "fixtures/knex/basic"}};
  for (const auto& [framework, fixture] : fixtures) {
    DYNAMIC_SECTION(fixture) {
      const auto report = verify(test::source_path(fixture), framework, model::Dialect::sqlite);
      INFO(findings_text(report));
      CHECK(report.findings().empty());
      for (const auto& migration : report.migrations) CHECK(migration.outcome == Outcome::passed);
    }
  }
}

TEST_CASE("verify on PostgreSQL creates a scratch database and drops it", "[verify][postgres]") {
  const auto server = db::parse_database_url(test::postgres_url(false));
  std::string name;
  {
    db::ScratchDatabase scratch(server);
    name = scratch.url().database;
    CHECK(name.rfind("polymigrate_verify_", 0) == 0);
    CHECK(name != server.database);
  }
  auto admin = db::open_connection(server);
  const auto rows =
      admin->query("SELECT count(*) FROM pg_database WHERE datname = $1", {db::Value(name)});
  CHECK(db::as_int(rows.rows.at(0).at(0)) == 0);
}

TEST_CASE("polymigrate verify: formats, exit codes, and the scratch file removed",
          "[verify][cli]") {
  test::TempDir dir;
  write_project(dir, "flyway", model::Dialect::sqlite, false);
  const auto text = test::run_cli({"verify", dir.path().string()});
  CHECK(text.exit_code == 1);
  CHECK_THAT(text.out, Catch::Contains("PM601"));
  CHECK_THAT(text.out, Catch::Contains("1 passed, 0 not reverted, 1 failed, 0 not run"));

  const auto json = test::run_cli({"verify", dir.path().string(), "--format", "json"});
  CHECK(json.exit_code == 1);
  CHECK_THAT(json.out, Catch::Contains("\"outcome\": \"failed\""));
  const auto marker = std::string("\"database\": \"");
  const auto at = json.out.find(marker);
  REQUIRE(at != std::string::npos);
  const auto url = json.out.substr(at + marker.size(),
                                   json.out.find('"', at + marker.size()) - at - marker.size());
  CHECK_FALSE(fs::exists(db::parse_database_url(url).path));

  const auto junit = test::run_cli({"verify", dir.path().string(), "--format", "junit"});
  CHECK(junit.exit_code == 1);
  CHECK_THAT(junit.out, Catch::Contains("<testsuite name=\"2\""));
  CHECK_THAT(junit.out, Catch::Contains("restores the schema"));
  CHECK_THAT(junit.out, Catch::Contains("<failure"));

  const auto fixture = test::source_path("fixtures/flyway/basic").string();
  CHECK(test::run_cli({"verify", fixture}).exit_code == 0);  // PM603 warnings only
  CHECK(test::run_cli({"verify", fixture, "--fail-on", "warning"}).exit_code == 1);
  const auto github = test::run_cli({"verify", fixture, "--format", "github"});
  CHECK_THAT(github.out, Catch::Contains("::warning file=sql/V1__create_users.sql"));
}
