// `down` on a Prisma project, on SQLite and PostgreSQL: rollbacks generated from the schema
// replay bring the database back to empty, leave `_prisma_migrations` as Prisma expects for
// migrations that are no longer applied (no row of their name), warn about lost data, and a
// migration whose inverse cannot be known refuses the whole run before anything changes.
#include <catch2/catch.hpp>
#include <set>

#include "adapters/prisma/migrations_table.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "prisma/prisma_fixture.hpp"
#include "support/postgres_server.hpp"

using namespace pm;
using prisma::prisma_adapter;

namespace {

engine::MigrateRequest request(engine::Plan::Direction direction,
                               std::optional<std::string> target = std::nullopt,
                               bool dry_run = false) {
  return {direction, std::move(target), dry_run, {}};
}

std::set<std::string> tables(db::Connection& conn) {
  std::set<std::string> out;
  for (const auto& table : conn.introspect().tables) out.insert(table.name);
  return out;
}

std::vector<std::string> row_names(db::Connection& conn) {
  std::vector<std::string> out;
  for (const auto& record : prisma::read_migration_records(conn))
    out.push_back(record.migration_name);
  return out;
}

std::unique_ptr<db::Connection> open(model::Dialect dialect, const test::TempDir& dir) {
  if (dialect == model::Dialect::postgresql)
    return db::open_connection(db::parse_database_url(test::postgres_url()));
  return db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "t.db").string()));
}

void check_down_to_base(model::Dialect dialect) {
  test::TempDir dir;
  auto conn = open(dialect, dir);
  const auto root = test::copy_prisma_fixture("reshape", dir);
  const auto project = prisma_adapter().load(root, {});
  auto up = engine::migrate(*conn, prisma_adapter(), project, request(engine::Plan::Direction::up));
  REQUIRE_FALSE(up.run.failure);
  REQUIRE(up.run.completed.size() == 4);
  CHECK(tables(*conn) == std::set<std::string>{"Author", "Book", "_prisma_migrations"});

  // An earlier attempt of the last migration, failed and resolved as rolled back: Prisma's
  // status matches rows by name, so this row must go with the others for the migration to read
  // as not applied.
  conn->exec(
      "INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"migration_name\", \"logs\", "
      "\"rolled_back_at\", \"started_at\") VALUES ($1, $2, $3, $4, $5, $6)",
      {db::Value(std::string("00000000-0000-4000-8000-000000000000")), db::Value(std::string("x")),
       db::Value(std::string("20240304000000_drop_legacy")), db::Value(std::string("failed")),
       dialect == model::Dialect::sqlite ? db::Value(std::in_place_type<std::int64_t>, 1000)
                                         : db::Value(std::string("1970-01-01T00:00:01+00:00")),
       dialect == model::Dialect::sqlite ? db::Value(std::in_place_type<std::int64_t>, 1000)
                                         : db::Value(std::string("1970-01-01T00:00:01+00:00"))});

  // One step down: the dropped table comes back, empty, with a warning; its rows are gone.
  auto one =
      engine::migrate(*conn, prisma_adapter(), project, request(engine::Plan::Direction::down));
  REQUIRE_FALSE(one.run.failure);
  REQUIRE(one.run.completed.size() == 1);
  CHECK(one.run.completed[0].migration->key == "20240304000000_drop_legacy");
  REQUIRE(one.warnings.size() == 1);
  CHECK(one.warnings[0].code == "PM322");
  CHECK(one.warnings[0].file == "prisma/migrations/20240304000000_drop_legacy/migration.sql");
  CHECK(one.warnings[0].line == 8);
  CHECK_THAT(one.warnings[0].message, Catch::Contains("re-creates table Legacy"));
  CHECK(tables(*conn).count("Legacy") == 1);
  CHECK(row_names(*conn) == std::vector<std::string>{"20240301000000_init",
                                                     "20240302000000_drop_bio",
                                                     "20240303000000_isbn"});
  auto status = engine::read_status(*conn, prisma_adapter(), project);
  CHECK(status.count(engine::MigrationState::pending) == 1);
  CHECK(status.count(engine::MigrationState::applied) == 3);

  // Down to base: every table gone, every row gone; the bio column came back on the way.
  conn->exec_script("INSERT INTO \"Author\" (\"id\", \"name\") VALUES (1, 'Ann')");
  auto base = engine::migrate(*conn, prisma_adapter(), project,
                              request(engine::Plan::Direction::down, "base"));
  REQUIRE_FALSE(base.run.failure);
  CHECK(base.run.completed.size() == 3);
  bool bio_warning = false;
  for (const auto& warning : base.warnings)
    bio_warning =
        bio_warning || warning.message.find("re-adds column bio of Author") != std::string::npos;
  CHECK(bio_warning);
  CHECK(tables(*conn) == std::set<std::string>{"_prisma_migrations"});
  CHECK(row_names(*conn).empty());

  // And the history runs again from the start, as it would for `prisma migrate deploy`.
  auto again =
      engine::migrate(*conn, prisma_adapter(), project, request(engine::Plan::Direction::up));
  CHECK_FALSE(again.run.failure);
  CHECK(again.run.completed.size() == 4);
  CHECK(row_names(*conn).size() == 4);
}

