// `plan` for an index created without CONCURRENTLY on PostgreSQL: one migration per index that
// builds it CONCURRENTLY outside a transaction, in each framework's own way (Flyway's
// executeInTransaction=false, Alembic's autocommit_block, Knex's config.transaction = false,
// Prisma's one-statement migration.sql). Applied by polymigrate, and by the real Knex.
#include <catch2/catch.hpp>

#include "db/database_url.hpp"
#include "plan/plan_support.hpp"
#include "support/postgres_server.hpp"
#include "support/run_process.hpp"

using namespace pm;
using namespace pm::test;
namespace fs = std::filesystem;

namespace {

// Whether the index exists on the server and is valid (a failed CONCURRENTLY build leaves an
// invalid one).
bool valid_index(const std::string& db, const std::string& name) {
  auto conn = db::open_connection(db::parse_database_url(db));
  auto rows = conn->query(
      "SELECT CASE WHEN i.indisvalid THEN 'yes' ELSE 'no' END FROM pg_index i JOIN pg_class c "
      "ON c.oid = i.indexrelid WHERE c.relname = $1",
      {db::Value{name}});
  return rows.rows.size() == 1 && db::as_text(rows.rows[0][0]) == "yes";
}

}  // namespace

TEST_CASE("plan: a Flyway index becomes one CONCURRENTLY migration outside a transaction",
          "[plan][flyway][postgres]") {
  ProjectCopy project("");
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__users.sql",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(40));\n");
  project.write("sql/V2__index.sql", "CREATE INDEX users_email_idx ON users (email);\n");
  auto run = project.cli("plan", {"2", "--dialect", "postgresql"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("PM509"));
  CHECK(created(run.out) == std::vector<std::string>{"V3__index_users_email_idx.sql",
                                                     "V3__index_users_email_idx.sql.conf"});
  CHECK_THAT(project.read("sql/V3__index_users_email_idx.sql"),
             Catch::Contains("CREATE INDEX CONCURRENTLY \"users_email_idx\""));
  CHECK(project.read("sql/V3__index_users_email_idx.sql.conf") == "executeInTransaction=false\n");
  fs::remove(project.root / "sql/V2__index.sql");
  auto lint = project.cli("lint", {"--dialect", "postgresql"});
  INFO(lint.out << lint.err);
  CHECK(lint.exit_code == 0);
  CHECK_THAT(lint.out, !Catch::Contains("PM511"));

  const std::string db = postgres_url();
  up(project, db, "");
  CHECK(valid_index(db, "users_email_idx"));

  // SQLite has no CONCURRENTLY and lint has no such finding there: nothing to plan.
  project.write("sql/V3__index_users_email_idx.sql",
                "CREATE INDEX users_email_idx ON users "
                "(email);\n");
  fs::remove(project.root / "sql/V3__index_users_email_idx.sql.conf");
  auto lite = project.cli("plan", {"3", "--dialect", "sqlite"});
  CHECK(lite.exit_code == 2);
  CHECK_THAT(lite.err, Catch::Contains("lint finds no breaking change"));
}

