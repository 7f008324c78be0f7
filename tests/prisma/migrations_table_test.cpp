// `_prisma_migrations` on SQLite and PostgreSQL: the engine's DDL, the rows `migrate deploy`
// and `migrate resolve` write (every column but ids and times compared with what Prisma writes),
// rows written by real Prisma read back and classified, P3005, P3009.
#include "adapters/prisma/migrations_table.hpp"

#include <catch2/catch.hpp>
#include <regex>

#include "adapters/prisma/checksum.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "adapters/prisma/user_facing_errors.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "prisma/prisma_fixture.hpp"
#include "support/postgres_server.hpp"

using namespace pm;
using prisma::prisma_adapter;

namespace {

const engine::MigrateRequest kUp{engine::Plan::Direction::up, std::nullopt, false, {}};

struct Row {
  std::string id, checksum, migration_name;
  bool finished = false, rolled_back = false;
  std::optional<std::string> logs;
  std::int64_t applied_steps_count = 0;
};

std::vector<Row> rows(db::Connection& conn) {
  std::vector<Row> out;
  for (const auto& r : prisma::read_migration_records(conn))
    out.push_back({r.id, r.checksum, r.migration_name, r.finished_at.has_value(),
                   r.rolled_back_at.has_value(), r.logs, r.applied_steps_count});
  return out;
}

std::unique_ptr<db::Connection> open(model::Dialect dialect, const test::TempDir& dir) {
  if (dialect == model::Dialect::postgresql)
    return db::open_connection(db::parse_database_url(test::postgres_url()));
  return db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "t.db").string()));
}

const char* fixture_for(model::Dialect dialect) {
  return dialect == model::Dialect::sqlite ? "sqlite" : "postgresql";
}

// The migration that fails in each fixture history (see fixtures/prisma/README.md).
std::string failing_migration(model::Dialect dialect) {
  return dialect == model::Dialect::sqlite ? "20240204090000_backfill_titles"
                                           : "20240202110000_add_tags";
}

void check_ddl(db::Connection& conn) {
  prisma::PrismaMigrationsTable table(conn.dialect(), "0_init");
  table.ensure(conn);
  REQUIRE(table.exists(conn));
  if (conn.dialect() == model::Dialect::sqlite) {
    // SQLite keeps the CREATE TABLE text as sent, up to the closing parenthesis.
    auto text =
        db::as_text(conn.query("SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'")
                        .rows.at(0)
                        .at(0));
    std::string expected(prisma::migrations_table_ddl(model::Dialect::sqlite));
    CHECK(*text == expected.substr(0, expected.rfind(')') + 1));
  } else {
    auto columns = conn.query(
        "SELECT column_name, data_type, is_nullable, column_default, character_maximum_length FROM "
        "information_schema.columns WHERE table_name = '_prisma_migrations' AND table_schema = "
        "current_schema() "
        "ORDER BY ordinal_position");
    std::vector<std::string> got;
    for (const auto& c : columns.rows)
      got.push_back(*db::as_text(c[0]) + " " + *db::as_text(c[1]) + " " + *db::as_text(c[2]) + " " +
                    db::as_text(c[3]).value_or("-") + " " + db::as_text(c[4]).value_or("-"));
    CHECK(got == std::vector<std::string>{
                     "id character varying NO - 36", "checksum character varying NO - 64",
                     "finished_at timestamp with time zone YES - -",
                     "migration_name character varying NO - 255", "logs text YES - -",
                     "rolled_back_at timestamp with time zone YES - -",
                     "started_at timestamp with time zone NO now() -",
                     "applied_steps_count integer NO 0 -"});
    CHECK(db::as_text(conn.query("SELECT conname FROM pg_constraint WHERE conrelid = "
                                 "'_prisma_migrations'::regclass")
                          .rows.at(0)
                          .at(0)) == "_prisma_migrations_pkey");
  }
}

