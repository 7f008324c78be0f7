// Forms lint reads as the rule they belong to rather than as unreadable or safe: a column's own
// REFERENCES and CHECK, lock_timeout set through set_config(), Knex query-builder backfills,
// a rename kept readable through a view, and recipes that name what the finding already knows.
#include <catch2/catch.hpp>

#include "lint/lint_projects.hpp"
#include "lint/rule_catalogue.hpp"

using pm::model::Dialect;
namespace lint = pm::lint;
namespace test = pm::test;

namespace {

const char* kUsers =
    "CREATE TABLE users (id integer PRIMARY KEY, name text);\n"
    "CREATE TABLE orders (id integer PRIMARY KEY);";

const lint::Finding* finding(const lint::MigrationLint& migration, const std::string& code) {
  for (const auto& f : migration.findings)
    if (f.diagnostic.code == code) return &f;
  return nullptr;
}

std::string recipe_text(const lint::Finding& f) {
  std::string out;
  for (const auto& step : f.recipe) out += step.phase + ": " + step.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("a column added with REFERENCES or CHECK is the foreign key or check rule",
          "[lint][issue9]") {
  const std::string lock = "SET lock_timeout = '1s';\n";
  auto result = test::lint_spec(
      {"flyway",
       Dialect::postgresql,
       {kUsers, lock + "ALTER TABLE orders ADD COLUMN user_id integer REFERENCES users (id);",
        lock + "ALTER TABLE orders ADD COLUMN qty integer CHECK (qty > 0);",
        lock + "ALTER TABLE orders ADD COLUMN note text;"},
       {}});
  REQUIRE(result.migrations.size() == 4);
  CHECK(test::codes(result.migrations[1]) == std::vector<std::string>{"PM512"});
  const auto* fk = finding(result.migrations[1], "PM512");
  REQUIRE(fk);
  CHECK_THAT(fk->diagnostic.message, Catch::Contains("orders.user_id REFERENCES users"));
  CHECK_THAT(recipe_text(*fk), Catch::Contains("VALIDATE CONSTRAINT orders_user_id_fkey"));
  CHECK(test::codes(result.migrations[2]) == std::vector<std::string>{"PM513"});
  CHECK_THAT(recipe_text(*finding(result.migrations[2], "PM513")),
             Catch::Contains("ADD CONSTRAINT orders_qty_check CHECK"));
  CHECK(result.migrations[3].findings.empty());

  // SQLite adds such a column in place: neither rule is about it.
  auto fresh = test::lint_spec(
      {"flyway",
       Dialect::sqlite,
       {kUsers, "ALTER TABLE orders ADD COLUMN user_id integer REFERENCES users (id);"},
       {}});
  CHECK(fresh.migrations[1].findings.empty());
}

TEST_CASE("SELECT set_config('lock_timeout', ...) sets lock_timeout", "[lint][issue9]") {
  auto result = test::lint_spec(
      {"flyway",
       Dialect::postgresql,
       {kUsers,
        "SELECT set_config('lock_timeout', '2s', false);\nALTER TABLE users ADD COLUMN a text;",
        "SELECT set_config('statement_timeout', '2s', false);\n"
        "ALTER TABLE users ADD COLUMN b text;"},
       {}});
  REQUIRE(result.migrations.size() == 3);
  CHECK(result.migrations[1].findings.empty());
  CHECK(result.migrations[1].classification == lint::Classification::additive);
  CHECK(test::codes(result.migrations[2]) == std::vector<std::string>{"PM519"});
}

TEST_CASE("DROP VIEW and DROP TYPE are breaking drops", "[lint][issue9]") {
  auto result = test::lint_spec(
      {"flyway",
       Dialect::postgresql,
       {kUsers + std::string("\nCREATE TYPE mood AS ENUM ('ok');\n"
                             "CREATE VIEW names AS SELECT name FROM "
                             "users;"),
        "DROP VIEW names;", "DROP TYPE mood;", "CREATE VIEW ids AS SELECT id FROM users;",
        "DROP VIEW IF EXISTS ids;\nCREATE VIEW ids AS SELECT id, name "
        "FROM users;"},
       {}});
  REQUIRE(result.migrations.size() == 5);
  // Dropped and created again in one migration: the view is replaced, not gone.
  CHECK(result.migrations[4].findings.empty());
  CHECK(test::codes(result.migrations[1]) == std::vector<std::string>{"PM521"});
  CHECK(result.migrations[1].classification == lint::Classification::breaking);
  CHECK(test::codes(result.migrations[2]) == std::vector<std::string>{"PM522"});
  CHECK_THAT(recipe_text(result.migrations[2].findings[0]), Catch::Contains("DROP TYPE mood"));
  // SQLite has no types; its views are dropped as PostgreSQL's are.
  auto lite = test::lint_spec(
      {"flyway",
       Dialect::sqlite,
       {kUsers + std::string("\nCREATE VIEW names AS SELECT name FROM users;"), "DROP VIEW names;"},
       {}});
  CHECK(test::codes(lite.migrations[1]) == std::vector<std::string>{"PM521"});
}

TEST_CASE("a Knex query-builder update next to DDL is the backfill rule, not unreadable code",
          "[lint][issue9]") {
  const std::string base =
      "  await knex.schema.createTable('users', (t) => { t.integer('id').primary(); "
      "t.text('status'); });";
  const std::string lock = "  await knex.raw(\"SET lock_timeout = '1s'\");\n";
  auto result = test::lint_spec(
      {"knex",
       Dialect::postgresql,
       {base,
        lock + "  await knex.schema.alterTable('users', (t) => { t.integer('age'); });\n"
               "  await knex('users').update({ age: 0 });",
        lock + "  await knex.schema.alterTable('users', (t) => { t.integer('rank'); });\n"
               "  await knex.table('users').where('id', '<', 100).update('rank', 1);",
        "  await knex('users').where({ status: null }).del();",
        "  await knex('users').select('id');"},
       {}});
  REQUIRE(result.migrations.size() == 5);
  CHECK(test::codes(result.migrations[1]) == std::vector<std::string>{"PM518"});
  CHECK_THAT(result.migrations[1].findings[0].diagnostic.message,
             Catch::Contains("UPDATE users without WHERE (every row)"));
  CHECK(result.migrations[1].findings[0].diagnostic.line > 0);
  CHECK(test::codes(result.migrations[2]) == std::vector<std::string>{"PM518"});
  CHECK_THAT(result.migrations[2].findings[0].diagnostic.message,
             !Catch::Contains("without WHERE"));
  // A data change alone holds no schema lock; a query that changes nothing stays unreadable.
  CHECK(result.migrations[3].findings.empty());
  CHECK(test::codes(result.migrations[4]) == std::vector<std::string>{"PM500"});
}

TEST_CASE("a table renamed and viewed under its old name in one migration is not a rename",
          "[lint][issue9]") {
  for (Dialect d : {Dialect::postgresql, Dialect::sqlite}) {
    INFO(pm::model::to_string(d));
    auto result = test::lint_spec(
        {"flyway",
         d,
         {kUsers,
          "SET lock_timeout = '1s';\nALTER TABLE orders RENAME TO purchases;\n"
          "CREATE VIEW orders AS SELECT * FROM purchases;",
          "ALTER TABLE purchases RENAME TO sales;\nCREATE VIEW other AS SELECT * FROM sales;"},
         {}});
    REQUIRE(result.migrations.size() == 3);
    CHECK(result.migrations[1].findings.empty());
    CHECK(test::codes(result.migrations[2]) ==
          std::vector<std::string>(d == Dialect::postgresql
                                       ? std::vector<std::string>{"PM519", "PM503"}
                                       : std::vector<std::string>{"PM503"}));
  }
}

TEST_CASE("recipes name the new name a rename gives", "[lint][issue9]") {
  auto result = test::lint_spec({"alembic",
                                 Dialect::sqlite,
                                 {"op.create_table(\"users\", sa.Column(\"id\", sa.Integer(), "
                                  "primary_key=True), sa.Column(\"name\", sa.Text()))",
                                  "op.alter_column(\"users\", \"name\", new_column_name=\"title\")",
                                  "op.rename_table(\"users\", \"people\")"},
                                 {}});
  REQUIRE(result.migrations.size() == 3);
  const std::string column = recipe_text(result.migrations[1].findings.at(0));
  CHECK_THAT(column, Catch::Contains("sa.Column(\"title\""));
  CHECK_THAT(column, !Catch::Contains("<new>"));
  const std::string table = recipe_text(result.migrations[2].findings.at(0));
  CHECK_THAT(table, Catch::Contains("op.rename_table(\"users\", \"people\")"));
  CHECK_THAT(table, !Catch::Contains("<new>"));

  auto enums = test::lint_spec(
      {"flyway",
       Dialect::postgresql,
       {"CREATE TYPE mood AS ENUM ('ok', 'sad');", "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';"},
       {}});
  const std::string value = recipe_text(enums.migrations[1].findings.at(0));
  CHECK_THAT(value, Catch::Contains("ADD VALUE 'blue'"));
  CHECK_THAT(value, Catch::Contains("WHERE <column> = 'sad'"));
}
