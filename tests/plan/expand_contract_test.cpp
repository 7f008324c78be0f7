// `polymigrate plan`: a breaking rename-column migration replaced by expand, backfill and
// contract migrations in the project's own framework. The written phases are read back, applied
// by polymigrate phase by phase on SQLite and PostgreSQL (and by the real Alembic), and between
// expand and contract both the old and the new column see every write.
#include <catch2/catch.hpp>
#include <regex>

#include "db/connection.hpp"
#include "db/database_url.hpp"
#include "generate/project_copy.hpp"
#include "plan/plan_support.hpp"
#include "support/postgres_server.hpp"
#include "support/run_process.hpp"

using namespace pm;
using namespace pm::test;
namespace fs = std::filesystem;

namespace {

// users(id, name), then the breaking V2 that renames name to full_name.
void write_flyway_project(const test::ProjectCopy& project) {
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__users.sql",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40));\n");
  project.write("sql/V2__rename_name.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
}

// Plans the Flyway project's V2 for `dialect`, then deletes V2 as the plan tells the user to.
void plan_flyway(const test::ProjectCopy& project, const std::string& dialect) {
  auto plan = project.cli("plan", {"2", "--dialect", dialect});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK_THAT(plan.out, Catch::Contains("PM504"));
  CHECK_THAT(plan.out, Catch::Contains("delete it before you run them"));
  // On PostgreSQL the backfill commits batch by batch: Flyway must not wrap it in a transaction.
  std::vector<std::string> files{"V3__expand_users_full_name.sql",
                                 "V4__backfill_users_full_name.sql",
                                 "V5__contract_users_full_name.sql"};
  if (dialect == "postgresql") {
    files.insert(files.begin() + 2, "V4__backfill_users_full_name.sql.conf");
    CHECK(project.read("sql/V4__backfill_users_full_name.sql.conf") ==
          "executeInTransaction=false\n");
  }
  CHECK(created(plan.out) == files);
  fs::remove(project.root / "sql/V2__rename_name.sql");
  // Read back without errors (a PostgreSQL-only body read with no database named is a warning).
  auto inspect = project.cli("inspect", {"--json"});
  INFO(inspect.out << inspect.err);
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, !Catch::Contains("\"severity\": \"error\""));
  CHECK_THAT(inspect.out, Catch::Contains("\"key\": \"5\""));
}

}  // namespace

TEST_CASE("plan: a Flyway column rename becomes expand, backfill, contract on SQLite",
          "[plan][flyway]") {
  test::ProjectCopy project("");
  write_flyway_project(project);
  plan_flyway(project, "sqlite");
  CHECK_THAT(project.read("sql/V3__expand_users_full_name.sql"), Catch::Contains("CREATE TRIGGER"));
  runs_the_phases(project, project.sqlite("flyway.db"), {"1", "3", "4"}, "users", "name",
                  "full_name", {"flyway_schema_history"});
}

TEST_CASE("plan: a Flyway column rename on PostgreSQL, kept in step by a trigger",
          "[plan][flyway][postgres]") {
  test::ProjectCopy project("");
  write_flyway_project(project);
  plan_flyway(project, "postgresql");
  const std::string backfill = project.read("sql/V4__backfill_users_full_name.sql");
  CHECK_THAT(backfill, Catch::Contains("LIMIT 1000"));
  CHECK_THAT(backfill, Catch::Contains("COMMIT"));
  runs_the_phases(project, test::postgres_url(), {"1", "3", "4"}, "users", "name", "full_name",
                  {"flyway_schema_history"});
}