void check_life_cycle(db::Connection& conn) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture(fixture_for(conn.dialect()), dir);
  auto project = prisma_adapter().load(root, {});
  const std::string failing = failing_migration(conn.dialect());

  auto result = engine::migrate(conn, prisma_adapter(), project, kUp);
  REQUIRE(result.run.failure);
  CHECK(result.run.failure->migration->key == failing);

  const std::regex uuid_v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  auto table = rows(conn);
  REQUIRE(table.size() == result.run.completed.size() + 1);
  for (std::size_t i = 0; i < result.run.completed.size(); ++i) {
    const auto& migration = *result.run.completed[i].migration;
    INFO(migration.key);
    CHECK(std::regex_match(table[i].id, uuid_v4));
    CHECK(table[i].migration_name == migration.key);
    CHECK(table[i].checksum == migration.checksum->text);
    CHECK(table[i].finished);
    CHECK_FALSE(table[i].rolled_back);
    CHECK_FALSE(table[i].logs);                // NULL, not ''
    CHECK(table[i].applied_steps_count == 1);  // record_successful_step once
  }
  const auto& failed = table.back();
  CHECK(failed.migration_name == failing);
  CHECK_FALSE(failed.finished);
  CHECK_FALSE(failed.rolled_back);
  CHECK(failed.applied_steps_count == 0);
  REQUIRE(failed.logs);
  CHECK_THAT(
      *failed.logs,
      Catch::StartsWith("A migration failed to apply. New migrations cannot be applied before "
                        "the error is recovered from.") &&
          Catch::Contains("Migration name: " + failing));

  // A failed row blocks the next run with P3009, before anything runs.
  try {
    engine::migrate(conn, prisma_adapter(), project, kUp);
    FAIL("no refusal");
  } catch (const engine::RefusedError& e) {
    REQUIRE(e.findings().size() == 1);
    CHECK_THAT(
        e.findings()[0].message,
        Catch::StartsWith(
            "P3009: migrate found failed migrations in the target database, new migrations will "
            "not be applied.") &&
            Catch::Contains("The `" + failing + "` migration started at ") &&
            Catch::Contains(" UTC failed with the following logs:\nA migration failed to apply."));
  }
  CHECK(rows(conn).size() == table.size());
  auto status = engine::read_status(conn, prisma_adapter(), project);
  CHECK(status.count(engine::MigrationState::failed) == 1);

  // resolve --rolled-back: the failed row is kept, marked; the migration is pending again.
  auto version_table = prisma_adapter().version_table(project, conn.dialect());
  version_table->resolve(conn, project, adapters::ResolveAction::mark_rolled_back, failing);
  auto after_rollback = rows(conn);
  REQUIRE(after_rollback.size() == table.size());
  CHECK(after_rollback.back().rolled_back);
  CHECK_FALSE(after_rollback.back().finished);
  status = engine::read_status(conn, prisma_adapter(), project);
  CHECK(status.count(engine::MigrationState::failed) == 0);
  CHECK(status.count(engine::MigrationState::pending) >= 1);
  // Again: the engine finds no row left to mark and does nothing (P3012 only when every row of
  // the name finished).
  CHECK_NOTHROW(
      version_table->resolve(conn, project, adapters::ResolveAction::mark_rolled_back, failing));
  CHECK(rows(conn).size() == table.size());
  CHECK_THROWS_WITH(
      version_table->resolve(conn, project, adapters::ResolveAction::mark_rolled_back,
                             result.run.completed.front().migration->key),
      Catch::StartsWith("P3012: Migration `" + result.run.completed.front().migration->key +
                        "` cannot be rolled back because it is not in a failed state."));

  // Fails again (same file): a second failed row, the first one stays rolled back.
  engine::migrate(conn, prisma_adapter(), project, kUp);
  CHECK(rows(conn).size() == table.size() + 1);

  // resolve --applied: the new failed row is marked rolled back and a row is inserted with
  // logs '', started_at = finished_at, applied_steps_count 0.
  version_table->resolve(conn, project, adapters::ResolveAction::mark_applied, failing);
  auto resolved = rows(conn);
  REQUIRE(resolved.size() == table.size() + 2);
  CHECK(resolved[resolved.size() - 2].rolled_back);
  const auto& marked = resolved.back();
  CHECK(std::regex_match(marked.id, uuid_v4));
  CHECK(marked.migration_name == failing);
  CHECK(marked.checksum == project.history.find(failing)->checksum->text);
  CHECK(marked.finished);
  CHECK_FALSE(marked.rolled_back);
  CHECK(marked.logs == std::optional<std::string>(""));
  CHECK(marked.applied_steps_count == 0);
  CHECK_THROWS_WITH(
      version_table->resolve(conn, project, adapters::ResolveAction::mark_applied, failing),
      "P3008: The migration `" + failing + "` is already recorded as applied in the database.");
  CHECK_THROWS_WITH(
      version_table->resolve(conn, project, adapters::ResolveAction::mark_applied, "nope"),
      Catch::StartsWith("P3017: The migration nope could not be found."));
  CHECK_THROWS_WITH(
      version_table->resolve(conn, project, adapters::ResolveAction::mark_rolled_back, "nope"),
      Catch::StartsWith(
          "P3011: Migration `nope` cannot be rolled back because it was never applied"));

  // The rest of the history now runs.
  status = engine::read_status(conn, prisma_adapter(), project);
  CHECK(status.count(engine::MigrationState::failed) == 0);
  auto rest = engine::migrate(conn, prisma_adapter(), project, kUp);
  if (conn.dialect() == model::Dialect::postgresql) {
    // add_tags never ran on PostgreSQL (the BOM): tag_names needs its table, so this fails too.
    REQUIRE(rest.run.failure);
    CHECK(rest.run.failure->migration->key == "20240203120000_tag_names");
  } else {
    CHECK_FALSE(rest.run.failure);
    CHECK(engine::read_status(conn, prisma_adapter(), project).up_to_date());
  }
}

