// The walk over the replayed schema: classification per migration, tables new in the same
// migration, tables lint never saw created, statements classified from their tokens.
#include <catch2/catch.hpp>

#include "lint/default_expression.hpp"
#include "lint/lint_projects.hpp"
#include "lint/rule_catalogue.hpp"
#include "lint/statement_kind.hpp"

using pm::model::Dialect;
namespace lint = pm::lint;
namespace test = pm::test;

TEST_CASE("each migration is additive, breaking or unknown, never additive when unread", "[lint]") {
  test::LintProjectSpec spec{
      "flyway",
      Dialect::postgresql,
      {"CREATE TABLE users (id integer PRIMARY KEY, email text);\n"
       "CREATE INDEX users_email ON users (email);",
       "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN nickname text;",
       "CREATE EXTENSION IF NOT EXISTS pgcrypto;\nSET lock_timeout = '1s';\n"
       "ALTER TABLE users ADD COLUMN age integer;",
       "CREATE EXTENSION IF NOT EXISTS citext;\nALTER TABLE users DROP COLUMN nickname;"},
      {}};
  auto result = test::lint_spec(spec);
  REQUIRE(result.migrations.size() == 4);
  CHECK(result.migrations[0].classification == lint::Classification::additive);
  CHECK(result.migrations[1].classification == lint::Classification::additive);
  CHECK(result.migrations[2].classification == lint::Classification::unknown);
  CHECK(result.migrations[3].classification == lint::Classification::breaking);
  CHECK(test::codes(result.migrations[3]) == std::vector<std::string>{"PM500", "PM519", "PM502"});
  CHECK(result.migrations[3].findings[2].diagnostic.line == 2);
  CHECK(result.migrations[3].findings[2].diagnostic.file == "sql/V4__m04.sql");
  CHECK_THAT(result.migrations[3].findings[0].diagnostic.message,
             Catch::Contains("CREATE EXTENSION IF NOT EXISTS citext"));
}

TEST_CASE("a byte order mark before the SQL is not an unreadable statement", "[lint]") {
  test::LintProjectSpec spec{
      "prisma",
      Dialect::postgresql,
      {"\xEF\xBB\xBF-- CreateTable\nCREATE TABLE \"Tag\" (\"id\" SERIAL NOT NULL);"},
      {}};
  auto result = test::lint_spec(spec);
  CHECK(result.migrations[0].findings.empty());
  CHECK(result.migrations[0].classification == lint::Classification::additive);
}

TEST_CASE("a table created by code lint could not read counts as existing", "[lint]") {
  test::LintProjectSpec spec{"alembic",
                             Dialect::postgresql,
                             {"op.get_bind().execute(sa.text(\"CREATE TABLE users (id int)\"))",
                              "op.drop_column(\"users\", \"id\")"},
                             {}};
  auto result = test::lint_spec(spec);
  CHECK(result.migrations[0].classification == lint::Classification::unknown);
  CHECK(result.migrations[0].findings[0].diagnostic.file == "alembic/versions/r01_m.py");
  CHECK(result.migrations[0].findings[0].diagnostic.line == 11);
  const auto codes = test::codes(result.migrations[1]);
  CHECK(std::find(codes.begin(), codes.end(), "PM502") != codes.end());
}

TEST_CASE("a migration's own new tables make the rules moot, across statements", "[lint]") {
  test::LintProjectSpec spec{
      "knex",
      Dialect::postgresql,
      {"  await knex.schema.createTable('a', (t) => { t.integer('id'); t.text('x'); });\n"
       "  await knex.schema.alterTable('a', (t) => { t.index(['x']); t.dropColumn('x'); "
       "t.integer('n').notNullable(); t.unique(['n']); });\n"
       "  await knex.schema.renameTable('a', 'b');\n"
       "  await knex.schema.alterTable('b', (t) => { t.renameColumn('id', 'key'); });\n"
       "  await knex.schema.dropTable('b');"},
      {}};
  auto result = test::lint_spec(spec);
  CHECK(result.migrations[0].findings.empty());
  CHECK(result.migrations[0].classification == lint::Classification::additive);
}

TEST_CASE("on SQLite the PostgreSQL-only rules are off and SQLite's own reasons are given",
          "[lint]") {
  test::LintProjectSpec spec{"alembic",
                             Dialect::sqlite,
                             {"op.create_table(\"t\", sa.Column(\"id\", sa.Integer()), "
                              "sa.Column(\"x\", sa.String(10)))",
                              "op.create_index(\"t_x\", \"t\", [\"x\"])\n"
                              "op.alter_column(\"t\", \"x\", type_=sa.String(20))"},
                             {}};
  auto result = test::lint_spec(spec);
  CHECK(test::codes(result.migrations[1]) == std::vector<std::string>{"PM505"});
  // On SQLite widening a varchar is still a table rebuild.
  CHECK_THAT(result.migrations[1].findings[0].diagnostic.message,
             Catch::Contains("SQLite cannot change a column's type"));
}

