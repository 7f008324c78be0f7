// Specification of generated rollbacks: run on a real database after a history, each rollback
// brings back exactly the schema before its migration; what the schema states cannot undo is
// refused with file and line; data a rollback cannot restore is said in a warning.
#include "schema/rollback.hpp"

#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "schema/compare.hpp"
#include "schema/fixture_histories.hpp"
#include "schema/from_snapshot.hpp"
#include "sql/splitter.hpp"
#include "support/postgres_server.hpp"

using namespace pm;
using model::Dialect;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

model::Migration sql_migration(std::string key, std::string sql) {
  model::Migration migration;
  migration.key = key;
  migration.source.file = key + ".sql";
  model::SqlStep step;
  step.text = std::move(sql);
  step.line = 1;
  migration.up.push_back(std::move(step));
  return migration;
}

model::History history_of(std::vector<model::Migration> migrations) {
  for (std::size_t i = 1; i < migrations.size(); ++i)
    migrations[i].parents = {migrations[i - 1].key};
  return model::History(std::move(migrations));
}

void run_sql(db::Connection& connection, const std::string& sql, Dialect dialect) {
  const auto split = sql::split_statements(sql, dialect);
  REQUIRE_FALSE(split.error);
  for (const auto& statement : split.statements) connection.exec_script(statement.text);
}

// Up through the whole history, then every rollback newest first, each compared with the
// database: the schema it leaves is the one replay had before that migration.
void check_round_trip(const test::FixtureHistory& fixture, db::Connection& connection) {
  INFO("history " << fixture.name << " on " << model::to_string(fixture.dialect));
  for (const auto& file : fixture.files) run_sql(connection, file.sql, fixture.dialect);
  const schema::RollbackGenerator generator(fixture.history, fixture.dialect);
  const auto replay = schema::replay_history(fixture.history, fixture.dialect);
  const auto& order = fixture.history.order();
  for (std::size_t i = order.size(); i-- > 0;) {
    const auto& migration = fixture.history.migrations()[order[i]];
    INFO("rollback of " << migration.key);
    const auto rollback = generator.rollback(migration);
    if (!rollback.ok()) {
      // What these histories hold that no schema state undoes: a trigger or a function replay
      // cannot read, rows put into an older table. Nothing before it can be reverted then.
      REQUIRE(rollback.blockers.size() == 1);
      CHECK(rollback.blockers[0].code == std::string(schema::kRollbackUnknowable));
      CHECK(rollback.blockers[0].line > 0);
      const bool unread = replay.migrations[i].skipped_sql == 1;
      CHECK((unread || rollback.blockers[0].message.find("a data change") != std::string::npos));
      return;
    }
    for (const auto& step : rollback.steps)
      for (const auto& statement : step.statements) {
        INFO(statement);
        connection.exec_script(statement);
      }
    const auto real = schema::from_snapshot(connection.introspect(), fixture.dialect);
    const auto differences =
        schema::compare(replay.migrations[i].before, real, {.column_order = false});
    INFO(joined(differences));
    CHECK(differences.empty());
  }
}

}  // namespace

TEST_CASE("rollback: reverts every fixture history on SQLite, migration by migration",
          "[schema][rollback]") {
  for (const auto& fixture : test::schema_fixture_histories(Dialect::sqlite)) {
    auto connection = db::open_connection(db::parse_database_url("sqlite::memory:"));
    check_round_trip(fixture, *connection);
  }
}

TEST_CASE("rollback: reverts every fixture history on PostgreSQL, migration by migration",
          "[schema][rollback][postgres]") {
  for (const auto& fixture : test::schema_fixture_histories(Dialect::postgresql)) {
    auto connection = db::open_connection(db::parse_database_url(test::postgres_url()));
    check_round_trip(fixture, *connection);
  }
}