// Rows as Prisma writes them, inserted by hand: what polymigrate reads must match the engine.
void check_classification(db::Connection& conn) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture(fixture_for(conn.dialect()), dir);
  auto project = prisma_adapter().load(root, {});
  prisma::PrismaMigrationsTable table(conn.dialect(), "0_init");
  table.ensure(conn);
  const auto sum = [&](const char* key) { return project.history.find(key)->checksum->text; };
  const std::string init_script =
      std::get<model::SqlStep>(project.history.find("0_init")->up[0]).text;
  const bool sqlite = conn.dialect() == model::Dialect::sqlite;
  // SQLite: the native engine binds times as Unix milliseconds; PostgreSQL: TIMESTAMPTZ.
  auto t = [&](const char* iso, std::int64_t ms) {
    return sqlite ? db::Value(std::in_place_type<std::int64_t>, ms) : db::Value(std::string(iso));
  };
  auto insert = [&](const std::string& id, const std::string& checksum,
                    std::optional<db::Value> finished, const std::string& name,
                    std::optional<std::string> logs, std::optional<db::Value> rolled_back,
                    db::Value started, std::int64_t steps) {
    std::vector<db::Value> params;
    params.emplace_back(id);
    params.emplace_back(checksum);
    params.push_back(finished ? *finished : db::Value(db::Null{}));
    params.emplace_back(name);
    params.push_back(logs ? db::Value(*logs) : db::Value(db::Null{}));
    params.push_back(rolled_back ? *rolled_back : db::Value(db::Null{}));
    params.push_back(started);
    params.emplace_back(std::in_place_type<std::int64_t>, steps);
    conn.exec(
        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, "
        "rolled_back_at, "
        "started_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        params);
  };
  // 0_init baselined by `resolve --applied` long ago, with a legacy unpadded checksum.
  const std::string legacy = prisma::render_checksum_legacy(init_script);
  REQUIRE(legacy.size() < 64);
  insert("0d1f3a52-7b6e-4c1e-9a7d-3f1c2b4e5a60", legacy,
         t("2021-03-01T10:00:00.000+00:00", 1614592800000), "0_init", std::string(), std::nullopt,
         t("2021-03-01T10:00:00.000+00:00", 1614592800000), 0);
  // add_posts applied normally, but the file on disk is CRLF and the row has the LF checksum.
  std::string lf =
      std::get<model::SqlStep>(project.history.find("20240201100000_add_posts")->up[0]).text;
  for (std::size_t at; (at = lf.find("\r\n")) != std::string::npos;) lf.replace(at, 2, "\n");
  insert("5b0c8f0e-3f2a-4d7b-8e41-6a2d9c1f7b33", prisma::render_checksum(lf),
         t("2024-02-01T10:00:01.250+00:00", 1706781601250), "20240201100000_add_posts",
         std::nullopt, std::nullopt, t("2024-02-01T10:00:00.500+00:00", 1706781600500), 1);
  // add_tags failed once, was resolved --rolled-back, then applied.
  insert("9c2e4a71-1d5b-4f08-b3c6-2e7a9d0f4c15", sum("20240202110000_add_tags"), std::nullopt,
         "20240202110000_add_tags", std::string("Database error: boom"),
         t("2024-02-02T12:00:00+00:00", 1706875200000),
         t("2024-02-02T11:00:00+00:00", 1706871600000), 0);
  insert("e1a7c3b9-6f42-4a8d-9e05-7c3b1d2f8a96", sum("20240202110000_add_tags"),
         t("2024-02-02T12:30:01+00:00", 1706877001000), "20240202110000_add_tags", std::nullopt,
         std::nullopt, t("2024-02-02T12:30:00+00:00", 1706877000000), 1);
  // tag_names: edited after it was applied.
  insert("3f9b2d7e-8c41-4e6a-a2d5-1b7c9e0f3a48", prisma::render_checksum("-- the old text\n"),
         t("2024-02-03T12:00:01+00:00", 1706961601000), "20240203120000_tag_names", std::nullopt,
         std::nullopt, t("2024-02-03T12:00:00+00:00", 1706961600000), 1);
  // A migration the folder no longer has, rolled back (deploy ignores it; status lists it).
  insert("7a5d1c3e-2b9f-4d60-8e17-4c2a6f9b0d31", prisma::render_checksum("x"), std::nullopt,
         "20230101000000_gone", std::string("err"), t("2023-01-01T01:00:00+00:00", 1672534800000),
         t("2023-01-01T00:00:00+00:00", 1672531200000), 0);

  auto status = engine::read_status(conn, prisma_adapter(), project);
  std::map<std::string, std::string> states;
  for (const auto& e : status.entries)
    states[e.migration ? e.migration->key : e.row->key] = engine::to_string(e.state);
  CHECK(states.at("0_init") == "applied");                    // legacy checksum accepted
  CHECK(states.at("20240201100000_add_posts") == "applied");  // CRLF vs LF accepted
  CHECK(states.at("20240202110000_add_tags") == "applied");   // the rolled-back row does not count
  CHECK(states.at("20240203120000_tag_names") == "changed");  // "modified after it was applied"
  CHECK(states.at("20230101000000_gone") == "missing");
  if (sqlite) CHECK(states.at("20240204090000_backfill_titles") == "pending");

  // Rows in the engine's order (started_at), times as chrono shows them (P3009's "started at").
  auto applied = table.read(conn);
  REQUIRE(applied.size() == 6);
  CHECK(applied.at(0).extras.at("started_at") == "2021-03-01 10:00:00 UTC");
  CHECK(applied.at(1).key == "20230101000000_gone");
  CHECK(applied.at(1).extras.at("state") == "rolled_back");
  CHECK(applied.at(2).extras.at("finished_at") == "2024-02-01 10:00:01.250 UTC");
  CHECK(applied.at(2).execution_ms == 750);
  CHECK(applied.at(2).extras.at("state") == "applied");
  CHECK(applied.at(3).extras.at("state") == "rolled_back");
  CHECK(applied.at(4).extras.at("state") == "applied");

  // deploy does not refuse a changed or missing migration (only a failed one).
  CHECK_NOTHROW(engine::migrate(
      conn, prisma_adapter(), project,
      {engine::Plan::Direction::up, std::string("20240203120000_tag_names"), false, {}}));
}

