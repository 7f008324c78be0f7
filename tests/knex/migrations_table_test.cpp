// knex_migrations and knex_migrations_lock created, locked and written exactly as Knex does.
#include "adapters/knex/migrations_table.hpp"

#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
using namespace pm::knex;

namespace {

model::Migration file(const std::string& name) {
  model::Migration m;
  m.key = name;
  return m;
}

void run_life_cycle(db::Connection& conn, const MigrationsTableSettings& settings) {
  KnexMigrationsTable table(settings, conn.dialect());
  CHECK_FALSE(table.exists(conn));
  table.ensure(conn);
  table.ensure(conn);  // idempotent: still one lock row
  CHECK(table.exists(conn));
  const std::string lock =
      (settings.schema.empty() ? "" : settings.schema + ".") + settings.table + "_lock";
  const std::string main = (settings.schema.empty() ? "" : settings.schema + ".") + settings.table;
  auto lock_rows = conn.query("select is_locked from " + lock);
  REQUIRE(lock_rows.rows.size() == 1);
  CHECK(db::as_int(lock_rows.rows[0][0]) == 0);

  // One run: the lock, two files in batch 1, the unlock.
  table.lock(conn);
  CHECK(table.is_locked(conn));
  KnexMigrationsTable second(settings, conn.dialect());
  CHECK_THROWS_WITH(second.lock(conn), Catch::Contains("Migration table is already locked") &&
                                           Catch::Contains("polymigrate unlock"));
  table.after_apply(conn, file("1_a.js"), {});
  table.after_apply(conn, file("2_b.js"), {});
  table.unlock(conn);
  CHECK_FALSE(table.is_locked(conn));
  // The next run is batch 2.
  KnexMigrationsTable next(settings, conn.dialect());
  next.lock(conn);
  next.after_apply(conn, file("3_c.js"), {});
  next.unlock(conn);

  auto rows = next.read(conn);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].key == "1_a.js");
  CHECK(rows[0].extras.at("batch") == "1");
  CHECK(rows[1].extras.at("batch") == "1");
  CHECK(rows[2].key == "3_c.js");
  CHECK(rows[2].extras.at("batch") == "2");
  CHECK(rows[0].extras.at("id") == "1");

  next.after_revert(conn, file("3_c.js"));
  CHECK(next.read(conn).size() == 2);

  // A crashed run leaves the lock set; unlock (migrate:unlock) replaces the rows with a free one.
  conn.exec("update " + lock + " set is_locked = 1");
  CHECK(next.is_locked(conn));
  CHECK(next.force_free_lock(conn));
  auto after = conn.query("select is_locked from " + lock);
  REQUIRE(after.rows.size() == 1);
  CHECK(db::as_int(after.rows[0][0]) == 0);
  (void)main;
}

}  // namespace

TEST_CASE("the DDL Knex's schema builder compiles for the two tables", "[knex]") {
  MigrationsTableSettings s;
  CHECK(migrations_table_ddl(s, model::Dialect::postgresql) ==
        "create table \"knex_migrations\" (\"id\" serial primary key, \"name\" varchar(255), "
        "\"batch\" integer, "
        "\"migration_time\" timestamptz)");
  CHECK(lock_table_ddl(s, model::Dialect::postgresql) ==
        "create table \"knex_migrations_lock\" (\"index\" serial primary key, \"is_locked\" "
        "integer)");
  CHECK(migrations_table_ddl(s, model::Dialect::sqlite) ==
        "create table `knex_migrations` (`id` integer not null primary key autoincrement, `name` "
        "varchar(255), "
        "`batch` integer, `migration_time` datetime)");
  CHECK(lock_table_ddl(s, model::Dialect::sqlite) ==
        "create table `knex_migrations_lock` (`index` integer not null primary key autoincrement, "
        "`is_locked` "
        "integer)");
  s.schema = "ops";
  s.table = "history";
  CHECK(lock_table_ddl(s, model::Dialect::postgresql) ==
        "create table \"ops\".\"history_lock\" (\"index\" serial primary key, \"is_locked\" "
        "integer)");
}

TEST_CASE("migration_time as the drivers bind new Date()", "[knex]") {
  CHECK(std::get<std::int64_t>(migration_time_value(model::Dialect::sqlite, 1704067200123)) ==
        1704067200123);
  CHECK(std::get<std::string>(migration_time_value(model::Dialect::postgresql, 1704067200123)) ==
        "2024-01-01T00:00:00.123Z");
}

TEST_CASE("knex_migrations life cycle on SQLite", "[knex]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "k.db").string()));
  run_life_cycle(*conn, {});
  // The table is exactly the one Knex creates, and migration_time holds epoch milliseconds.
  auto sql = conn->query("select sql from sqlite_master where name = 'knex_migrations'");
  // SQLite keeps the statement as sent, with its first two words upper-cased.
  CHECK(db::as_text(sql.rows.at(0).at(0)) ==
        "CREATE TABLE" + migrations_table_ddl({}, model::Dialect::sqlite).substr(12));
  auto time = conn->query("select typeof(migration_time) from knex_migrations");
  CHECK(db::as_text(time.rows.at(0).at(0)) == "integer");
}

TEST_CASE("knex_migrations life cycle on PostgreSQL, in a schema", "[knex][postgres]") {
  auto conn = db::open_connection(db::parse_database_url(test::postgres_url()));
  conn->exec("create schema ops");
  run_life_cycle(*conn, {"history", "ops"});
  auto type = conn->query(
      "select data_type from information_schema.columns where table_schema = 'ops' and table_name "
      "= 'history' "
      "and column_name = 'migration_time'");
  CHECK(db::as_text(type.rows.at(0).at(0)) == "timestamp with time zone");
}