TEST_CASE("plan: what it has no recipe for exits 2 naming the rule", "[plan]") {
  test::ProjectCopy project("");
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n");
  project.write("sql/V2__drop.sql", "ALTER TABLE users DROP COLUMN name;\n");
  project.write("sql/V3__required.sql", "ALTER TABLE users ADD COLUMN age INTEGER NOT NULL;\n");
  auto not_head = project.cli("plan", {"2", "--dialect", "sqlite"});
  CHECK(not_head.exit_code == 2);
  CHECK_THAT(not_head.err, Catch::Contains("is not the newest"));
  auto required = project.cli("plan", {"3", "--dialect", "sqlite"});
  CHECK(required.exit_code == 2);
  CHECK_THAT(required.err,
             Catch::Contains("V3__required.sql:1: PM507 add-required-column: not planned for "
                             "this change"));
  fs::remove(project.root / "sql/V3__required.sql");
  auto drop = project.cli("plan", {"2", "--dialect", "sqlite"});
  CHECK(drop.exit_code == 2);
  CHECK_THAT(drop.err, Catch::Contains("PM502"));
  CHECK_THAT(drop.err, Catch::Contains("not planned for this change"));
  CHECK(project.files("sql").size() == 2);  // nothing written

  // What else the breaking migration does would be lost when it is deleted: plan refuses.
  project.write("sql/V2__drop.sql",
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n");
  auto mixed = project.cli("plan", {"2", "--dialect", "sqlite"});
  CHECK(mixed.exit_code == 2);
  CHECK_THAT(mixed.err, Catch::Contains("V2__drop.sql:2: 2 also does create_table"));
  project.write("sql/V2__drop.sql",
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                "UPDATE users SET full_name = 'x';\n");
  auto data = project.cli("plan", {"2", "--dialect", "sqlite"});
  CHECK(data.exit_code == 2);
  CHECK_THAT(data.err, Catch::Contains("also holds the statement UPDATE users"));
  // Two kinds of change in one migration are planned one at a time.
  project.write("sql/V2__drop.sql",
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                "ALTER TABLE users RENAME TO people;\n");
  auto kinds = project.cli("plan", {"2", "--dialect", "sqlite"});
  CHECK(kinds.exit_code == 2);
  CHECK_THAT(kinds.err, Catch::Contains("plan writes one kind of change at a time"));
  CHECK(project.files("sql").size() == 2);
}

namespace {

// alembic/basic plus accounts(id, handle), then the breaking revision renaming handle.
void write_alembic_project(const test::ProjectCopy& project) {
  project.write(
      "alembic/versions/4d5e6f7a8b9c_create_accounts.py",
      "\"\"\"create accounts\n\nRevision ID: 4d5e6f7a8b9c\nRevises: 3c4d5e6f7a8b\n\"\"\"\n"
      "from alembic import op\nimport sqlalchemy as sa\n\n"
      "revision = '4d5e6f7a8b9c'\ndown_revision = '3c4d5e6f7a8b'\n"
      "branch_labels = None\ndepends_on = None\n\n\n"
      "def upgrade():\n"
      "    op.create_table(\n        'accounts',\n"
      "        sa.Column('id', sa.Integer(), nullable=False),\n"
      "        sa.Column('handle', sa.String(length=40), nullable=True),\n"
      "        sa.PrimaryKeyConstraint('id'),\n    )\n\n\n"
      "def downgrade():\n    op.drop_table('accounts')\n");
  project.write("alembic/versions/5e6f7a8b9c0d_rename_handle.py",
                "\"\"\"rename handle\n\nRevision ID: 5e6f7a8b9c0d\nRevises: 4d5e6f7a8b9c\n\"\"\"\n"
                "from alembic import op\n\n"
                "revision = '5e6f7a8b9c0d'\ndown_revision = '4d5e6f7a8b9c'\n"
                "branch_labels = None\ndepends_on = None\n\n\n"
                "def upgrade():\n"
                "    op.alter_column('accounts', 'handle', new_column_name='username')\n\n\n"
                "def downgrade():\n"
                "    op.alter_column('accounts', 'username', new_column_name='handle')\n");
}

// Plans the rename revision; returns the phases' revision ids in order.
std::vector<std::string> plan_alembic(const test::ProjectCopy& project,
                                      const std::string& dialect) {
  auto plan = project.cli("plan", {"5e6f7a8b9c0d", "--dialect", dialect});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK_THAT(plan.out, Catch::Contains("PM504"));
  const auto files = created(plan.out);
  REQUIRE(files.size() == 3);
  std::vector<std::string> ids;
  for (const auto& file : files) ids.push_back(file.substr(0, 12));
  CHECK_THAT(files[0], Catch::EndsWith("_expand_accounts_username.py"));
  CHECK_THAT(files[1], Catch::EndsWith("_backfill_accounts_username.py"));
  CHECK_THAT(files[2], Catch::EndsWith("_contract_accounts_username.py"));
  const std::string backfill = project.read("alembic/versions/" + files[1]);
  if (dialect == "postgresql") CHECK_THAT(backfill, Catch::Contains("autocommit_block"));
  fs::remove(project.root / "alembic/versions/5e6f7a8b9c0d_rename_handle.py");
  // Read back without errors.
  auto inspect = project.cli("inspect", {"--json"});
  INFO(inspect.out << inspect.err);
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, !Catch::Contains("\"severity\": \"error\""));
  return ids;
}

}  // namespace