void check_schema_not_empty(db::Connection& conn) {
  conn.exec_script("CREATE TABLE existing_app_table (id INTEGER PRIMARY KEY)");
  auto project = prisma_adapter().load(
      test::source_path(std::string("fixtures/prisma/") + fixture_for(conn.dialect())), {});
  try {
    engine::migrate(conn, prisma_adapter(), project, kUp);
    FAIL("no P3005");
  } catch (const prisma::PrismaError& e) {
    CHECK(e.code() == "P3005");
    CHECK_THAT(e.what(),
               Catch::StartsWith(
                   "P3005: The database schema is not empty. Read more about how to baseline "
                   "an existing production database: https://pris.ly/d/migrate-baseline") &&
                   Catch::Contains("prisma migrate resolve --applied 0_init"));
  }
  CHECK_FALSE(conn.table_exists("", "_prisma_migrations"));
  // The baseline: resolve --applied creates the table without the P3005 check.
  auto table = prisma_adapter().version_table(project, conn.dialect());
  table->resolve(conn, project, adapters::ResolveAction::mark_applied, "0_init");
  auto status = engine::read_status(conn, prisma_adapter(), project);
  CHECK(status.entries.at(0).state == engine::MigrationState::applied);
}

void check_lock(db::Connection& conn) {
  prisma::PrismaMigrationsTable table(conn.dialect(), "");
  table.lock(conn);
  if (conn.dialect() == model::Dialect::postgresql) {
    // Prisma's key, so that `prisma migrate deploy` waits for polymigrate and the other way round.
    auto other = db::open_connection(db::parse_database_url(test::postgres_url(false)));
    (void)other;
    auto held = conn.query(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 72707369 AND "
        "pid = pg_backend_pid()");
    CHECK(db::as_int(held.rows.at(0).at(0)) == 1);
  } else {
    CHECK(db::as_text(conn.query("PRAGMA main.locking_mode").rows.at(0).at(0)) == "exclusive");
  }
  table.unlock(conn);
  if (conn.dialect() == model::Dialect::sqlite)
    CHECK(db::as_text(conn.query("PRAGMA main.locking_mode").rows.at(0).at(0)) == "normal");
}

}  // namespace

