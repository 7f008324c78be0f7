// Turning rules off: polymigrate:ignore comments in each language's comment syntax (by code or
// name, on the statement's line or the line above), and [lint] disable in polymigrate.toml.
#include <catch2/catch.hpp>
#include <fstream>

#include "lint/lint_config.hpp"
#include "lint/lint_projects.hpp"
#include "support/temp_dir.hpp"

using pm::model::Dialect;
namespace lint = pm::lint;
namespace test = pm::test;

namespace {

const std::string kSqlBase = "CREATE TABLE users (id integer PRIMARY KEY, a text, b text, c text);";

lint::MigrationLint last(const test::LintProjectSpec& spec) {
  auto result = test::lint_spec(spec);
  return result.migrations.back();
}

}  // namespace

TEST_CASE("SQL ignore comments: --, /* */, same line or line above, code or name", "[lint]") {
  test::LintProjectSpec spec{
      "flyway",
      Dialect::sqlite,
      {kSqlBase,
       "-- polymigrate:ignore PM502 nothing reads it since 4.2\n"
       "ALTER TABLE users DROP COLUMN a;\n"
       "ALTER TABLE users DROP COLUMN b; /* polymigrate:ignore drop-column */\n"
       "/* polymigrate:ignore rename-column, drop-column */\n"
       "ALTER TABLE users DROP COLUMN c;\n"
       "\n"
       "ALTER TABLE users RENAME TO people;\n"},
      {}};
  auto migration = last(spec);
  CHECK(test::codes(migration) == std::vector<std::string>{"PM503"});
  CHECK(migration.suppressed == 3);
  CHECK(migration.findings[0].diagnostic.line == 7);
}

TEST_CASE("an ignore comment two lines above, or for another rule, does not ignore", "[lint]") {
  test::LintProjectSpec spec{
      "prisma",
      Dialect::sqlite,
      {kSqlBase,
       "-- polymigrate:ignore PM502\n"
       "\n"
       "ALTER TABLE users DROP COLUMN a;\n"
       "-- polymigrate:ignore PM503\n"
       "ALTER TABLE users DROP COLUMN b;\n"
       "SELECT 1;\n"
       "SELECT 'polymigrate:ignore PM502'; ALTER TABLE users DROP COLUMN c;\n"},
      {}};
  auto migration = last(spec);
  CHECK(test::codes(migration) == std::vector<std::string>{"PM502", "PM502", "PM502"});
  CHECK(migration.suppressed == 0);
}

TEST_CASE("Python and JavaScript ignore comments", "[lint]") {
  test::LintProjectSpec alembic{
      "alembic",
      Dialect::sqlite,
      {"op.create_table(\"users\", sa.Column(\"id\", sa.Integer()), sa.Column(\"a\", sa.Text()))",
       "# polymigrate:ignore drop-column\n"
       "op.drop_column(\"users\", \"a\")\n"
       "op.drop_table(\"users\")  # polymigrate:ignore PM501"},
      {}};
  auto py = last(alembic);
  CHECK(py.findings.empty());
  CHECK(py.suppressed == 2);

  test::LintProjectSpec knex{
      "knex",
      Dialect::sqlite,
      {"  await knex.schema.createTable('users', (t) => { t.integer('id'); t.text('a'); });",
       "  // polymigrate:ignore PM502\n"
       "  await knex.schema.alterTable('users', (t) => { t.dropColumn('a'); });\n"
       "  await knex.schema.dropTable('users'); // polymigrate:ignore PM999, drop-table"},
      {}};
  auto result = test::lint_spec(knex);
  CHECK(result.migrations.back().findings.empty());
  CHECK(result.migrations.back().suppressed == 2);
  // A rule the catalogue does not have is said, with file and line.
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].code == "PM599");
  CHECK(result.diagnostics[0].severity == pm::model::Severity::warning);
  CHECK(result.diagnostics[0].line == 4);
  CHECK_THAT(result.diagnostics[0].message, Catch::Contains("PM999"));
}

TEST_CASE("an unreadable statement can be ignored once reviewed", "[lint]") {
  test::LintProjectSpec spec{"flyway",
                             Dialect::postgresql,
                             {"-- polymigrate:ignore unreadable-statement\n"
                              "CREATE EXTENSION IF NOT EXISTS pgcrypto;"},
                             {}};
  auto migration = last(spec);
  CHECK(migration.findings.empty());
  CHECK(migration.classification == lint::Classification::additive);
}

TEST_CASE("polymigrate.toml disables by code or name", "[lint]") {
  pm::test::TempDir dir;
  CHECK(lint::read_lint_config(dir.path()).disabled.empty());
  CHECK_FALSE(lint::read_lint_config(dir.path()).from_file);
  std::ofstream(dir.path() / "polymigrate.toml")
      << "[lint]\ndisable = [\"pm501\", \"rename-column\", \"PM519\"]\n";
  auto config = lint::read_lint_config(dir.path());
  CHECK(config.disabled == std::set<std::string>{"PM501", "PM504", "PM519"});

  std::ofstream(dir.path() / "polymigrate.toml") << "[lint]\ndisable = \"PM501\"\n";
  CHECK_THROWS_WITH(lint::read_lint_config(dir.path()),
                    "polymigrate.toml:2: lint.disable must be a list of rule codes or names");
  std::ofstream(dir.path() / "polymigrate.toml") << "[lint]\ndisable = [1]\n";
  CHECK_THROWS_WITH(lint::read_lint_config(dir.path()),
                    "polymigrate.toml:2: lint.disable must be a list of rule codes or names");
  std::ofstream(dir.path() / "polymigrate.toml") << "other = 1\n";
  CHECK(lint::read_lint_config(dir.path()).disabled.empty());
}

TEST_CASE("disabled rules find nothing", "[lint]") {
  test::LintProjectSpec spec{"flyway",
                             Dialect::sqlite,
                             {kSqlBase, "ALTER TABLE users DROP COLUMN a;\nDROP TABLE users;"},
                             {}};
  lint::LintOptions options{Dialect::sqlite, {"PM502"}};
  auto result = test::lint_spec(spec, &options);
  CHECK(test::codes(result.migrations.back()) == std::vector<std::string>{"PM501"});
  CHECK(result.migrations.back().suppressed == 0);
}

TEST_CASE("a disabled sqlite-table-rebuild does not come back as drop-table", "[lint]") {
  test::LintProjectSpec spec{"prisma",
                             Dialect::sqlite,
                             {kSqlBase,
                              "CREATE TABLE new_users (id integer PRIMARY KEY, a text);\n"
                              "INSERT INTO new_users SELECT id, a FROM users;\n"
                              "DROP TABLE users;\n"
                              "ALTER TABLE new_users RENAME TO users;"},
                             {}};
  auto rebuilt = test::lint_spec(spec);
  CHECK(test::codes(rebuilt.migrations.back()) == std::vector<std::string>{"PM520"});
  CHECK(rebuilt.migrations.back().findings[0].diagnostic.line == 3);
  lint::LintOptions options{Dialect::sqlite, {"PM520"}};
  auto disabled = test::lint_spec(spec, &options);
  CHECK(disabled.migrations.back().findings.empty());
  CHECK(disabled.migrations.back().classification == lint::Classification::additive);
}