TEST_CASE("plan: an Alembic column rename, run by polymigrate and by the real Alembic",
          "[plan][alembic]") {
  test::ProjectCopy project("alembic/basic");
  write_alembic_project(project);
  const auto ids = plan_alembic(project, "sqlite");
  runs_the_phases(project, project.sqlite("polymigrate.db"), {"4d5e6f7a8b9c", ids[0], ids[1]},
                  "accounts", "handle", "username", {"alembic_version"});

  const std::string file = (project.dir.path() / "alembic.db").string();
  auto alembic = test::run_process(
      "/usr/bin/python3", {"-m", "alembic", "-x", "url=sqlite:///" + file, "upgrade", "head"},
      project.root);
  INFO(alembic.out << alembic.err);
  REQUIRE(alembic.exit_code == 0);
  const auto state = test::live_state("sqlite:" + file, {"alembic_version"});
  const schema::Table* accounts = state.find_table({"", "accounts"});
  REQUIRE(accounts);
  CHECK(accounts->columns.size() == 2);
  CHECK(accounts->find_column("username", model::Dialect::sqlite));
}

TEST_CASE("plan: an Alembic column rename on PostgreSQL", "[plan][alembic][postgres]") {
  test::ProjectCopy project("alembic/basic");
  write_alembic_project(project);
  const auto ids = plan_alembic(project, "postgresql");
  runs_the_phases(project, test::postgres_url(), {"4d5e6f7a8b9c", ids[0], ids[1]}, "accounts",
                  "handle", "username", {"alembic_version"});
}

