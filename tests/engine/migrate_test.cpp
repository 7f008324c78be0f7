// The engine against a real SQLite database, through a toy adapter: transactions, failures,
// dry runs and the status join behave the same whatever the framework.
#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "support/toy_adapter.hpp"

using namespace pm;

namespace {

std::unique_ptr<db::Connection> memory_db() { return db::open_connection(db::parse_database_url("sqlite::memory:")); }

std::vector<std::string> tables(db::Connection& conn) {
  std::vector<std::string> out;
  for (const auto& row : conn.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows)
    out.push_back(*db::as_text(row[0]));
  return out;
}

model::Project shop() {
  return test::toy_project({
      test::toy_migration("1", {"CREATE TABLE users (id INTEGER PRIMARY KEY)"}, {"DROP TABLE users"}),
      test::toy_migration("2", {"CREATE TABLE orders (id INTEGER PRIMARY KEY)", "CREATE INDEX orders_id ON orders (id)"},
                          {"DROP TABLE orders"}),
      test::toy_migration("3", {"ALTER TABLE users ADD COLUMN email TEXT"}, {"ALTER TABLE users DROP COLUMN email"}),
  });
}

engine::MigrateRequest up(std::optional<std::string> target = std::nullopt) {
  return {engine::Plan::Direction::up, std::move(target), false, {}};
}
engine::MigrateRequest down(std::optional<std::string> target = std::nullopt) {
  return {engine::Plan::Direction::down, std::move(target), false, {}};
}

}  // namespace

TEST_CASE("up applies every pending migration and records each one", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  auto project = shop();
  auto result = engine::migrate(*conn, adapter, project, up());
  CHECK(result.run.completed.size() == 3);
  CHECK_FALSE(result.run.failure);
  CHECK(tables(*conn) == std::vector<std::string>{"orders", "toy_versions", "users"});
  auto status = engine::read_status(*conn, adapter, project);
  CHECK(status.up_to_date());
  CHECK(status.count(engine::MigrationState::applied) == 3);

  auto again = engine::migrate(*conn, adapter, project, up());
  CHECK(again.plan.migrations.empty());
}

TEST_CASE("a failing migration is rolled back with its version row, earlier ones stay", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  auto project = test::toy_project({
      test::toy_migration("1", {"CREATE TABLE users (id INTEGER PRIMARY KEY)"}),
      test::toy_migration("2", {"CREATE TABLE orders (id INTEGER)", "INSERT INTO nowhere VALUES (1)"}),
  });
  auto result = engine::migrate(*conn, adapter, project, up());
  REQUIRE(result.run.failure);
  CHECK(result.run.failure->migration->key == "2");
  CHECK(result.run.failure->line == 2);
  CHECK(result.run.failure->file == "2.sql");
  CHECK(result.run.failure->rolled_back);
  CHECK_THAT(result.run.failure->message, Catch::Contains("nowhere"));
  CHECK(tables(*conn) == std::vector<std::string>{"toy_versions", "users"});  // no half-applied `orders`
  auto status = engine::read_status(*conn, adapter, project);
  CHECK(status.count(engine::MigrationState::applied) == 1);
  CHECK(status.count(engine::MigrationState::pending) == 1);
}

TEST_CASE("whole-run scope rolls back everything on a failure", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  adapter.policy.scope = adapters::TransactionScope::whole_run;
  auto project = test::toy_project({
      test::toy_migration("1", {"CREATE TABLE users (id INTEGER PRIMARY KEY)"}),
      test::toy_migration("2", {"SELECT * FROM nowhere"}),
  });
  auto result = engine::migrate(*conn, adapter, project, up());
  REQUIRE(result.run.failure);
  CHECK(result.run.completed.empty());
  CHECK(tables(*conn) == std::vector<std::string>{"toy_versions"});
}

