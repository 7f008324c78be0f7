// alembic_version is created and maintained as Alembic's HeadMaintainer does it.
#include "adapters/alembic/version_table.hpp"

#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
using namespace pm::alembic;

namespace {

model::Migration rev(std::string id, std::vector<std::string> down,
                     std::vector<std::string> deps = {}) {
  model::Migration m;
  m.key = std::move(id);
  m.parents = std::move(down);
  m.depends_on = std::move(deps);
  return m;
}

std::set<std::string> rows(db::Connection& conn) {
  std::set<std::string> out;
  for (const auto& row : conn.query("SELECT version_num FROM alembic_version").rows)
    out.insert(*db::as_text(row[0]));
  return out;
}

// Branch a -> b, a -> c, c -> c2 (depends on b), merge m of (b, c2), then e.
void run_head_maintenance(db::Connection& conn) {
  std::vector<model::Migration> ms = {rev("a", {}),          rev("b", {"a"}),
                                      rev("c", {"a"}),       rev("c2", {"c"}, {"b"}),
                                      rev("m", {"b", "c2"}), rev("e", {"m"})};
  auto graph = std::make_shared<const RevisionGraph>(ms);
  AlembicVersionTable table({}, graph);
  table.ensure(conn);
  table.read(conn);
  auto up = [&](std::size_t i) { table.after_apply(conn, ms[i], {}); };
  auto down = [&](std::size_t i) { table.after_revert(conn, ms[i]); };

  up(0);
  CHECK(rows(conn) == std::set<std::string>{"a"});
  up(1);  // linear: UPDATE a -> b
  CHECK(rows(conn) == std::set<std::string>{"b"});
  up(2);  // c's parent a is no head: a new branch, INSERT c
  CHECK(rows(conn) == std::set<std::string>{"b", "c"});
  up(3);  // c2 depends on b: both its down revisions are heads, they merge into c2
  CHECK(rows(conn) == std::set<std::string>{"c2"});
  up(4);  // m: only c2 is a head among (b, c2): UPDATE c2 -> m
  CHECK(rows(conn) == std::set<std::string>{"m"});
  up(5);
  CHECK(rows(conn) == std::set<std::string>{"e"});

  down(5);
  CHECK(rows(conn) == std::set<std::string>{"m"});
  down(4);  // unmerge: m -> c2 (b is implied by c2's dependency)
  CHECK(rows(conn) == std::set<std::string>{"c2"});
  down(3);  // c2 -> (c, b)
  CHECK(rows(conn) == std::set<std::string>{"b", "c"});
  down(2);  // c's parent a is b's ancestor: DELETE c
  CHECK(rows(conn) == std::set<std::string>{"b"});
  down(1);
  down(0);  // past the base: DELETE a
  CHECK(rows(conn).empty());
  CHECK(table.exists(conn));  // never dropped
}

}  // namespace

TEST_CASE("the version table DDL is SQLAlchemy's, byte for byte", "[alembic]") {
  CHECK(version_table_ddl({}) ==
        "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT "
        "alembic_version_pkc "
        "PRIMARY KEY (version_num)\n)");
  CHECK(version_table_ddl({"Versions", "app", true}) ==
        "CREATE TABLE app.\"Versions\" (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT "
        "\"Versions_pkc\" "
        "PRIMARY KEY (version_num)\n)");
  CHECK(version_table_ddl({"v", "", false}) ==
        "CREATE TABLE v (\n\tversion_num VARCHAR(32) NOT NULL\n)");

  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "v.db").string()));
  AlembicVersionTable table({},
                            std::make_shared<const RevisionGraph>(std::vector<model::Migration>{}));
  CHECK_FALSE(table.exists(*conn));
  table.ensure(*conn);
  table.ensure(*conn);  // checkfirst
  auto sql = conn->query("SELECT sql FROM sqlite_master WHERE name = 'alembic_version'");
  CHECK(db::as_text(sql.rows.at(0).at(0)) == version_table_ddl({}));
}

TEST_CASE("head rows move as HeadMaintainer moves them (SQLite)", "[alembic]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "v.db").string()));
  run_head_maintenance(*conn);
}

TEST_CASE("head rows move as HeadMaintainer moves them (PostgreSQL)", "[alembic][postgres]") {
  auto conn = db::open_connection(db::parse_database_url(test::postgres_url()));
  run_head_maintenance(*conn);
}

TEST_CASE("an UPDATE that matches no row fails as Alembic's does", "[alembic]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "v.db").string()));
  AlembicVersionTable table({},
                            std::make_shared<const RevisionGraph>(std::vector<model::Migration>{}));
  table.ensure(*conn);
  CHECK_THROWS_WITH(table.update_version(*conn, "x", "y"),
                    "Online migration expected to match one row when updating 'x' to 'y' in "
                    "'alembic_version'; 0 found");
}