TEST_CASE("plan: a Flyway column type change on PostgreSQL keeps the values, then the name",
          "[plan][flyway][postgres]") {
  test::ProjectCopy project("");
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__scores.sql",
                "CREATE TABLE scores (id INTEGER PRIMARY KEY, points INTEGER);\n");
  project.write("sql/V2__widen.sql", "ALTER TABLE scores ALTER COLUMN points TYPE BIGINT;\n");
  auto plan = project.cli("plan", {"2", "--dialect", "postgresql"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK_THAT(plan.out, Catch::Contains("PM505"));
  fs::remove(project.root / "sql/V2__widen.sql");

  const std::string db = test::postgres_url();
  up(project, db, "1");
  auto conn = db::open_connection(db::parse_database_url(db));
  conn->exec("INSERT INTO scores (id, points) VALUES ($1, $2)",
             {db::Value{std::int64_t{1}}, db::Value{std::int64_t{7}}});
  up(project, db, "3");
  conn->exec("INSERT INTO scores (id, points) VALUES ($1, $2)",
             {db::Value{std::int64_t{2}}, db::Value{std::int64_t{9}}});
  CHECK(text_at(*conn, "scores", "points_new", 2) == "9");
  up(project, db, "");
  conn.reset();
  const auto state = test::live_state(db, {"flyway_schema_history"});
  const schema::Table* scores = state.find_table({"", "scores"});
  REQUIRE(scores);
  REQUIRE(scores->columns.size() == 2);
  CHECK(scores->columns[1].name == "points");
  CHECK(scores->columns[1].type.kind == model::LogicalType::bigint);
  auto again = db::open_connection(db::parse_database_url(db));
  CHECK(text_at(*again, "scores", "points", 1) == "7");
  CHECK(text_at(*again, "scores", "points", 2) == "9");
}

namespace {

// users(id, name) and the breaking rename, as Knex migrations; SQLite in development, the
// DATABASE_URL server in production.
void write_knex_project(const test::ProjectCopy& project) {
  project.write("knexfile.js",
                "module.exports = {\n"
                "  development: { client: 'better-sqlite3', connection: { filename: "
                "'./dev.sqlite3' }, useNullAsDefault: true },\n"
                "  production: { client: 'pg', connection: process.env.DATABASE_URL },\n"
                "};\n");
  project.write("migrations/20240101000000_users.js",
                "exports.up = function (knex) {\n"
                "  return knex.schema.createTable('users', (t) => {\n"
                "    t.increments('id');\n    t.string('name', 40);\n  });\n};\n"
                "exports.down = function (knex) {\n  return knex.schema.dropTable('users');\n};\n");
  project.write("migrations/20240102000000_rename.js",
                "exports.up = function (knex) {\n"
                "  return knex.schema.alterTable('users', (t) => {\n"
                "    t.renameColumn('name', 'full_name');\n  });\n};\n"
                "exports.down = function (knex) {\n"
                "  return knex.schema.alterTable('users', (t) => {\n"
                "    t.renameColumn('full_name', 'name');\n  });\n};\n");
}

std::vector<std::string> plan_knex(const test::ProjectCopy& project, const std::string& dialect) {
  auto plan = project.cli("plan", {"20240102000000_rename.js", "--dialect", dialect});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  const auto files = created(plan.out);
  REQUIRE(files.size() == 3);
  CHECK_THAT(files[0], Catch::EndsWith("_expand_users_full_name.js"));
  CHECK_THAT(files[1], Catch::EndsWith("_backfill_users_full_name.js"));
  CHECK_THAT(files[2], Catch::EndsWith("_contract_users_full_name.js"));
  const std::string backfill = project.read("migrations/" + files[1]);
  if (dialect == "postgresql")
    CHECK_THAT(backfill, Catch::Contains("exports.config = { transaction: false };"));
  fs::remove(project.root / "migrations/20240102000000_rename.js");
  auto inspect = project.cli("inspect", {"--json"});
  INFO(inspect.out << inspect.err);
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, !Catch::Contains("\"severity\": \"error\""));
  return files;
}

}  // namespace

TEST_CASE("plan: a Knex column rename on SQLite", "[plan][knex]") {
  test::ProjectCopy project("");
  write_knex_project(project);
  const auto files = plan_knex(project, "sqlite");
  runs_the_phases(project, project.sqlite("knex.db"),
                  {"20240101000000_users.js", files[0], files[1]}, "users", "name", "full_name",
                  {"knex_migrations", "knex_migrations_lock"});
}

TEST_CASE("plan: a Knex column rename on PostgreSQL, run by polymigrate and by the real Knex",
          "[plan][knex][knex_npm]") {
  test::ProjectCopy project("");
  write_knex_project(project);
  const auto files = plan_knex(project, "postgresql");
  runs_the_phases(project, test::postgres_url(), {"20240101000000_users.js", files[0], files[1]},
                  "users", "name", "full_name", {"knex_migrations", "knex_migrations_lock"});

  // The real Knex on a fresh database: the backfill's DO block commits between batches, which
  // PostgreSQL allows only outside a transaction (the file's `config.transaction = false`).
  const fs::path npm = POLYMIGRATE_NPM_TOOLS_DIR;
  REQUIRE(fs::exists(npm / "node_modules/knex/bin/cli.js"));
  fs::create_directory_symlink(npm / "node_modules", project.root / "node_modules");
  const std::string url = test::postgres_url();
  auto knex = test::run_process(
      "/usr/bin/node",
      {(npm / "node_modules/knex/bin/cli.js").string(), "--knexfile",
       (project.root / "knexfile.js").string(), "--env", "production", "migrate:latest"},
      project.root, {{"DATABASE_URL", url}, {"NODE_ENV", "production"}});
  INFO(knex.out << knex.err);
  REQUIRE(knex.exit_code == 0);
  const auto state = test::live_state(url, {"knex_migrations", "knex_migrations_lock"});
  const schema::Table* users = state.find_table({"", "users"});
  REQUIRE(users);
  std::vector<std::string> columns;
  for (const auto& column : users->columns) columns.push_back(column.name);
  CHECK(columns == std::vector<std::string>{"id", "full_name"});
}
