// PostgresConnection against the throwaway server of the ctest fixture (tests/pg_server.sh).
#include <catch2/catch.hpp>
#include <chrono>

#include "db/connection.hpp"
#include "db/connection_conformance.hpp"
#include "db/recording_connection.hpp"
#include "support/postgres_server.hpp"

using namespace pm;

namespace {

std::unique_ptr<db::Connection> open_fresh() {
  return db::open_connection(db::parse_database_url(test::postgres_url(true)));
}

}  // namespace

TEST_CASE("PostgreSQL connection keeps the Connection contract", "[db][postgres]") {
  test::check_connection_conformance(open_fresh);
}

TEST_CASE("PostgreSQL specifics: version, user, schema from the URL", "[db][postgres]") {
  const std::string url = test::postgres_url(true);
  auto c = db::open_connection(db::parse_database_url(url));
  CHECK(c->dialect() == model::Dialect::postgresql);
  CHECK(c->server_version_num() >= 100000);
  CHECK_THAT(c->server_version(), Catch::Matches(R"(\d+\.\d+.*)"));
  CHECK(c->current_user() == "postgres");
  CHECK(c->current_schema() == "public");
  CHECK(c->supports_advisory_locks());
  c->exec_script("CREATE SCHEMA \"Tenant One\"; CREATE TABLE \"Tenant One\".t (x int)");

  auto in_schema = db::open_connection(db::parse_database_url(url + "?schema=Tenant%20One"));
  CHECK(in_schema->current_schema() == "Tenant One");
  CHECK(in_schema->table_exists("", "t"));
  CHECK_FALSE(in_schema->table_exists("public", "t"));
  in_schema->exec_script("CREATE TABLE flyway_schema_history (installed_rank int)");
  CHECK(c->table_exists("Tenant One", "flyway_schema_history"));
  CHECK(in_schema->introspect().tables.size() == 2);
  CHECK(c->introspect().tables.empty());
  CHECK(c->introspect("Tenant One").tables.size() == 2);
}

TEST_CASE("PostgreSQL values: numeric stays text, errors carry the SQLSTATE", "[db][postgres]") {
  auto c = open_fresh();
  db::ResultSet r = c->query(
      "SELECT 12345678901234567890.123::numeric, 2::int2, 3::int4, 1.5::float4, NULL::int, "
      "'x'::varchar, now() IS NOT NULL, $1::text IS NULL",
      {db::Null{}});
  const auto& row = r.rows.at(0);
  CHECK(std::get<std::string>(row[0]) == "12345678901234567890.123");
  CHECK(std::get<std::int64_t>(row[1]) == 2);
  CHECK(std::get<std::int64_t>(row[2]) == 3);
  CHECK(std::get<double>(row[3]) == 1.5);
  CHECK(db::is_null(row[4]));
  CHECK(std::get<std::string>(row[5]) == "x");
  CHECK(std::get<bool>(row[6]));
  CHECK(std::get<bool>(row[7]));

  try {
    c->query("SELECT * FROM nowhere");
    FAIL("no error");
  } catch (const db::DatabaseError& error) {
    CHECK(error.sqlstate() == "42P01");
  }
  c->exec_script("CREATE TABLE u (x int UNIQUE)");
  c->exec("INSERT INTO u VALUES ($1)", {std::int64_t{1}});
  try {
    c->exec("INSERT INTO u VALUES ($1)", {std::int64_t{1}});
    FAIL("no error");
  } catch (const db::DatabaseError& error) {
    CHECK(error.sqlstate() == "23505");
  }
}

TEST_CASE("PostgreSQL exec_script is one implicit transaction", "[db][postgres]") {
  auto c = open_fresh();
  c->exec_script("CREATE TABLE a (x int)");
  CHECK_THROWS_AS(c->exec_script("INSERT INTO a VALUES (1); INSERT INTO a VALUES ('oops')"),
                  db::DatabaseError);
  CHECK(db::as_int(c->query("SELECT count(*) FROM a").rows.at(0).at(0)) == 0);
  // A script with its own BEGIN/COMMIT (Prisma migrations have them) runs as written.
  c->exec_script("BEGIN; INSERT INTO a VALUES (2); COMMIT;");
  CHECK(db::as_int(c->query("SELECT count(*) FROM a").rows.at(0).at(0)) == 1);
  CHECK_FALSE(c->in_transaction());
}

TEST_CASE("PostgreSQL COMMIT of a failed transaction is an error, not a silent rollback",
          "[db][postgres]") {
  auto c = open_fresh();
  c->exec_script("CREATE TABLE a (x int)");
  c->begin();
  c->exec("INSERT INTO a VALUES (1)");
  CHECK_THROWS_AS(c->query("SELECT * FROM nowhere"), db::DatabaseError);
  CHECK(c->in_transaction());
  CHECK_THROWS_AS(c->commit(), db::DatabaseError);
  CHECK_FALSE(c->in_transaction());
  CHECK(db::as_int(c->query("SELECT count(*) FROM a").rows.at(0).at(0)) == 0);
}