TEST_CASE("a migration that runs outside a transaction records its failure", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  auto project = test::toy_project({test::toy_migration("1", {"CREATE TABLE a (id INTEGER)", "BROKEN SQL"})});
  project.history = model::History([&] {
    auto migrations = project.history.migrations();
    migrations[0].transactional = false;
    return migrations;
  }());
  auto result = engine::migrate(*conn, adapter, project, up());
  REQUIRE(result.run.failure);
  CHECK_FALSE(result.run.failure->rolled_back);
  CHECK(tables(*conn) == std::vector<std::string>{"a", "toy_versions"});  // partial, as the native tools leave it
  auto status = engine::read_status(*conn, adapter, project);
  CHECK(status.entries[0].state == engine::MigrationState::failed);
  CHECK_THROWS_AS(engine::migrate(*conn, adapter, project, up()), engine::RefusedError);
}

TEST_CASE("down reverts newest first and refuses what has no down script", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  auto project = shop();
  engine::migrate(*conn, adapter, project, up());
  auto one = engine::migrate(*conn, adapter, project, down());
  REQUIRE(one.run.completed.size() == 1);
  CHECK(one.run.completed[0].migration->key == "3");
  auto all = engine::migrate(*conn, adapter, project, down("base"));
  CHECK(all.run.completed.size() == 2);
  CHECK(tables(*conn) == std::vector<std::string>{"toy_versions"});

  auto no_down = test::toy_project({test::toy_migration("1", {"CREATE TABLE t (id INTEGER)"})});
  engine::migrate(*conn, adapter, no_down, up());
  CHECK_THROWS_WITH(engine::migrate(*conn, adapter, no_down, down()), Catch::Contains("has no down script"));
  CHECK(tables(*conn) == std::vector<std::string>{"t", "toy_versions"});
}

TEST_CASE("a dry run records the SQL and the version-table writes, and changes nothing", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  auto project = shop();
  auto request = up();
  request.dry_run = true;
  auto result = engine::migrate(*conn, adapter, project, request);
  CHECK(result.run.completed.size() == 3);
  CHECK(tables(*conn).empty());
  const auto& sql = result.recorded_sql;
  REQUIRE_FALSE(sql.empty());
  CHECK_THAT(sql.front(), Catch::Contains("CREATE TABLE toy_versions"));
  bool saw_insert = false;
  for (const auto& s : sql) saw_insert |= s.find("INSERT INTO toy_versions (key, success) VALUES ('2'") != std::string::npos;
  CHECK(saw_insert);
}

TEST_CASE("status: changed checksums and missing files are found", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  auto project = shop();
  engine::migrate(*conn, adapter, project, up());
  conn->exec("INSERT INTO toy_versions (key, success) VALUES ('0.9', 1)");
  auto status = engine::read_status(*conn, adapter, project);
  CHECK(status.count(engine::MigrationState::missing) == 1);
  auto findings = engine::status_findings(status);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "PM203");
  CHECK_THROWS_AS(engine::migrate(*conn, adapter, project, up()), engine::RefusedError);
  adapter.policy.refuse_missing = false;
  CHECK_NOTHROW(engine::migrate(*conn, adapter, project, up()));
}

TEST_CASE("an op that came from code is rendered for the database and run", "[engine]") {
  auto conn = memory_db();
  test::ToyAdapter adapter;
  model::CreateTable create;
  create.table.name = "people";
  model::Column id;
  id.name = "id";
  id.type.kind = model::LogicalType::integer;
  id.primary = true;
  create.columns.push_back(id);
  auto migration = test::toy_migration("1", {});
  migration.up.push_back(model::OpStep{create, {}, 3});
  auto project = test::toy_project({migration});
  auto result = engine::migrate(*conn, adapter, project, up());
  REQUIRE_FALSE(result.run.failure);
  CHECK(tables(*conn) == std::vector<std::string>{"people", "toy_versions"});

  // A rebuild-only op on SQLite without a schema state fails clearly, at its line, rolled back.
  auto alter = test::toy_migration("2", {});
  model::AlterColumn change;
  change.table.name = "people";
  change.column = "id";
  change.nullable = false;
  alter.up.push_back(model::OpStep{change, {}, 7});
  auto second = test::toy_project({migration, alter});
  auto failed = engine::migrate(*conn, adapter, second, up());
  REQUIRE(failed.run.failure);
  CHECK(failed.run.failure->line == 7);
}
