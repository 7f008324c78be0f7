// RecordingConnection: writes become SQL text with literals, reads reach the real database.
#include "db/recording_connection.hpp"

#include <catch2/catch.hpp>

#include "db/connection.hpp"

using namespace pm;

TEST_CASE("parameters become literals, only where SQL would bind them", "[db][recording]") {
  using db::substitute_parameters;
  std::vector<db::Value> ten;
  for (int i = 1; i <= 10; ++i) ten.emplace_back(std::in_place_type<std::int64_t>, i * 100);
  CHECK(substitute_parameters("VALUES ($1, $10, $2)", ten) == "VALUES (100, 1000, 200)");
  CHECK(substitute_parameters("SELECT $1, '$1', \"$1\", $$ $1 $$, $f$ $1 $f$ -- $1\n/* $1 */ $1",
                              {std::string("it's")}) ==
        "SELECT 'it''s', '$1', \"$1\", $$ $1 $$, $f$ $1 $f$ -- $1\n/* $1 */ 'it''s'");
  CHECK(substitute_parameters("SELECT $1, $2, $3, $4", {db::Null{}, true, 1.5, std::int64_t{-3}}) ==
        "SELECT NULL, TRUE, 1.5, -3");
  CHECK(substitute_parameters("SELECT $3", {std::int64_t{1}}) == "SELECT $3");
}

TEST_CASE("a dry run records writes and leaves the database untouched", "[db][recording]") {
  auto real = db::open_connection(db::parse_database_url("sqlite::memory:"));
  real->exec_script("CREATE TABLE knex_migrations (id INTEGER PRIMARY KEY, name TEXT, batch INT)");
  real->exec("INSERT INTO knex_migrations (name, batch) VALUES ('001_init.js', 1)");

  db::RecordingConnection dry(*real);
  CHECK(dry.dialect() == model::Dialect::sqlite);
  CHECK(dry.table_exists("", "knex_migrations"));
  CHECK(dry.query("SELECT name FROM knex_migrations WHERE batch = $1", {std::int64_t{1}})
            .rows.size() == 1);

  dry.begin();
  CHECK(dry.in_transaction());
  dry.exec_script("CREATE TABLE users (id INTEGER PRIMARY KEY)\n");
  CHECK(dry.exec("INSERT INTO knex_migrations (name, batch) VALUES ($1, $2)",
                 {std::string("002_o'neil.js"), std::int64_t{2}}) == 1);
  dry.savepoint("s1");
  dry.rollback_to_savepoint("s1");
  dry.release_savepoint("s1");
  dry.exec_script("UPDATE knex_migrations SET batch = 3 -- no semicolon");
  dry.commit();
  CHECK_FALSE(dry.in_transaction());

  CHECK(dry.statements() ==
        std::vector<std::string>{
            "BEGIN;",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            "INSERT INTO knex_migrations (name, batch) VALUES ('002_o''neil.js', 2);",
            "SAVEPOINT \"s1\";",
            "ROLLBACK TO SAVEPOINT \"s1\";",
            "RELEASE SAVEPOINT \"s1\";",
            "UPDATE knex_migrations SET batch = 3 -- no semicolon\n;",
            "COMMIT;",
        });

  CHECK_FALSE(real->table_exists("", "users"));
  CHECK(real->query("SELECT name FROM knex_migrations").rows.size() == 1);
  CHECK_FALSE(real->in_transaction());
  CHECK(dry.introspect().tables.size() == 1);

  CHECK_FALSE(dry.supports_advisory_locks());
  CHECK_THROWS_AS(dry.try_advisory_lock(1), db::DatabaseError);
}