TEST_CASE("plan: an Alembic index becomes an autocommit_block revision",
          "[plan][alembic][postgres]") {
  ProjectCopy project("alembic/basic");
  project.write("alembic/versions/4d5e6f7a8b9c_index_title.py",
                "revision = '4d5e6f7a8b9c'\ndown_revision = '3c4d5e6f7a8b'\n"
                "from alembic import op\nimport sqlalchemy as sa\n\n"
                "branch_labels = None\ndepends_on = None\n\n\n"
                "def upgrade():\n    op.create_index('posts_title_idx', 'posts', ['title'])\n\n\n"
                "def downgrade():\n    op.drop_index('posts_title_idx', table_name='posts')\n");
  auto run = project.cli("plan", {"4d5e6f7a8b9c", "--dialect", "postgresql"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto files = created(run.out);
  REQUIRE(files.size() == 1);
  const std::string revision = project.read("alembic/versions/" + files[0]);
  CHECK_THAT(revision, Catch::Contains("autocommit_block"));
  CHECK_THAT(revision, Catch::Contains("CONCURRENTLY"));
  fs::remove(project.root / "alembic/versions/4d5e6f7a8b9c_index_title.py");
  const std::string db = postgres_url();
  up(project, db, "");
  CHECK(valid_index(db, "posts_title_idx"));

  // The real Alembic on a fresh database: CONCURRENTLY runs only inside its autocommit_block.
  const std::string fresh = postgres_url();
  auto alembic = run_process(
      "/usr/bin/python3", {"-m", "alembic", "-x", "url=" + fresh, "upgrade", "head"}, project.root);
  INFO(alembic.out << alembic.err);
  REQUIRE(alembic.exit_code == 0);
  CHECK(valid_index(fresh, "posts_title_idx"));
}

TEST_CASE("plan: a Knex index on PostgreSQL, run by the real Knex outside a transaction",
          "[plan][knex][knex_npm]") {
  ProjectCopy project("");
  project.write("knexfile.js",
                "module.exports = {\n"
                "  development: { client: 'pg', connection: process.env.DATABASE_URL },\n"
                "};\n");
  project.write("migrations/20240101000000_users.js",
                "exports.up = function (knex) {\n"
                "  return knex.schema.createTable('users', (t) => {\n"
                "    t.increments('id');\n    t.string('email', 40);\n  });\n};\n"
                "exports.down = function (knex) {\n  return knex.schema.dropTable('users');\n};\n");
  project.write("migrations/20240102000000_index.js",
                "exports.up = function (knex) {\n"
                "  return knex.schema.alterTable('users', (t) => {\n"
                "    t.index(['email'], 'users_email_idx');\n  });\n};\n"
                "exports.down = function (knex) {\n"
                "  return knex.schema.alterTable('users', (t) => {\n"
                "    t.dropIndex(['email'], 'users_email_idx');\n  });\n};\n");
  auto run = project.cli("plan", {"20240102000000_index.js", "--dialect", "postgresql"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto files = created(run.out);
  REQUIRE(files.size() == 1);
  CHECK_THAT(files[0], Catch::EndsWith("_index_users_email_idx.js"));
  CHECK_THAT(project.read("migrations/" + files[0]),
             Catch::Contains("exports.config = { transaction: false };"));
  fs::remove(project.root / "migrations/20240102000000_index.js");

  const fs::path npm = POLYMIGRATE_NPM_TOOLS_DIR;
  REQUIRE(fs::exists(npm / "node_modules/knex/bin/cli.js"));
  fs::create_directory_symlink(npm / "node_modules", project.root / "node_modules");
  const std::string url = postgres_url();
  auto knex = run_process("/usr/bin/node",
                          {(npm / "node_modules/knex/bin/cli.js").string(), "--knexfile",
                           (project.root / "knexfile.js").string(), "migrate:latest"},
                          project.root, {{"DATABASE_URL", url}});
  INFO(knex.out << knex.err);
  REQUIRE(knex.exit_code == 0);
  CHECK(valid_index(url, "users_email_idx"));
}

TEST_CASE("plan: a Prisma index is a folder whose migration.sql holds that one statement",
          "[plan][prisma][postgres]") {
  ProjectCopy project("");
  project.write(
      "prisma/schema.prisma",
      "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\n"
      "model User {\n  id    Int     @id\n  email String?\n\n  @@index([email])\n}\n");
  project.write("prisma/migrations/20240101000000_init/migration.sql",
                "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL, \"email\" TEXT, "
                "CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n");
  project.write("prisma/migrations/20240102000000_index/migration.sql",
                "CREATE INDEX \"User_email_idx\" ON \"User\"(\"email\");\n");
  auto run = project.cli("plan", {"20240102000000_index", "--dialect", "postgresql"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto folders = created_folders(run.out);
  REQUIRE(folders.size() == 1);
  const std::string sql = project.read("prisma/migrations/" + folders[0] + "/migration.sql");
  CHECK_THAT(sql, Catch::Contains("CREATE INDEX CONCURRENTLY \"User_email_idx\""));
  CHECK_THAT(run.out, Catch::Contains("Prisma sends migration.sql as one query"));
  fs::remove_all(project.root / "prisma/migrations/20240102000000_index");
  const std::string db = postgres_url();
  up(project, db, "");
  CHECK(valid_index(db, "User_email_idx"));
}
