// `plan` in a Prisma project: the phases are new migration folders after the breaking one, with
// SQL Prisma's own engine runs. A column rename on SQLite and PostgreSQL, applied by polymigrate
// and by the real `prisma migrate deploy`, and an index built CONCURRENTLY by the real Prisma.
#include <catch2/catch.hpp>

#include "db/database_url.hpp"
#include "plan/plan_support.hpp"
#include "prisma/real_prisma.hpp"
#include "support/postgres_server.hpp"

using namespace pm;
using namespace pm::test;
namespace fs = std::filesystem;

namespace {

void write_prisma(const ProjectCopy& project, const std::string& provider) {
  project.write("prisma/schema.prisma",
                "datasource db {\n  provider = \"" + provider +
                    "\"\n  url      = env(\"DATABASE_URL\")\n}\n\n"
                    "model Account {\n  id        Int     @id\n  username  String?\n}\n");
  project.write(
      "prisma/migrations/20240101000000_init/migration.sql",
      "CREATE TABLE \"Account\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"handle\" TEXT);\n");
  project.write("prisma/migrations/20240102000000_rename_handle/migration.sql",
                "ALTER TABLE \"Account\" RENAME COLUMN \"handle\" TO \"username\";\n");
}

std::vector<std::string> plan_prisma(const ProjectCopy& project, const std::string& dialect) {
  auto run = project.cli("plan", {"20240102000000_rename_handle", "--dialect", dialect});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("PM504"));
  CHECK_THAT(run.out, Catch::Contains("20240102000000_rename_handle: delete that folder"));
  const auto folders = created_folders(run.out);
  REQUIRE(folders.size() == 3);
  CHECK_THAT(folders[0], Catch::EndsWith("_expand_account_username"));
  CHECK_THAT(folders[1], Catch::EndsWith("_backfill_account_username"));
  CHECK_THAT(folders[2], Catch::EndsWith("_contract_account_username"));
  // Prisma runs migration.sql as one transaction: one UPDATE, no DO block that commits.
  const std::string backfill = project.read("prisma/migrations/" + folders[1] + "/migration.sql");
  CHECK_THAT(backfill, Catch::Contains("UPDATE \"Account\" SET \"username\""));
  CHECK_THAT(backfill, !Catch::Contains("COMMIT"));
  fs::remove_all(project.root / "prisma/migrations/20240102000000_rename_handle");
  auto inspect = project.cli("inspect", {"--json"});
  INFO(inspect.out << inspect.err);
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, !Catch::Contains("\"severity\": \"error\""));
  return folders;
}

}  // namespace

TEST_CASE("plan: a Prisma column rename on SQLite becomes three migration folders",
          "[plan][prisma]") {
  ProjectCopy project("");
  write_prisma(project, "sqlite");
  const auto folders = plan_prisma(project, "sqlite");
  runs_the_phases(project, project.sqlite("prisma.db"),
                  {"20240101000000_init", folders[0], folders[1]}, "Account", "handle", "username",
                  {"_prisma_migrations"});
}

TEST_CASE("plan: a Prisma column rename on PostgreSQL, kept in step by a trigger",
          "[plan][prisma][postgres]") {
  ProjectCopy project("");
  write_prisma(project, "postgresql");
  const auto folders = plan_prisma(project, "postgresql");
  CHECK_THAT(project.read("prisma/migrations/" + folders[0] + "/migration.sql"),
             Catch::Contains("CREATE TRIGGER"));
  runs_the_phases(project, postgres_url(), {"20240101000000_init", folders[0], folders[1]},
                  "Account", "handle", "username", {"_prisma_migrations"});
}

TEST_CASE("plan: the Prisma rename phases run under the real prisma migrate deploy",
          "[plan][prisma][prisma_cli]") {
  ProjectCopy project("");
  write_prisma(project, "sqlite");
  plan_prisma(project, "sqlite");
  const auto db = sqlite_prisma_database(project.dir.path() / "deploy.db");
  prepare_prisma_project(project.root, db);
  auto deploy = run_prisma(project.root, db, {"migrate", "deploy"});
  INFO(deploy.out << deploy.err);
  REQUIRE(deploy.exit_code == 0);
  CHECK(live_columns(db.polymigrate_url, "Account", {"_prisma_migrations"}) ==
        std::vector<std::string>{"id", "username"});
}

TEST_CASE("plan: a Prisma index built CONCURRENTLY by the real prisma migrate deploy",
          "[plan][prisma][prisma_cli][postgres]") {
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
  fs::remove_all(project.root / "prisma/migrations/20240102000000_index");
  const auto db = postgres_prisma_database();
  prepare_prisma_project(project.root, db);
  auto deploy = run_prisma(project.root, db, {"migrate", "deploy"});
  INFO(deploy.out << deploy.err);
  REQUIRE(deploy.exit_code == 0);
  auto conn = db::open_connection(db::parse_database_url(db.polymigrate_url));
  auto rows = conn->query(
      "SELECT CASE WHEN i.indisvalid THEN 'yes' ELSE 'no' END FROM pg_index i JOIN pg_class c "
      "ON c.oid = i.indexrelid WHERE c.relname = $1",
      {db::Value{std::string("User_email_idx")}});
  REQUIRE(rows.rows.size() == 1);
  CHECK(db::as_text(rows.rows[0][0]) == "yes");
}
