// adopt: a database migrated by the source tool is recorded in the converted project's version
// table, and the target then sees every applied migration as applied; refusals change nothing.
#include "engine/adopt.hpp"

#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "engine/convert.hpp"
#include "engine/migrate.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

struct Adoption {
  test::TempDir dir;
  model::Dialect dialect;
  engine::LoadedProject source;
  engine::LoadedProject target;
  std::unique_ptr<db::Connection> conn;

  Adoption(const char* framework, const char* fixture, const char* to, model::Dialect d)
      : dialect(d) {
    adapters::LoadOptions options;
    options.dialect = dialect;
    source = engine::load_project(test::source_path(fixture), framework, options);
    engine::convert(source, {adapters::find_adapter(to), dialect, dir.path() / "out", false});
    target = engine::load_project(dir.path() / "out", std::string(to), options);
    conn = db::open_connection(db::parse_database_url(
        dialect == model::Dialect::sqlite ? "sqlite:" + (dir.path() / "db.sqlite").string()
                                          : test::postgres_url()));
  }

  void source_up(std::optional<std::string> target_key = std::nullopt) {
    engine::MigrateRequest request;
    request.target = std::move(target_key);
    REQUIRE_FALSE(engine::migrate(*conn, *source.adapter, source.project, request).run.failure);
  }
  engine::StatusReport target_status() {
    return engine::read_status(*conn, *target.adapter, target.project);
  }
  bool target_table_exists() {
    return target.adapter->version_table(target.project, dialect)->exists(*conn);
  }
};

// adopt, with the findings in the failure message when it refuses.
engine::AdoptResult adopt(Adoption& a, bool dry_run) {
  try {
    return engine::adopt(*a.conn, a.target, a.source, dry_run);
  } catch (const engine::RefusedError& error) {
    std::string findings;
    for (const auto& finding : error.findings()) findings += "\n" + model::format(finding);
    FAIL(error.what() << findings);
    throw;
  }
}

std::vector<std::string> codes(const engine::RefusedError& error) {
  std::vector<std::string> out;
  for (const auto& finding : error.findings()) out.push_back(finding.code);
  return out;
}

void adopts_everything(const char* framework, const char* fixture, const char* to,
                       model::Dialect dialect) {
  INFO(fixture << " -> " << to << " on " << model::to_string(dialect));
  Adoption a(framework, fixture, to, dialect);
  a.source_up();
  REQUIRE(a.target_status().count(engine::MigrationState::pending) ==
          a.target.project.history.size());

  // A dry run shows the rows and leaves no table behind.
  const auto dry = adopt(a, true);
  CHECK(dry.adopted.size() == a.target.project.history.size());
  CHECK_FALSE(dry.rows.empty());
  CHECK_FALSE(a.target_table_exists());

  const auto done = adopt(a, false);
  CHECK(done.adopted == dry.adopted);
  CHECK(a.target_status().up_to_date());
  // The target runs nothing more, and the source table is still there.
  engine::MigrateRequest up;
  CHECK(engine::migrate(*a.conn, *a.target.adapter, a.target.project, up).plan.migrations.empty());
  CHECK(a.source.adapter->version_table(a.source.project, dialect)->exists(*a.conn));

  // A second adopt finds the target table written: PM414, nothing changed.
  try {
    engine::adopt(*a.conn, a.target, a.source, false);
    FAIL("adopted twice");
  } catch (const engine::RefusedError& error) {
    CHECK(codes(error) == std::vector<std::string>{"PM414"});
  }
}

}  // namespace

TEST_CASE("adopt: Knex -> Flyway and Alembic -> Prisma on SQLite", "[convert][adopt]") {
  adopts_everything("knex", "fixtures/knex/basic", "flyway", model::Dialect::sqlite);
  adopts_everything("alembic", "fixtures/alembic/branched", "prisma", model::Dialect::sqlite);
}

TEST_CASE("adopt: Prisma -> Flyway, Knex -> Flyway and Alembic -> Prisma on PostgreSQL",
          "[convert][adopt][postgres]") {
  adopts_everything("prisma", "fixtures/prisma/basic", "flyway", model::Dialect::postgresql);
  adopts_everything("knex", "fixtures/knex/basic", "flyway", model::Dialect::postgresql);
  adopts_everything("alembic", "fixtures/alembic/branched", "prisma", model::Dialect::postgresql);
}

TEST_CASE("adopt: Flyway -> Alembic and Flyway -> Knex on SQLite", "[convert][adopt]") {
  adopts_everything("flyway", "fixtures/flyway/basic", "alembic", model::Dialect::sqlite);
  adopts_everything("flyway", "fixtures/flyway/basic", "knex", model::Dialect::sqlite);
}

TEST_CASE("adopt: Flyway -> Alembic on PostgreSQL", "[convert][adopt][postgres]") {
  adopts_everything("flyway", "fixtures/flyway/postgresql", "alembic", model::Dialect::postgresql);
}

TEST_CASE("adopt: part of a history is adopted, the rest stays pending", "[convert][adopt]") {
  Adoption a("flyway", "fixtures/flyway/basic", "prisma", model::Dialect::sqlite);
  const auto& order = a.source.project.history.order();
  const std::string second = a.source.project.history.migrations()[order[1]].key;
  a.source_up(second);
  const auto done = adopt(a, false);
  CHECK(done.adopted.size() == 2);
  const auto status = a.target_status();
  CHECK(status.count(engine::MigrationState::applied) == 2);
  CHECK(status.count(engine::MigrationState::pending) == a.target.project.history.size() - 2);
}

TEST_CASE("adopt refuses a database that differs from the history, and changes nothing",
          "[convert][adopt]") {
  Adoption a("knex", "fixtures/knex/basic", "flyway", model::Dialect::sqlite);
  a.source_up();
  a.conn->exec("ALTER TABLE users ADD COLUMN added_by_hand TEXT");
  try {
    engine::adopt(*a.conn, a.target, a.source, false);
    FAIL("adopted a drifted database");
  } catch (const engine::RefusedError& error) {
    REQUIRE(codes(error) == std::vector<std::string>{"PM413"});
    CHECK_THAT(error.findings().front().message, Catch::Contains("added_by_hand"));
  }
  CHECK_FALSE(a.target_table_exists());
}

TEST_CASE("adopt refuses a failed source migration and a map of another project",
          "[convert][adopt]") {
  Adoption a("flyway", "fixtures/flyway/basic", "prisma", model::Dialect::sqlite);
  a.source_up();
  a.conn->exec(
      "UPDATE flyway_schema_history SET success = 0 WHERE installed_rank = "
      "(SELECT MAX(installed_rank) FROM flyway_schema_history)");
  try {
    engine::adopt(*a.conn, a.target, a.source, false);
    FAIL("adopted a failed migration");
  } catch (const engine::RefusedError& error) {
    CHECK(codes(error).front() == "PM201");
  }
  CHECK_FALSE(a.target_table_exists());

  adapters::LoadOptions options;
  const auto other =
      engine::load_project(test::source_path("fixtures/prisma/basic"), "prisma", options);
  CHECK_THROWS_AS(engine::adopt(*a.conn, a.target, other, false), engine::InputError);
}