TEST_CASE("rollback: what the schema states cannot undo is refused with file and line",
          "[schema][rollback]") {
  const auto history = history_of({
      sql_migration("1_init", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n"),
      sql_migration("2_seed", "-- seed\nINSERT INTO t (id, v) VALUES (1, 'a');\n"),
      sql_migration("3_fix", "CREATE TABLE u (id INTEGER);\n\nUPDATE t SET v = 'b';\n"),
      sql_migration("4_new", "CREATE TABLE w (id INTEGER);\nINSERT INTO w (id) VALUES (1);\n"),
  });
  const schema::RollbackGenerator generator(history, Dialect::sqlite);

  const auto seed = generator.rollback(*history.find("2_seed"));
  REQUIRE(seed.blockers.size() == 1);
  CHECK(seed.blockers[0].code == "PM320");
  CHECK(seed.blockers[0].file == "2_seed.sql");
  CHECK(seed.blockers[0].line == 2);
  CHECK_THAT(seed.blockers[0].message,
             Catch::Contains("a data change") && Catch::Contains("INSERT INTO t"));

  const auto fix = generator.rollback(*history.find("3_fix"));
  REQUIRE(fix.blockers.size() == 1);
  CHECK(fix.blockers[0].line == 3);
  CHECK_THAT(fix.blockers[0].message, Catch::Contains("UPDATE t SET v = 'b'"));

  // Rows put into a table the same migration creates go with the table.
  const auto fresh = generator.rollback(*history.find("4_new"));
  CHECK(fresh.ok());
  REQUIRE(fresh.steps.size() == 1);
  CHECK(fresh.steps[0].statements == std::vector<std::string>{"DROP TABLE \"w\""});

  model::Migration opaque;
  opaque.key = "5_code";
  opaque.source.file = "5_code.py";
  opaque.up.push_back(
      model::OpaqueStep{"python", "op.execute(x)", {"5_code.py", 7, 7}, "dynamic SQL"});
  const auto with_code =
      history_of({sql_migration("1_init", "CREATE TABLE t (id INTEGER);"), opaque});
  const auto code =
      schema::RollbackGenerator(with_code, Dialect::sqlite).rollback(*with_code.find("5_code"));
  REQUIRE(code.blockers.size() == 1);
  CHECK(code.blockers[0].line == 7);
  CHECK_THAT(code.blockers[0].message, Catch::Contains("python code"));
}

TEST_CASE("rollback: re-creating a dropped table or column warns that its data is lost",
          "[schema][rollback]") {
  const auto history = history_of({
      sql_migration("1_init",
                    "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY, note TEXT NOT NULL);\n"
                    "CREATE TABLE old (id INTEGER);\n"),
      sql_migration("2_drop", "ALTER TABLE a DROP COLUMN note;\n-- gone\nDROP TABLE old;\n"),
  });
  const auto rollback =
      schema::RollbackGenerator(history, Dialect::sqlite).rollback(*history.find("2_drop"));
  REQUIRE(rollback.ok());
  REQUIRE(rollback.warnings.size() == 2);
  for (const auto& warning : rollback.warnings) {
    CHECK(warning.code == "PM322");
    CHECK(warning.severity == model::Severity::warning);
  }
  CHECK_THAT(rollback.warnings[0].message, Catch::Contains("re-creates table old"));
  CHECK(rollback.warnings[0].line == 3);
  CHECK_THAT(rollback.warnings[1].message, Catch::Contains("re-adds column note of a") &&
                                               Catch::Contains("NOT NULL without a default"));
  CHECK(rollback.warnings[1].line == 1);

  // SQLite cannot ADD a NOT NULL column without a default: the rollback rebuilds the table, and
  // on an empty table that works.
  auto connection = db::open_connection(db::parse_database_url("sqlite::memory:"));
  run_sql(*connection, "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY);", Dialect::sqlite);
  for (const auto& step : rollback.steps)
    for (const auto& statement : step.statements) connection->exec_script(statement);
  const auto real = schema::from_snapshot(connection->introspect(), Dialect::sqlite);
  const auto replay = schema::replay_history(history, Dialect::sqlite);
  CHECK(schema::compare(replay.migrations[0].after, real, {.column_order = false}).empty());
}

TEST_CASE("rollback: Prisma's SQLite RedefineTables is undone, keeping the rows",
          "[schema][rollback]") {
  const auto history = history_of({
      sql_migration(
          "1_init",
          "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"title\" TEXT);\n"),
      sql_migration(
          "2_redefine",
          "-- RedefineTables\n"
          "PRAGMA defer_foreign_keys=ON;\n"
          "PRAGMA foreign_keys=OFF;\n"
          "CREATE TABLE \"new_Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"title\" TEXT NOT "
          "NULL, "
          "\"draft\" BOOLEAN NOT NULL DEFAULT true);\n"
          "INSERT INTO \"new_Post\" (\"id\", \"title\") SELECT \"id\", \"title\" FROM \"Post\";\n"
          "DROP TABLE \"Post\";\n"
          "ALTER TABLE \"new_Post\" RENAME TO \"Post\";\n"
          "PRAGMA foreign_keys=ON;\n"
          "PRAGMA defer_foreign_keys=OFF;\n"),
  });
  const auto rollback =
      schema::RollbackGenerator(history, Dialect::sqlite).rollback(*history.find("2_redefine"));
  for (const auto& blocker : rollback.blockers) UNSCOPED_INFO(model::format(blocker));
  REQUIRE(rollback.ok());

  auto connection = db::open_connection(db::parse_database_url("sqlite::memory:"));
  for (const auto& migration : history.migrations())
    run_sql(*connection, std::get<model::SqlStep>(migration.up[0]).text, Dialect::sqlite);
  connection->exec_script("INSERT INTO \"Post\" (\"id\", \"title\") VALUES (1, 'kept')");
  for (const auto& step : rollback.steps)
    for (const auto& statement : step.statements) connection->exec_script(statement);
  const auto replay = schema::replay_history(history, Dialect::sqlite);
  const auto real = schema::from_snapshot(connection->introspect(), Dialect::sqlite);
  CHECK(schema::compare(replay.migrations[0].after, real, {.column_order = false}).empty());
  CHECK(db::as_text(connection->query("SELECT \"title\" FROM \"Post\"").rows.at(0).at(0)) ==
        "kept");
}
