// SqliteConnection: the shared suite on a file and in memory, and what only SQLite does.
#include "db/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "db/connection.hpp"
#include "db/connection_conformance.hpp"
#include "support/temp_dir.hpp"

using namespace pm;

TEST_CASE("SQLite file connection keeps the Connection contract", "[db][sqlite]") {
  test::TempDir dir;
  test::check_connection_conformance([&] {
    return db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "t.db").string()));
  });
}

TEST_CASE("SQLite in-memory connection keeps the Connection contract", "[db][sqlite]") {
  test::check_connection_conformance(
      [] { return db::open_connection(db::parse_database_url("sqlite::memory:")); });
}

TEST_CASE("SQLite creates the file and sees it from a second connection", "[db][sqlite]") {
  test::TempDir dir;
  const auto path = dir.path() / "created.db";
  auto url = db::parse_database_url(path.string());
  auto first = db::open_connection(url);
  CHECK(std::filesystem::exists(path));
  first->exec_script("CREATE TABLE knex_migrations (id INTEGER PRIMARY KEY, name TEXT)");
  first->exec("INSERT INTO knex_migrations (name) VALUES ($1)", {std::string("a.js")});
  auto second = db::open_connection(url);
  CHECK(second->table_exists("main", "knex_migrations"));
  CHECK(second->table_exists("", "KNEX_MIGRATIONS"));  // SQLite names ignore case
  CHECK(second->query("SELECT name FROM knex_migrations").rows.size() == 1);
}

TEST_CASE("SQLite specifics: no advisory locks, main schema, foreign keys on", "[db][sqlite]") {
  auto c = db::open_connection(db::parse_database_url("sqlite::memory:"));
  CHECK(c->dialect() == model::Dialect::sqlite);
  CHECK_FALSE(c->supports_advisory_locks());
  CHECK_THROWS_WITH(c->try_advisory_lock(1), Catch::Contains("SQLite has no advisory locks"));
  CHECK_THROWS_AS(c->advisory_lock(1, std::chrono::milliseconds(10)), db::DatabaseError);
  CHECK_THROWS_AS(c->advisory_unlock(1), db::DatabaseError);
  CHECK(c->current_schema() == "main");
  CHECK(c->current_user().empty());
  CHECK(c->server_version() == std::string(sqlite3_libversion()));
  CHECK(db::as_int(c->query("PRAGMA foreign_keys").rows.at(0).at(0)) == 1);

  c->exec_script(
      "CREATE TABLE p (id INTEGER PRIMARY KEY);"
      "CREATE TABLE ch (pid INTEGER REFERENCES p);");
  CHECK_THROWS_WITH(c->exec("INSERT INTO ch VALUES ($1)", {std::int64_t{7}}),
                    Catch::Contains("FOREIGN KEY"));
  CHECK(c->table_exists("temp", "p") == false);
}

TEST_CASE("SQLite parameters: $N by number, mistakes refused", "[db][sqlite]") {
  auto c = db::open_connection(db::parse_database_url("sqlite::memory:"));
  // $2 written before $1: bound by name, not by position of appearance.
  db::ResultSet r =
      c->query("SELECT $2 || '-' || $1 || '-' || $2", {std::string("one"), std::string("two")});
  CHECK(db::as_text(r.rows.at(0).at(0)) == "two-one-two");
  CHECK_THROWS_WITH(c->query("SELECT $2", {std::string("x")}), Catch::Contains("$2"));
  CHECK_THROWS_AS(c->query("SELECT $1", {std::string("x"), std::string("y")}), db::DatabaseError);
  CHECK_THROWS_WITH(c->query("SELECT ?", {std::string("x")}), Catch::Contains("$1, $2"));
  CHECK_THROWS_WITH(c->query("SELECT :name", {std::string("x")}), Catch::Contains("$1, $2"));
  CHECK(db::as_text(c->query("SELECT $10",
                             {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}, std::int64_t{4},
                              std::int64_t{5}, std::int64_t{6}, std::int64_t{7}, std::int64_t{8},
                              std::int64_t{9}, std::string("ten")})
                        .rows.at(0)
                        .at(0)) == "ten");
}

TEST_CASE("SQLite errors name the statement that failed", "[db][sqlite]") {
  auto c = db::open_connection(db::parse_database_url("sqlite::memory:"));
  try {
    c->exec_script("CREATE TABLE a (x INTEGER);\nINSERT INTO nowhere VALUES (1);\nSELECT 1;");
    FAIL("no error");
  } catch (const db::DatabaseError& error) {
    CHECK_THAT(error.what(), Catch::Contains("no such table: nowhere"));
    CHECK_THAT(error.what(), Catch::Contains("INSERT INTO nowhere VALUES (1);"));
  }
  CHECK_THROWS_WITH(db::open_connection(db::parse_database_url("sqlite:/nonexistent-dir/x/y.db")),
                    Catch::Contains("cannot open SQLite database sqlite:/nonexistent-dir/x/y.db"));
}

TEST_CASE("SQLite introspection: column details, expression keys, rowid tables", "[db][sqlite]") {
  auto c = db::open_connection(db::parse_database_url("sqlite::memory:"));
  c->exec_script(
      "CREATE TABLE pair (a TEXT, b TEXT, CONSTRAINT pair_pk PRIMARY KEY (b, a), "
      "  UNIQUE (a));\n"
      "CREATE TABLE solo (k TEXT PRIMARY KEY);\n"
      "CREATE TABLE kid (id INTEGER PRIMARY KEY, a TEXT REFERENCES solo ON UPDATE SET NULL, "
      "  b TEXT, FOREIGN KEY (b, a) REFERENCES pair (b, a));\n");
  db::SchemaSnapshot s = c->introspect("main");
  REQUIRE(s.tables.size() == 3);
  const db::TableInfo& pair = s.tables[1];
  CHECK(pair.name == "pair");
  CHECK(pair.schema == "main");
  CHECK(pair.indexes.empty());  // the pk and unique autoindexes are constraints
  REQUIRE(pair.constraints.size() == 2);
  CHECK(pair.constraints[0].kind == "primary_key");
  CHECK(pair.constraints[0].columns == std::vector<std::string>{"b", "a"});
  CHECK(pair.constraints[0].name == "pair_pk");  // read from the CREATE TABLE text
  CHECK(pair.constraints[1].kind == "unique");
  CHECK_THAT(pair.constraints[1].name, Catch::StartsWith("sqlite_autoindex_pair_"));

  const db::TableInfo& kid = s.tables[0];
  std::vector<db::ConstraintInfo> fks;
  for (const auto& k : kid.constraints) {
    if (k.kind == "foreign_key") fks.push_back(k);
  }
  REQUIRE(fks.size() == 2);
  CHECK(fks[0].columns == std::vector<std::string>{"a"});
  CHECK(fks[0].ref_table == "solo");
  CHECK(fks[0].ref_columns == std::vector<std::string>{"k"});  // implicit: the parent's pk
  CHECK(fks[0].on_update == "SET NULL");
  CHECK(fks[1].columns == std::vector<std::string>{"b", "a"});
  CHECK(fks[1].ref_columns == std::vector<std::string>{"b", "a"});
}