TEST_CASE("recipes are worded for the project's framework", "[lint]") {
  const auto& rule = lint::rule(lint::code::drop_column);
  const lint::RecipeNames names{.table = "users", .column = "email"};
  auto flyway = lint::recipe_for(rule, "flyway", names);
  auto prisma = lint::recipe_for(rule, "prisma", names);
  auto alembic = lint::recipe_for(rule, "alembic", names);
  auto knex = lint::recipe_for(rule, "knex", names);
  REQUIRE(flyway.size() == 2);
  CHECK(flyway[1].text == "drop it in a later migration: ALTER TABLE users DROP COLUMN email;");
  CHECK(alembic[1].text == "drop it in a later migration: op.drop_column(\"users\", \"email\")");
  CHECK(knex[1].text ==
        "drop it in a later migration: knex.schema.alterTable('users', (t) => "
        "t.dropColumn('email'))");
  REQUIRE(prisma.size() == 3);
  CHECK(prisma[2].phase == "note");
  CHECK_THAT(prisma[2].text, Catch::Contains("prisma migrate dev --create-only"));
}

TEST_CASE("the catalogue: stable unique codes and kebab-case names, a recipe for everyone",
          "[lint]") {
  std::set<std::string> codes, names;
  for (const auto& rule : lint::rule_catalogue()) {
    INFO(rule.code);
    CHECK(codes.insert(rule.code).second);
    CHECK(names.insert(rule.name).second);
    CHECK(std::string(rule.code).starts_with("PM5"));
    for (char c : std::string(rule.name)) CHECK(((c >= 'a' && c <= 'z') || c == '-'));
    CHECK((rule.why || rule.why_sqlite));
    CHECK_FALSE(rule.recipe.empty());
    CHECK(lint::find_rule(rule.code) == &rule);
    CHECK(lint::find_rule(rule.name) == &rule);
  }
  CHECK(lint::find_rule("pm502") == lint::find_rule("drop-column"));
  CHECK(lint::find_rule("PM5") == nullptr);
  CHECK(codes.size() == 23);
}

TEST_CASE("statements the DDL reader has no op for are classified from their tokens", "[lint]") {
  using lint::StatementKind;
  auto kind = [](const char* sql) {
    return lint::classify_statement_for_lint(sql, Dialect::postgresql).kind;
  };
  CHECK(kind("SET lock_timeout = '5s'") == StatementKind::sets_lock_timeout);
  CHECK(kind("set local LOCK_TIMEOUT to 5000") == StatementKind::sets_lock_timeout);
  CHECK(kind("SET statement_timeout = 0") == StatementKind::harmless);
  CHECK(kind("SELECT set_config('lock_timeout', '5s', false)") == StatementKind::sets_lock_timeout);
  CHECK(kind("select pg_catalog.SET_CONFIG('LOCK_TIMEOUT', '5s', true)") ==
        StatementKind::sets_lock_timeout);
  CHECK(kind("SELECT set_config('statement_timeout', '5s', false)") == StatementKind::harmless);
  CHECK(kind("/* lock_timeout */ SELECT 1") == StatementKind::harmless);
  CHECK(kind("SELECT * INTO copy FROM t") == StatementKind::unreadable);
  CHECK(kind("ALTER TYPE public.mood RENAME VALUE 'a' TO 'b'") == StatementKind::enum_rename_value);
  CHECK(kind("ALTER TYPE \"Mood\" ADD VALUE IF NOT EXISTS 'c' AFTER 'b'") ==
        StatementKind::enum_add_value_positioned);
  CHECK(kind("ALTER TYPE mood ADD VALUE 'c'") == StatementKind::enum_add_value);
  const auto renamed = lint::classify_statement_for_lint(
      "ALTER TYPE mood RENAME VALUE 'it''s' TO 'is'", Dialect::postgresql);
  CHECK(renamed.old_value == "it's");
  CHECK(renamed.new_value == "is");
  CHECK(kind("ALTER TABLE t ADD CONSTRAINT k UNIQUE USING INDEX i") ==
        StatementKind::constraint_using_index);
  CHECK(kind("ALTER TABLE t ADD CONSTRAINT k UNIQUE USING INDEX i, DROP COLUMN x") ==
        StatementKind::unreadable);
  CHECK(kind("WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved") ==
        StatementKind::data_change);
  CHECK(kind("INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING") == StatementKind::data_insert);
  CHECK(kind("GRANT SELECT ON t TO app") == StatementKind::unreadable);

  auto update = lint::classify_statement_for_lint("UPDATE ONLY s.t SET a = (SELECT 1 WHERE true)",
                                                  Dialect::postgresql);
  CHECK(update.kind == StatementKind::data_change);
  CHECK(update.object == "s.t");
  CHECK_FALSE(update.bounded);  // the WHERE is inside the subquery
  CHECK(lint::classify_statement_for_lint("DELETE FROM t WHERE id < 10", Dialect::postgresql)
            .bounded);
  CHECK_FALSE(
      lint::classify_statement_for_lint("INSERT INTO t SELECT * FROM u", Dialect::postgresql)
          .bounded);
}

TEST_CASE("defaults that make the database compute every existing row", "[lint]") {
  pm::model::Column column;
  column.name = "c";
  column.default_sql = "now()";
  CHECK(lint::row_by_row_default(column, Dialect::postgresql).empty());
  CHECK_FALSE(lint::row_by_row_default(column, Dialect::sqlite).empty());
  column.default_sql = "public.gen_random_uuid()";
  CHECK(lint::row_by_row_default(column, Dialect::postgresql) ==
        "the volatile default public.gen_random_uuid()");
  column.default_sql = "'random()'";  // a string, not a call
  CHECK(lint::row_by_row_default(column, Dialect::postgresql).empty());
  CHECK(lint::row_by_row_default(column, Dialect::sqlite).empty());
  column.default_sql.reset();
  column.type.kind = pm::model::LogicalType::bigserial;
  CHECK(lint::row_by_row_default(column, Dialect::postgresql) == "a serial column");
}