void check_unknowable_refuses(model::Dialect dialect) {
  test::TempDir dir;
  auto conn = open(dialect, dir);
  const auto root = test::copy_prisma_fixture("reshape", dir);
  test::write_bytes(root / "prisma/migrations/20240305000000_seed/migration.sql",
                    "-- A data migration: nothing in the schema says how to undo it.\n"
                    "INSERT INTO \"Author\" (\"id\", \"name\") VALUES (1, 'Ann');\n");
  const auto project = prisma_adapter().load(root, {});
  REQUIRE(engine::migrate(*conn, prisma_adapter(), project, request(engine::Plan::Direction::up))
              .run.completed.size() == 5);
  const auto tables_before = tables(*conn);
  const auto rows_before = row_names(*conn);

  for (bool dry_run : {true, false}) {
    INFO("dry run " << dry_run);
    try {
      engine::migrate(*conn, prisma_adapter(), project,
                      request(engine::Plan::Direction::down, "base", dry_run));
      FAIL("down ran");
    } catch (const engine::RefusedError& e) {
      REQUIRE(e.findings().size() == 1);
      CHECK(e.findings()[0].code == "PM320");
      CHECK(e.findings()[0].file == "prisma/migrations/20240305000000_seed/migration.sql");
      CHECK(e.findings()[0].line == 2);
      CHECK_THAT(e.findings()[0].message,
                 Catch::Contains("20240305000000_seed") && Catch::Contains("a data change"));
    }
  }
  CHECK(tables(*conn) == tables_before);
  CHECK(row_names(*conn) == rows_before);
  CHECK(db::as_int(conn->query("SELECT count(*) FROM \"Author\"").rows.at(0).at(0)) == 1);

  // Down to the migration before it is refused too (it is reverted first); down to the seed
  // itself keeps it and reverts nothing that needs its inverse.
  CHECK_THROWS_AS(
      engine::migrate(*conn, prisma_adapter(), project,
                      request(engine::Plan::Direction::down, "20240304000000_drop_legacy")),
      engine::RefusedError);
  auto keep = engine::migrate(*conn, prisma_adapter(), project,
                              request(engine::Plan::Direction::down, "20240305000000_seed"));
  CHECK(keep.run.completed.empty());
}

}  // namespace

TEST_CASE("prisma down: generated rollbacks to base on SQLite", "[prisma][down]") {
  check_down_to_base(model::Dialect::sqlite);
}

TEST_CASE("prisma down: generated rollbacks to base on PostgreSQL", "[prisma][down][postgres]") {
  check_down_to_base(model::Dialect::postgresql);
}

TEST_CASE("prisma down: an unknowable inverse refuses before anything runs (SQLite)",
          "[prisma][down]") {
  check_unknowable_refuses(model::Dialect::sqlite);
}

TEST_CASE("prisma down: an unknowable inverse refuses before anything runs (PostgreSQL)",
          "[prisma][down][postgres]") {
  check_unknowable_refuses(model::Dialect::postgresql);
}

TEST_CASE("prisma down: the dry run prints the rollback in Prisma's layout and the row delete",
          "[prisma][down]") {
  test::TempDir dir;
  auto conn = open(model::Dialect::sqlite, dir);
  const auto root = test::copy_prisma_fixture("reshape", dir);
  const auto project = prisma_adapter().load(root, {});
  engine::migrate(*conn, prisma_adapter(), project, request(engine::Plan::Direction::up));
  auto dry = engine::migrate(*conn, prisma_adapter(), project,
                             request(engine::Plan::Direction::down, std::nullopt, true));
  std::string sql;
  for (const auto& statement : dry.recorded_sql) sql += statement + "\n";
  INFO(sql);
  CHECK_THAT(sql,
             Catch::Contains("/*\n  Warnings:\n\n  - rollback of '20240304000000_drop_legacy' "
                             "re-creates table Legacy") &&
                 Catch::Contains("BEGIN;\n") &&
                 Catch::Contains("-- CreateTable\nCREATE TABLE \"Legacy\"") &&
                 Catch::Contains("COMMIT;\n") &&
                 Catch::Contains("DELETE FROM \"_prisma_migrations\" WHERE \"migration_name\" = "
                                 "'20240304000000_drop_legacy'"));
  CHECK(tables(*conn).count("Legacy") == 0);
  CHECK(row_names(*conn).size() == 4);
}
