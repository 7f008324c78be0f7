// `plan` for a renamed table: expand renames it and creates a view with the old name over it, so
// old code keeps reading and writing the old name (PostgreSQL writes through the view; SQLite
// through INSTEAD OF triggers); contract drops the view. Run on SQLite and PostgreSQL.
#include <catch2/catch.hpp>

#include "db/database_url.hpp"
#include "plan/plan_support.hpp"
#include "support/postgres_server.hpp"

using namespace pm;
using namespace pm::test;
namespace fs = std::filesystem;

namespace {

void write_flyway(const ProjectCopy& project) {
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__orders.sql",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, item VARCHAR(40), "
                "qty INTEGER DEFAULT 1);\n");
  project.write("sql/V2__rename.sql", "ALTER TABLE orders RENAME TO purchases;\n");
}

std::string one(db::Connection& conn, const std::string& sql, int id) {
  auto rows = conn.query(sql, {db::Value{std::int64_t{id}}});
  REQUIRE(rows.rows.size() == 1);
  return db::as_text(rows.rows[0][0]).value_or("NULL");
}

std::int64_t count(db::Connection& conn, const std::string& table) {
  auto rows = conn.query("SELECT count(*) FROM " + table, {});
  return std::stoll(*db::as_text(rows.rows[0][0]));
}

void runs_the_rename(const ProjectCopy& project, const std::string& db) {
  up(project, db, "1");
  auto conn = db::open_connection(db::parse_database_url(db));
  conn->exec("INSERT INTO orders (id, item) VALUES ($1, $2)",
             {db::Value{std::int64_t{1}}, db::Value{std::string("tea")}});
  up(project, db, "3");
  // Old code, through the view: insert (the default applies), update, delete, read.
  conn->exec("INSERT INTO orders (id, item) VALUES ($1, $2)",
             {db::Value{std::int64_t{2}}, db::Value{std::string("cake")}});
  CHECK(one(*conn, "SELECT item FROM purchases WHERE id = $1", 2) == "cake");
  CHECK(one(*conn, "SELECT qty FROM purchases WHERE id = $1", 2) == "1");
  conn->exec("UPDATE orders SET item = $1 WHERE id = $2",
             {db::Value{std::string("green tea")}, db::Value{std::int64_t{1}}});
  CHECK(one(*conn, "SELECT item FROM purchases WHERE id = $1", 1) == "green tea");
  // New code, on the table; old code sees it.
  conn->exec("INSERT INTO purchases (id, item) VALUES ($1, $2)",
             {db::Value{std::int64_t{3}}, db::Value{std::string("pie")}});
  CHECK(one(*conn, "SELECT item FROM orders WHERE id = $1", 3) == "pie");
  conn->exec("DELETE FROM orders WHERE id = $1", {db::Value{std::int64_t{3}}});
  CHECK(count(*conn, "purchases") == 2);

  up(project, db, "");
  conn.reset();
  const auto state = live_state(db, {"flyway_schema_history"});
  CHECK(state.find_table({"", "purchases"}));
  CHECK_FALSE(state.find_table({"", "orders"}));
  CHECK_FALSE(state.find_view({"", "orders"}));
  auto again = db::open_connection(db::parse_database_url(db));
  CHECK(count(*again, "purchases") == 2);
}

void plan_flyway(const ProjectCopy& project, const std::string& dialect) {
  auto run = project.cli("plan", {"2", "--dialect", dialect});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("PM503"));
  CHECK(created(run.out) ==
        std::vector<std::string>{"V3__expand_rename_orders_to_purchases.sql",
                                 "V4__contract_rename_orders_to_purchases.sql"});
  const std::string expand = project.read("sql/V3__expand_rename_orders_to_purchases.sql");
  CHECK_THAT(expand, Catch::Contains("CREATE VIEW \"orders\""));
  if (dialect == "sqlite") CHECK_THAT(expand, Catch::Contains("INSTEAD OF INSERT"));
  fs::remove(project.root / "sql/V2__rename.sql");
  auto inspect = project.cli("inspect", {"--json"});
  INFO(inspect.out << inspect.err);
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, !Catch::Contains("\"severity\": \"error\""));
  // The expand phase is no rename to lint (old code keeps the name); contract drops the view.
  auto lint = project.cli("lint", {"--dialect", dialect, "--json"});
  INFO(lint.out);
  CHECK_THAT(lint.out, !Catch::Contains("\"code\": \"PM503\""));
  CHECK_THAT(lint.out, Catch::Contains("\"code\": \"PM521\""));
}

}  // namespace

TEST_CASE("plan: a Flyway table rename on SQLite keeps the old name writable through a view",
          "[plan][flyway]") {
  ProjectCopy project("");
  write_flyway(project);
  plan_flyway(project, "sqlite");
  runs_the_rename(project, project.sqlite("flyway.db"));
}

TEST_CASE("plan: a Flyway table rename on PostgreSQL keeps the old name writable through a view",
          "[plan][flyway][postgres]") {
  ProjectCopy project("");
  write_flyway(project);
  plan_flyway(project, "postgresql");
  runs_the_rename(project, postgres_url());
}

TEST_CASE("plan: a Knex table rename on SQLite", "[plan][knex]") {
  ProjectCopy project("");
  project.write("knexfile.js",
                "module.exports = { client: 'better-sqlite3', connection: { filename: "
                "'./dev.sqlite3' }, useNullAsDefault: true };\n");
  project.write(
      "migrations/20240101000000_orders.js",
      "exports.up = function (knex) {\n"
      "  return knex.schema.createTable('orders', (t) => {\n"
      "    t.increments('id');\n    t.string('item', 40);\n"
      "    t.integer('qty').defaultTo(1);\n  });\n};\n"
      "exports.down = function (knex) {\n  return knex.schema.dropTable('orders');\n};\n");
  project.write("migrations/20240102000000_rename.js",
                "exports.up = function (knex) {\n"
                "  return knex.schema.renameTable('orders', 'purchases');\n};\n"
                "exports.down = function (knex) {\n"
                "  return knex.schema.renameTable('purchases', 'orders');\n};\n");
  auto run = project.cli("plan", {"20240102000000_rename.js", "--dialect", "sqlite"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto files = created(run.out);
  REQUIRE(files.size() == 2);
  CHECK_THAT(project.read("migrations/" + files[0]), Catch::Contains("renameTable"));
  fs::remove(project.root / "migrations/20240102000000_rename.js");
  const std::string db = project.sqlite("knex.db");
  up(project, db, files[0]);
  auto conn = db::open_connection(db::parse_database_url(db));
  conn->exec("INSERT INTO orders (item) VALUES ($1)", {db::Value{std::string("tea")}});
  CHECK(one(*conn, "SELECT item FROM purchases WHERE id = $1", 1) == "tea");
  CHECK(one(*conn, "SELECT qty FROM purchases WHERE id = $1", 1) == "1");
  up(project, db, "");
  conn.reset();
  const auto state = live_state(db, {"knex_migrations", "knex_migrations_lock"});
  CHECK(state.find_table({"", "purchases"}));
  CHECK_FALSE(state.find_view({"", "orders"}));
}