TEST_CASE("PostgreSQL advisory locks exclude a second session", "[db][postgres]") {
  const std::string url = test::postgres_url(true);
  auto first = db::open_connection(db::parse_database_url(url));
  auto second = db::open_connection(db::parse_database_url(url));
  const std::int64_t key = 72707369;  // the key Flyway's PostgreSQL lock would take is a hash

  CHECK(first->try_advisory_lock(key));
  CHECK_FALSE(second->try_advisory_lock(key));

  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(second->advisory_lock(key, std::chrono::milliseconds(200)));
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(200));
  CHECK(waited < std::chrono::milliseconds(2000));

  first->advisory_unlock(key);
  CHECK(second->advisory_lock(key, std::chrono::milliseconds(200)));
  CHECK_FALSE(first->try_advisory_lock(key));
  second->advisory_unlock(key);
  CHECK(first->try_advisory_lock(-1));  // negative keys are valid bigint keys
  first->advisory_unlock(-1);
  first->advisory_unlock(12345);  // not held: a server warning, not an error
}

TEST_CASE("PostgreSQL introspection: enums, checks, NOT VALID, actions", "[db][postgres]") {
  auto c = open_fresh();
  c->exec_script(
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
      "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';\n"
      "CREATE TABLE person (id serial PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', age int, "
      "  CONSTRAINT age_positive CHECK (age > 0));\n"
      "CREATE TABLE pet (id bigint GENERATED ALWAYS AS IDENTITY, owner int, "
      "  CONSTRAINT pet_pk PRIMARY KEY (id));\n"
      "ALTER TABLE pet ADD CONSTRAINT pet_owner_fk FOREIGN KEY (owner) REFERENCES person (id) "
      "  ON DELETE SET NULL ON UPDATE RESTRICT NOT VALID;\n");
  db::SchemaSnapshot s = c->introspect();
  REQUIRE(s.enums.size() == 1);
  CHECK(s.enums[0].name == "mood");
  CHECK(s.enums[0].values == std::vector<std::string>{"sad", "meh", "ok", "happy"});

  REQUIRE(s.tables.size() == 2);
  const db::TableInfo& person = s.tables[0];
  CHECK(person.name == "person");
  CHECK(person.columns[0].type == "integer");
  CHECK_THAT(person.columns[0].default_sql.value_or(""), Catch::Contains("nextval"));
  CHECK(person.columns[1].type == "mood");
  CHECK_FALSE(person.columns[1].nullable);
  REQUIRE(person.constraints.size() == 2);
  CHECK(person.constraints[0].name == "age_positive");  // sorted by name
  CHECK(person.constraints[0].kind == "check");
  CHECK(person.constraints[0].check == "CHECK (age > 0)");
  CHECK(person.constraints[0].columns == std::vector<std::string>{"age"});
  CHECK(person.constraints[1].name == "person_pkey");

  const db::TableInfo& pet = s.tables[1];
  REQUIRE(pet.constraints.size() == 2);
  CHECK(pet.constraints[0].name == "pet_owner_fk");
  CHECK_FALSE(pet.constraints[0].validated);
  CHECK(pet.constraints[0].on_delete == "SET NULL");
  CHECK(pet.constraints[0].on_update == "RESTRICT");
  CHECK(pet.constraints[1].kind == "primary_key");
  CHECK(pet.columns[0].primary_key);
  CHECK_FALSE(pet.columns[0].nullable);
}

TEST_CASE("PostgreSQL dry run records lock calls and writes, runs none", "[db][postgres]") {
  auto real = open_fresh();
  real->exec_script("CREATE TABLE alembic_version (version_num varchar(32) NOT NULL)");
  db::RecordingConnection dry(*real);
  CHECK(dry.supports_advisory_locks());
  CHECK(dry.try_advisory_lock(42));
  dry.begin();
  dry.exec("INSERT INTO alembic_version (version_num) VALUES ($1)", {std::string("ae1027a6acf")});
  dry.commit();
  dry.advisory_unlock(42);
  CHECK(dry.statements() == std::vector<std::string>{
                                "SELECT pg_try_advisory_lock(42);", "BEGIN;",
                                "INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf');",
                                "COMMIT;", "SELECT pg_advisory_unlock(42);"});
  CHECK(real->query("SELECT * FROM alembic_version").rows.empty());
  // The lock was not taken for real: another session gets it.
  auto other = db::open_connection(db::parse_database_url(real->display_url()));
  CHECK(other->try_advisory_lock(42));
}
