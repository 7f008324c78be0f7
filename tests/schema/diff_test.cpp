// Specification of diff: applying diff(a, b) to a gives b, for every pair of states along each
// fixture history (forwards, as a migration would, and backwards, as a generated rollback would),
// in an order replay accepts without a single diagnostic.
#include "schema/diff.hpp"

#include <catch2/catch.hpp>
#include <functional>

#include "db/connection.hpp"
#include "schema/compare.hpp"
#include "schema/fixture_histories.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
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

schema::SchemaState state_of(Dialect dialect, const std::string& sql) {
  schema::SchemaState state(dialect);
  for (const auto& statement : sql::split_statements(sql, dialect).statements) {
    for (const auto& step : sql::read_ddl(statement, dialect)) {
      REQUIRE(schema::apply_op(state, step.op).empty());
    }
  }
  return state;
}

void check_diff(const schema::SchemaState& from, const schema::SchemaState& to) {
  schema::SchemaState applied = from;
  for (const auto& op : schema::diff(from, to)) {
    const auto problems = schema::apply_op(applied, op);
    for (const auto& p : problems) UNSCOPED_INFO(model::op_name(op) << ": " << p.message);
    CHECK(problems.empty());
  }
  // A re-added column lands at the end: the diff cannot keep the original position.
  const auto differences = schema::compare(applied, to, {.column_order = false});
  INFO(joined(differences));
  CHECK(differences.empty());
}

}  // namespace

TEST_CASE("diff: turns every fixture state into every later and earlier one", "[schema][diff]") {
  for (const auto dialect : {Dialect::sqlite, Dialect::postgresql}) {
    for (const auto& fixture : test::schema_fixture_histories(dialect)) {
      INFO(fixture.name << " on " << model::to_string(dialect));
      const auto replay = schema::replay_history(fixture.history, dialect);
      std::vector<schema::SchemaState> states{schema::SchemaState(dialect)};
      for (const auto& m : replay.migrations) states.push_back(m.after);
      for (std::size_t i = 0; i < states.size(); ++i) {
        for (std::size_t j = 0; j < states.size(); ++j) {
          INFO("from state " << i << " to state " << j);
          check_diff(states[i], states[j]);
        }
      }
    }
  }
}

TEST_CASE("diff: equal states need no ops", "[schema][diff]") {
  const auto state = state_of(Dialect::postgresql,
                              "CREATE TABLE a (id int PRIMARY KEY, b text UNIQUE);"
                              "CREATE INDEX a_b ON a (lower(b));");
  CHECK(schema::diff(state, state).empty());
}

TEST_CASE("diff: drops children before parents and creates parents first", "[schema][diff]") {
  const auto empty = schema::SchemaState(Dialect::postgresql);
  const auto full = state_of(Dialect::postgresql,
                             "CREATE TABLE z_parent (id int PRIMARY KEY);"
                             "CREATE TABLE a_child (id int, p int REFERENCES z_parent (id));"
                             "CREATE VIEW v AS SELECT * FROM a_child;");
  const auto up = schema::diff(empty, full);
  REQUIRE(up.size() == 3);
  CHECK(std::get<model::CreateTable>(up[0]).table.name == "z_parent");
  CHECK(std::get<model::CreateTable>(up[1]).table.name == "a_child");
  CHECK(std::holds_alternative<model::CreateView>(up[2]));
  const auto down = schema::diff(full, empty);
  REQUIRE(down.size() == 3);
  CHECK(std::holds_alternative<model::DropView>(down[0]));
  CHECK(std::get<model::DropTable>(down[1]).table.name == "a_child");
  CHECK(std::get<model::DropTable>(down[2]).table.name == "z_parent");
}

TEST_CASE("diff: a foreign key cycle between new tables is added after both exist",
          "[schema][diff]") {
  auto full = state_of(Dialect::postgresql,
                       "CREATE TABLE a (id int PRIMARY KEY, b_id int);"
                       "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));"
                       "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);");
  check_diff(schema::SchemaState(Dialect::postgresql), full);
  const auto ops = schema::diff(schema::SchemaState(Dialect::postgresql), full);
  CHECK(std::holds_alternative<model::AddConstraint>(ops.back()));
}

TEST_CASE("diff: a renamed column is a drop and an add, never a guess", "[schema][diff]") {
  const auto a = state_of(Dialect::sqlite, "CREATE TABLE t (old_name TEXT);");
  const auto b = state_of(Dialect::sqlite, "CREATE TABLE t (new_name TEXT);");
  const auto ops = schema::diff(a, b);
  REQUIRE(ops.size() == 2);
  CHECK(std::holds_alternative<model::DropColumn>(ops[0]));
  CHECK(std::holds_alternative<model::AddColumn>(ops[1]));
}

namespace {

// Renders diff(empty, state) for the dialect, runs it on a fresh database, and compares what the
// database then holds with the state: diff, renderer and replay agree with a real server.
void check_created_from_nothing(const test::FixtureHistory& fixture,
                                const std::function<std::unique_ptr<db::Connection>()>& open) {
  const auto replay = schema::replay_history(fixture.history, fixture.dialect);
  for (const auto& migration : replay.migrations) {
    INFO(fixture.name << " up to " << migration.key << " on " << model::to_string(fixture.dialect));
    auto connection = open();
    schema::SchemaState state(fixture.dialect);
    for (const auto& op : schema::diff(state, migration.after)) {
      for (const auto& statement : sql::render(op, fixture.dialect, {&state})) {
        INFO(statement);
        connection->exec_script(statement);
      }
      REQUIRE(schema::apply_op(state, op).empty());
    }
    const auto real = schema::from_snapshot(connection->introspect(), fixture.dialect);
    const auto differences = schema::compare(migration.after, real);
    INFO(joined(differences));
    CHECK(differences.empty());
  }
}

}  // namespace

TEST_CASE("diff: rendered and run on SQLite, builds each fixture state", "[schema][diff]") {
  for (const auto& fixture : test::schema_fixture_histories(Dialect::sqlite)) {
    check_created_from_nothing(
        fixture, [] { return db::open_connection(db::parse_database_url("sqlite::memory:")); });
  }
}

TEST_CASE("diff: rendered and run on PostgreSQL, builds each fixture state",
          "[schema][diff][postgres]") {
  for (const auto& fixture : test::schema_fixture_histories(Dialect::postgresql)) {
    check_created_from_nothing(
        fixture, [] { return db::open_connection(db::parse_database_url(test::postgres_url())); });
  }
}
