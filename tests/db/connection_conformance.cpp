// The shared Connection suite. SQL here is written once for both dialects, as adapters write it.
#include "db/connection_conformance.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

namespace pm::test {

namespace {

using db::Value;

std::int64_t count_rows(db::Connection& c, const std::string& table) {
  return db::as_int(c.query("SELECT COUNT(*) FROM " + table).rows.at(0).at(0)).value();
}

const db::TableInfo& find_table(const db::SchemaSnapshot& s, const std::string& name) {
  for (const auto& t : s.tables) {
    if (t.name == name) return t;
  }
  FAIL("no table " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

void check_connection_conformance(const std::function<std::unique_ptr<db::Connection>()>& open) {
  std::unique_ptr<db::Connection> conn = open();
  db::Connection& c = *conn;

  SECTION("values bind as $N and read back with their type") {
    c.exec_script(
        "CREATE TABLE kinds (id BIGINT PRIMARY KEY, name TEXT, label TEXT, score DOUBLE "
        "PRECISION, flag BOOLEAN, note TEXT)");
    const std::string text = "O'Brien \\ \"quoted\" ✓ $1";
    CHECK(c.exec("INSERT INTO kinds (id, name, label, score, flag, note) "
                 "VALUES ($1, $2, $2, $3, $4, $5)",
                 {std::int64_t{9007199254740993}, text, 0.1, true, db::Null{}}) == 1);
    CHECK(c.exec("INSERT INTO kinds (id, name, flag) VALUES ($1, $2, $3)",
                 {std::int64_t{-2}, std::string(), false}) == 1);

    db::ResultSet r = c.query("SELECT id, name, label, score, flag, note FROM kinds WHERE id = $1",
                              {std::int64_t{9007199254740993}});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.columns == std::vector<std::string>{"id", "name", "label", "score", "flag", "note"});
    CHECK(r.column("score") == 3);
    CHECK(r.column("absent") == -1);
    const auto& row = r.rows[0];
    CHECK(std::get<std::int64_t>(row[0]) == 9007199254740993);
    CHECK(std::get<std::string>(row[1]) == text);
    CHECK(std::get<std::string>(row[2]) == text);  // the same $2 used twice
    CHECK(std::get<double>(row[3]) == 0.1);
    CHECK(db::as_bool(row[4]) == true);
    CHECK(db::is_null(row[5]));

    db::ResultSet empty = c.query("SELECT id, name FROM kinds WHERE name = $1 AND id > $2",
                                  {std::string(""), std::int64_t{0}});
    CHECK(empty.rows.empty());
    CHECK(empty.columns == std::vector<std::string>{"id", "name"});
    CHECK(db::as_bool(c.query("SELECT flag FROM kinds WHERE id = -2").rows.at(0).at(0)) == false);
    CHECK(db::as_text(c.query("SELECT name FROM kinds WHERE id = -2").rows.at(0).at(0)) == "");
  }

  SECTION("exec reports affected rows; DDL affects none") {
    CHECK(c.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER)") == 0);
    for (int i = 1; i <= 3; ++i) {
      c.exec("INSERT INTO items (id, qty) VALUES ($1, $2)", {std::int64_t{i}, std::int64_t{i}});
    }
    CHECK(c.exec("UPDATE items SET qty = qty + 1 WHERE qty >= $1", {std::int64_t{2}}) == 2);
    CHECK(c.exec("DELETE FROM items WHERE id = $1", {std::int64_t{42}}) == 0);
    CHECK(c.exec("CREATE INDEX items_qty ON items (qty)") == 0);
  }

  SECTION("exec_script runs several statements; exec refuses them") {
    c.exec_script(
        "CREATE TABLE a (x INTEGER);\n"
        "-- a comment between statements\n"
        "INSERT INTO a VALUES (1);\n"
        "INSERT INTO a VALUES (2);\n");
    CHECK(count_rows(c, "a") == 2);
    CHECK_THROWS_AS(c.exec("INSERT INTO a VALUES (3); INSERT INTO a VALUES (4)"),
                    db::DatabaseError);
    CHECK(count_rows(c, "a") == 2);
    CHECK(c.exec("INSERT INTO a VALUES (5);  -- trailing comment") == 1);
  }

  SECTION("errors carry the server's message and leave the connection usable") {
    try {
      c.query("SELECT * FROM missing_table");
      FAIL("no error");
    } catch (const db::DatabaseError& error) {
      CHECK_THAT(error.what(), Catch::Contains("missing_table"));
    }
    CHECK(db::as_int(c.query("SELECT 1 + 1").rows.at(0).at(0)) == 2);
    CHECK_THROWS_AS(c.exec_script("CREATE TABLE ok (x INTEGER); THIS IS NOT SQL;"),
                    db::DatabaseError);
  }

  SECTION("commit keeps, rollback discards") {
    c.exec_script("CREATE TABLE t (x INTEGER)");
    CHECK_FALSE(c.in_transaction());
    c.begin();
    CHECK(c.in_transaction());
    c.exec("INSERT INTO t VALUES ($1)", {std::int64_t{1}});
    c.rollback();
    CHECK_FALSE(c.in_transaction());
    CHECK(count_rows(c, "t") == 0);

    c.begin();
    c.exec("INSERT INTO t VALUES ($1)", {std::int64_t{2}});
    c.exec_script("CREATE TABLE t2 (y INTEGER)");
    c.commit();
    CHECK_FALSE(c.in_transaction());
    CHECK(count_rows(c, "t") == 1);
    CHECK(c.table_exists("", "t2"));

    // DDL rolls back too (both engines have transactional DDL).
    c.begin();
    c.exec_script("CREATE TABLE t3 (z INTEGER)");
    c.rollback();
    CHECK_FALSE(c.table_exists("", "t3"));
    c.rollback();  // nothing open: no error
  }

  SECTION("a failed statement inside a transaction, then rollback") {
    c.exec_script("CREATE TABLE t (x INTEGER PRIMARY KEY)");
    c.begin();
    c.exec("INSERT INTO t VALUES (1)");
    CHECK_THROWS_AS(c.exec("INSERT INTO t VALUES (1)"), db::DatabaseError);
    CHECK(c.in_transaction());
    c.rollback();
    CHECK_FALSE(c.in_transaction());
    CHECK(count_rows(c, "t") == 0);
  }

  SECTION("savepoints undo part of a transaction") {
    c.exec_script("CREATE TABLE t (x INTEGER)");
    c.begin();
    c.exec("INSERT INTO t VALUES (1)");
    c.savepoint("before_two");
    c.exec("INSERT INTO t VALUES (2)");
    c.rollback_to_savepoint("before_two");
    c.release_savepoint("before_two");
    c.savepoint("three");
    c.exec("INSERT INTO t VALUES (3)");
    c.release_savepoint("three");
    c.commit();
    db::ResultSet r = c.query("SELECT x FROM t ORDER BY x");
    REQUIRE(r.rows.size() == 2);
    CHECK(db::as_int(r.rows[0][0]) == 1);
    CHECK(db::as_int(r.rows[1][0]) == 3);
  }

  SECTION("table_exists looks in the current schema or the one named") {
    CHECK_FALSE(c.table_exists("", "version_table"));
    c.exec_script("CREATE TABLE version_table (v TEXT)");
    CHECK(c.table_exists("", "version_table"));
    CHECK(c.table_exists(c.current_schema(), "version_table"));
    CHECK_FALSE(c.table_exists("", "other_table"));
    c.exec_script("CREATE VIEW version_view AS SELECT v FROM version_table");
    CHECK_FALSE(c.table_exists("", "version_view"));  // a view is not a table
  }

  SECTION("introspection reports tables, keys, indexes and views alike on every dialect") {
    c.exec_script(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, "
        "  created TEXT DEFAULT 'now');\n"
        "CREATE TABLE child (id INTEGER NOT NULL, parent_id INTEGER, note TEXT, "
        "  price INTEGER CHECK (price > 0), "
        "  PRIMARY KEY (id), "
        "  CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) "
        "  ON DELETE CASCADE);\n"
        "CREATE INDEX child_note_idx ON child (note) WHERE note IS NOT NULL;\n"
        "CREATE UNIQUE INDEX child_lower_note ON child (lower(note));\n"
        "CREATE INDEX child_parent_idx ON child (parent_id, id);\n"
        "CREATE VIEW parent_emails AS SELECT email FROM parent;\n");
    db::SchemaSnapshot s = c.introspect();
    REQUIRE(s.tables.size() == 2);
    CHECK(s.tables[0].name == "child");  // sorted by name
    CHECK(s.tables[1].name == "parent");

    const db::TableInfo& parent = find_table(s, "parent");
    REQUIRE(parent.columns.size() == 3);
    CHECK(parent.columns[0].name == "id");
    CHECK(parent.columns[0].primary_key);
    CHECK(parent.columns[0].position == 1);
    CHECK(parent.columns[1].name == "email");
    CHECK_FALSE(parent.columns[1].nullable);
    CHECK_THAT(parent.columns[1].type, Catch::Contains("255"));
    CHECK(parent.columns[2].nullable);
    REQUIRE(parent.columns[2].default_sql.has_value());
    CHECK_THAT(*parent.columns[2].default_sql, Catch::Contains("'now'"));
    CHECK(parent.indexes.empty());  // the UNIQUE constraint is a constraint, not an index
    auto unique = std::find_if(parent.constraints.begin(), parent.constraints.end(),
                               [](const auto& k) { return k.kind == "unique"; });
    REQUIRE(unique != parent.constraints.end());
    CHECK(unique->columns == std::vector<std::string>{"email"});
    auto pk = std::find_if(parent.constraints.begin(), parent.constraints.end(),
                           [](const auto& k) { return k.kind == "primary_key"; });
    REQUIRE(pk != parent.constraints.end());
    CHECK(pk->columns == std::vector<std::string>{"id"});

    const db::TableInfo& child = find_table(s, "child");
    REQUIRE(child.indexes.size() == 3);
    CHECK(child.indexes[0].name == "child_lower_note");
    CHECK(child.indexes[0].unique);
    REQUIRE(child.indexes[0].columns.size() == 1);
    CHECK_THAT(child.indexes[0].columns[0], Catch::Contains("lower(note)"));
    CHECK(child.indexes[1].name == "child_note_idx");
    CHECK_FALSE(child.indexes[1].unique);
    CHECK(child.indexes[1].columns == std::vector<std::string>{"note"});
    CHECK_THAT(child.indexes[1].where, Catch::Contains("note IS NOT NULL"));
    CHECK_THAT(child.indexes[1].definition, Catch::Contains("child_note_idx"));
    CHECK(child.indexes[2].columns == std::vector<std::string>{"parent_id", "id"});
    CHECK(child.indexes[2].where.empty());
    auto fk = std::find_if(child.constraints.begin(), child.constraints.end(),
                           [](const auto& k) { return k.kind == "foreign_key"; });
    REQUIRE(fk != child.constraints.end());
    CHECK(fk->columns == std::vector<std::string>{"parent_id"});
    CHECK(fk->ref_table == "parent");
    CHECK(fk->ref_columns == std::vector<std::string>{"id"});
    CHECK(fk->on_delete == "CASCADE");
    CHECK(fk->on_update == "NO ACTION");
    CHECK(fk->name == "child_parent_fk");
    auto check = std::find_if(child.constraints.begin(), child.constraints.end(),
                              [](const auto& k) { return k.kind == "check"; });
    REQUIRE(check != child.constraints.end());
    CHECK(check->columns == std::vector<std::string>{"price"});
    CHECK(check->check == "CHECK (price > 0)");
    CHECK(check->validated);

    REQUIRE(s.views.size() == 1);
    CHECK(s.views[0].name == "parent_emails");
    CHECK_THAT(s.views[0].definition, Catch::Contains("email"));
  }

  SECTION("quote_identifier doubles quotes") {
    CHECK(c.quote_identifier("we\"ird") == "\"we\"\"ird\"");
    c.exec_script("CREATE TABLE " + c.quote_identifier("Mixed Case\"") + " (x INTEGER)");
    CHECK(c.table_exists("", "Mixed Case\""));
  }

  SECTION("identity of the server") {
    CHECK_FALSE(c.server_version().empty());
    CHECK(c.server_version_num() > 0);
    CHECK_FALSE(c.display_url().empty());
    CHECK_FALSE(c.current_schema().empty());
  }
}

}  // namespace pm::test
