// The parity criterion: for every fixture history, the schema replayed from its files
// equals the schema a real database reports after running them, after every migration, on
// SQLite and on PostgreSQL.
#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "schema/compare.hpp"
#include "schema/fixture_histories.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "sql/splitter.hpp"
#include "support/postgres_server.hpp"

using namespace pm;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// Runs each file statement by statement (as Flyway does) and compares after each migration.
void check_parity(const test::FixtureHistory& fixture, db::Connection& connection) {
  INFO("history " << fixture.name << " on " << model::to_string(fixture.dialect));
  const auto replay = schema::replay_history(fixture.history, fixture.dialect);
  for (const auto& diagnostic : replay.diagnostics) UNSCOPED_INFO(model::format(diagnostic));
  REQUIRE(replay.diagnostics.empty());
  REQUIRE(replay.migrations.size() == fixture.files.size());
  for (std::size_t i = 0; i < fixture.files.size(); ++i) {
    INFO("after " << fixture.files[i].name);
    const auto split = sql::split_statements(fixture.files[i].sql, fixture.dialect);
    REQUIRE_FALSE(split.error);
    for (const auto& statement : split.statements) connection.exec_script(statement.text);
    const auto real = schema::from_snapshot(connection.introspect(), fixture.dialect);
    const auto differences = schema::compare(replay.migrations[i].after, real);
    INFO(joined(differences));
    CHECK(differences.empty());
  }
}

}  // namespace

TEST_CASE("parity: replayed schema equals the introspected SQLite schema", "[schema][parity]") {
  const auto fixtures = test::schema_fixture_histories(model::Dialect::sqlite);
  REQUIRE(fixtures.size() >= 3);
  for (const auto& fixture : fixtures) {
    auto connection = db::open_connection(db::parse_database_url("sqlite::memory:"));
    check_parity(fixture, *connection);
  }
}

TEST_CASE("parity: replayed schema equals the introspected PostgreSQL schema",
          "[schema][parity][postgres]") {
  const auto fixtures = test::schema_fixture_histories(model::Dialect::postgresql);
  REQUIRE(fixtures.size() >= 3);
  for (const auto& fixture : fixtures) {
    auto connection = db::open_connection(db::parse_database_url(test::postgres_url()));
    check_parity(fixture, *connection);
  }
}

TEST_CASE("parity: replay counts what it cannot read instead of guessing", "[schema][parity]") {
  for (const auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    int skipped = 0;
    for (const auto& fixture : test::schema_fixture_histories(dialect)) {
      skipped += schema::replay_history(fixture.history, dialect).skipped_sql;
    }
    CHECK(skipped == 1);  // the SQLite trigger, the PostgreSQL function
  }
}