TEST_CASE("prisma table: DDL as the engine sends it, on SQLite", "[prisma][table]") {
  test::TempDir dir;
  check_ddl(*open(model::Dialect::sqlite, dir));
}
TEST_CASE("prisma table: DDL as the engine sends it, on PostgreSQL", "[prisma][table][postgres]") {
  test::TempDir dir;
  check_ddl(*open(model::Dialect::postgresql, dir));
}
TEST_CASE("prisma table: deploy and resolve rows, on SQLite", "[prisma][table]") {
  test::TempDir dir;
  check_life_cycle(*open(model::Dialect::sqlite, dir));
}
TEST_CASE("prisma table: deploy and resolve rows, on PostgreSQL", "[prisma][table][postgres]") {
  test::TempDir dir;
  check_life_cycle(*open(model::Dialect::postgresql, dir));
}
TEST_CASE("prisma table: rows real Prisma wrote are classified as Prisma does, on SQLite",
          "[prisma][table]") {
  test::TempDir dir;
  check_classification(*open(model::Dialect::sqlite, dir));
}
TEST_CASE("prisma table: rows real Prisma wrote are classified as Prisma does, on PostgreSQL",
          "[prisma][table][postgres]") {
  test::TempDir dir;
  check_classification(*open(model::Dialect::postgresql, dir));
}
TEST_CASE("prisma table: a non-empty schema without the table is P3005, on SQLite",
          "[prisma][table]") {
  test::TempDir dir;
  check_schema_not_empty(*open(model::Dialect::sqlite, dir));
}
TEST_CASE("prisma table: a non-empty schema without the table is P3005, on PostgreSQL",
          "[prisma][table][postgres]") {
  test::TempDir dir;
  check_schema_not_empty(*open(model::Dialect::postgresql, dir));
}
TEST_CASE("prisma table: the engine's lock, on SQLite", "[prisma][table]") {
  test::TempDir dir;
  check_lock(*open(model::Dialect::sqlite, dir));
}
TEST_CASE("prisma table: the engine's lock, on PostgreSQL", "[prisma][table][postgres]") {
  test::TempDir dir;
  check_lock(*open(model::Dialect::postgresql, dir));
}

TEST_CASE("prisma table: rows the wasm engine wrote through a driver adapter, on SQLite",
          "[prisma][table]") {
  // Prisma 6.19 with @prisma/adapter-better-sqlite3 stores times as RFC 3339 text with
  // milliseconds (the native engine binds Unix milliseconds): both read as the same instants.
  test::TempDir dir;
  auto connection = open(model::Dialect::sqlite, dir);
  db::Connection& conn = *connection;
  const auto root = test::copy_prisma_fixture("reshape", dir);
  auto project = prisma_adapter().load(root, {});
  prisma::PrismaMigrationsTable table(model::Dialect::sqlite, "20240301000000_init");
  table.ensure(conn);
  const auto* init = project.history.find("20240301000000_init");
  conn.exec(
      "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, "
      "applied_steps_count) VALUES ($1, $2, $3, $4, $5, $6)",
      {db::Value(std::string("014b22f3-dea8-494c-bc1d-8b5cc715b830")),
       db::Value(init->checksum->text), db::Value(std::string("2026-12-01T18:50:18.662+00:00")),
       db::Value(std::string("20240301000000_init")),
       db::Value(std::string("2026-12-01T18:50:18.487+00:00")),
       db::Value(std::in_place_type<std::int64_t>, 1)});
  const auto applied = table.read(conn);
  REQUIRE(applied.size() == 1);
  CHECK(applied[0].extras.at("state") == "applied");
  CHECK(applied[0].extras.at("started_at") == "2026-12-01 18:50:18.487 UTC");
  CHECK(applied[0].execution_ms == 175);
  auto status = engine::read_status(conn, prisma_adapter(), project);
  CHECK(status.count(engine::MigrationState::applied) == 1);
  CHECK(status.count(engine::MigrationState::pending) == 3);
}
