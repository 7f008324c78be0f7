// Specification of replay: what each op does to the schema state, which problems become which
// PM3xx diagnostic (with file and line), and a history of 10,000 migrations replayed whole.
#include "schema/replay.hpp"

#include <catch2/catch.hpp>

#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

using namespace pm;
using model::Dialect;

namespace {

// Applies every statement of `sql`; returns the diagnostics' codes with their lines.
std::vector<std::string> run(schema::SchemaState& state, const std::string& sql) {
  std::vector<std::string> codes;
  const auto split = sql::split_statements(sql, state.dialect());
  for (const auto& statement : split.statements) {
    const auto steps = sql::read_ddl(statement, state.dialect());
    REQUIRE_FALSE(steps.empty());
    for (const auto& step : steps) {
      for (const auto& d : schema::apply_op(state, step.op, {"m.sql", step.line})) {
        CHECK(d.file == "m.sql");
        codes.push_back(d.code + "@" + std::to_string(d.line));
      }
    }
  }
  return codes;
}

model::History linear_history(std::vector<std::string> scripts) {
  std::vector<model::Migration> migrations;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    model::Migration migration;
    migration.key = "V" + std::to_string(i + 1);
    if (i > 0) migration.parents = {migrations.back().key};
    migration.up = {model::SqlStep{std::move(scripts[i]), 1, false, false}};
    migration.source.file = migration.key + ".sql";
    migrations.push_back(std::move(migration));
  }
  return model::History(std::move(migrations));
}

}  // namespace

TEST_CASE("replay: tables, columns and indexes follow the DDL", "[schema][replay]") {
  schema::SchemaState state(Dialect::postgresql);
  CHECK(run(state,
            "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, name text);\n"
            "CREATE TABLE posts (id int, user_id int REFERENCES users, PRIMARY KEY (id));\n"
            "CREATE INDEX posts_user_idx ON posts (user_id);\n"
            "ALTER TABLE users ADD COLUMN age int DEFAULT 0, DROP COLUMN name;\n"
            "ALTER TABLE users RENAME COLUMN email TO mail;\n"
            "ALTER TABLE users RENAME TO people;\n"
            "ALTER TABLE people ALTER COLUMN age SET NOT NULL;\n")
            .empty());
  const auto* people = state.find_table({"", "people"});
  REQUIRE(people);
  CHECK_FALSE(state.find_table({"", "users"}));
  CHECK(state.find_table({"public", "people"}) == people);  // the default schema is implied
  REQUIRE(people->columns.size() == 3);
  CHECK(people->columns[1].name == "mail");
  CHECK(people->columns[2].name == "age");
  CHECK_FALSE(people->columns[2].nullable);
  const auto* posts = state.find_table({"", "posts"});
  REQUIRE(posts);
  CHECK_FALSE(posts->columns[0].nullable);                 // PostgreSQL primary keys are NOT NULL
  CHECK(posts->columns[1].references->table == "people");  // follows the rename
  CHECK(state.find_index({"", "posts_user_idx"}));
  CHECK(run(state, "DROP TABLE posts;").empty());
  CHECK_FALSE(state.find_index({"", "posts_user_idx"}));
}

TEST_CASE("replay: problems become PM3xx diagnostics with their line", "[schema][replay]") {
  schema::SchemaState state(Dialect::postgresql);
  const auto codes = run(state,
                         "CREATE TABLE t (id int PRIMARY KEY, a text UNIQUE);\n"
                         "CREATE TABLE t (id int);\n"
                         "CREATE TABLE IF NOT EXISTS t (id int);\n"
                         "ALTER TABLE t DROP COLUMN nope;\n"
                         "ALTER TABLE t DROP COLUMN IF EXISTS nope;\n"
                         "ALTER TABLE t ADD COLUMN a text;\n"
                         "CREATE INDEX t_b ON t (b);\n"
                         "DROP INDEX missing_idx;\n"
                         "DROP INDEX IF EXISTS missing_idx;\n"
                         "ALTER TABLE t DROP CONSTRAINT nope_key;\n"
                         "ALTER TABLE t DROP CONSTRAINT t_a_key;\n"
                         "CREATE TABLE u (t_id int REFERENCES nowhere (id));\n"
                         "DROP TABLE gone;\n"
                         "DROP TABLE IF EXISTS gone;\n"
                         "ALTER TABLE gone ADD COLUMN x int;\n"
                         "CREATE INDEX t_b ON t (id);\n"
                         "DROP VIEW v;\n"
                         "CREATE TYPE mood AS ENUM ('ok');\n"
                         "CREATE TYPE mood AS ENUM ('ok');\n");
  CHECK(codes == std::vector<std::string>{"PM301@2", "PM303@4", "PM304@6", "PM307@7", "PM306@8",
                                          "PM308@10", "PM309@12", "PM302@13", "PM302@15",
                                          "PM305@16", "PM311@17", "PM310@19"});
  // The unnamed UNIQUE was found by the name PostgreSQL gave it, and is gone.
  CHECK_FALSE(state.find_table({"", "t"})->columns[1].unique);
}

TEST_CASE("replay: SQLite names ignore case, PostgreSQL names are exact", "[schema][replay]") {
  schema::SchemaState lite(Dialect::sqlite);
  CHECK(run(lite,
            "CREATE TABLE Users (Id INTEGER PRIMARY KEY);\n"
            "CREATE INDEX users_id ON USERS (ID);\n"
            "ALTER TABLE users ADD COLUMN Name TEXT;")
            .empty());
  CHECK(lite.find_table({"main", "uSeRs"}));
  schema::SchemaState pg(Dialect::postgresql);
  CHECK(run(pg, "CREATE TABLE \"Users\" (id int);\nCREATE TABLE users (id int);").empty());
  CHECK(pg.table_count() == 2);
}

TEST_CASE("replay: snapshots keep their own state", "[schema][replay]") {
  schema::SchemaState state(Dialect::sqlite);
  run(state, "CREATE TABLE a (x INTEGER);");
  const schema::SchemaState snapshot = state;
  run(state, "ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER);");
  CHECK(snapshot.find_table({"", "a"})->columns.size() == 1);
  CHECK_FALSE(snapshot.find_table({"", "b"}));
  CHECK(state.find_table({"", "a"})->columns.size() == 2);
}

TEST_CASE("replay: a history gives the state before and after every migration",
          "[schema][replay]") {
  const auto history = linear_history({
      "CREATE TABLE a (id INTEGER PRIMARY KEY);",
      "-- nothing the model knows\nCREATE TRIGGER tr AFTER INSERT ON a BEGIN SELECT 1; END;\n"
      "ALTER TABLE a ADD COLUMN b TEXT;",
      "\n\nDROP TABLE missing;",
  });
  const auto replay = schema::replay_history(history, Dialect::sqlite);
  REQUIRE(replay.migrations.size() == 3);
  CHECK(replay.migrations[0].before.table_count() == 0);
  CHECK(replay.migrations[0].after.table_count() == 1);
  CHECK(replay.migrations[1].before.find_table({"", "a"})->columns.size() == 1);
  CHECK(replay.migrations[1].after.find_table({"", "a"})->columns.size() == 2);
  CHECK(replay.migrations[1].skipped_sql == 1);
  CHECK(replay.skipped_sql == 1);
  REQUIRE(replay.diagnostics.size() == 1);
  CHECK(replay.diagnostics[0].code == "PM302");
  CHECK(replay.diagnostics[0].file == "V3.sql");
  CHECK(replay.diagnostics[0].line == 3);
}

TEST_CASE("replay: op steps and opaque steps", "[schema][replay]") {
  model::Migration migration;
  migration.key = "abc";
  model::CreateTable create;
  create.table = {"", "t"};
  model::Column id;
  id.name = "id";
  create.columns.push_back(id);
  migration.up = {model::OpStep{create, "", 3},
                  model::OpaqueStep{"python", "op.execute(x)", {"a.py", 4, 4}, "dynamic"}};
  const auto replay = schema::replay_history(model::History({migration}), Dialect::postgresql);
  CHECK(replay.state.find_table({"", "t"}));
  CHECK(replay.opaque_steps == 1);
  CHECK(replay.migrations[0].ops == 1);
}

TEST_CASE("replay: 10,000 migrations of CREATE TABLE + INSERT", "[schema][replay]") {
  constexpr int count = 10000;
  std::vector<std::string> scripts;
  scripts.reserve(count);
  for (int i = 0; i < count; ++i) {
    const std::string t = "t" + std::to_string(i);
    scripts.push_back("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n" +
                      "INSERT INTO " + t + " (id, name) VALUES (1, 'row');\n");
  }
  const auto replay = schema::replay_history(linear_history(std::move(scripts)), Dialect::sqlite);
  CHECK(replay.diagnostics.empty());
  CHECK(replay.skipped_sql == 0);
  REQUIRE(replay.migrations.size() == count);
  CHECK(replay.state.table_count() == count);
  for (int i : {0, 1, 4999, 9999}) {
    const auto& m = replay.migrations[static_cast<std::size_t>(i)];
    CHECK(m.before.table_count() == static_cast<std::size_t>(i));
    CHECK(m.after.table_count() == static_cast<std::size_t>(i + 1));
    CHECK_FALSE(m.before.find_table({"", "t" + std::to_string(i)}));
    CHECK(m.after.find_table({"", "T" + std::to_string(i)}));
    CHECK(m.ops == 2);
  }
}
