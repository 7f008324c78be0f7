// polymigrate and the real Prisma CLI (prisma@6.19.3, wasm schema engine behind a driver adapter)
// on one database, SQLite and PostgreSQL: each sees the other's `_prisma_migrations` as its own.
// - polymigrate up: `prisma migrate status` is up to date and `prisma migrate deploy` applies
// nothing;
// - prisma migrate deploy: polymigrate status agrees, the rows are the ones polymigrate writes, and
//   after a polymigrate down Prisma sees the migrations as not applied and re-applies them;
// - a failed migration written by either tool blocks the other; resolve by either unblocks both.
#include <catch2/catch.hpp>

#include "adapters/alembic/alembic_adapter.hpp"
#include "adapters/prisma/migrations_table.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "db/connection.hpp"
#include "prisma/prisma_fixture.hpp"
#include "prisma/real_prisma.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string> kNoDatabaseUrl = {{"DATABASE_URL", ""}};

test::ProcessResult prisma(const fs::path& project, const test::PrismaDatabase& db,
                           const std::vector<std::string>& args, int expected_exit) {
  auto result = test::run_prisma(project, db, args);
  INFO("prisma " << args.at(0) << " " << args.at(1) << " (exit " << result.exit_code << ")\n"
                 << result.out << result.err);
  CHECK(result.exit_code == expected_exit);
  return result;
}

test::CliResult polymigrate(const std::vector<std::string>& args, const test::PrismaDatabase& db,
                            int expected_exit) {
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--db", db.polymigrate_url});
  auto result = test::run_cli(all, {}, kNoDatabaseUrl);
  INFO("polymigrate " << args.at(0) << " (exit " << result.exit_code << ")\n"
                      << result.out << result.err);
  CHECK(result.exit_code == expected_exit);
  return result;
}

// Every column but the id and the times, in the engine's read order.
struct RowValues {
  std::string checksum, migration_name;
  bool finished = false, rolled_back = false;
  std::optional<std::string> logs;
  std::int64_t applied_steps_count = 0;
  bool operator==(const RowValues&) const = default;
};

std::vector<RowValues> row_values(const test::PrismaDatabase& db) {
  auto conn = db::open_connection(db::parse_database_url(db.polymigrate_url));
  std::vector<RowValues> out;
  for (const auto& r : prisma::read_migration_records(*conn))
    out.push_back({r.checksum, r.migration_name, r.finished_at.has_value(),
                   r.rolled_back_at.has_value(), r.logs, r.applied_steps_count});
  return out;
}

std::size_t table_count(const test::PrismaDatabase& db) {
  auto conn = db::open_connection(db::parse_database_url(db.polymigrate_url));
  return conn->introspect().tables.size();
}

void polymigrate_then_prisma(const test::PrismaDatabase& db) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("reshape", dir);
  test::prepare_prisma_project(root, db);
  polymigrate({"up", root.string()}, db, 0);
  const auto rows = row_values(db);
  REQUIRE(rows.size() == 4);

  auto status = prisma(root, db, {"migrate", "status"}, 0);
  CHECK_THAT(status.out, Catch::Contains("Database schema is up to date!"));
  auto deploy = prisma(root, db, {"migrate", "deploy"}, 0);
  CHECK_THAT(deploy.out + deploy.err, Catch::Contains("No pending migrations to apply."));
  CHECK(row_values(db) == rows);

  // After polymigrate down, Prisma sees the migrations as never applied and applies them again.
  polymigrate({"down", root.string(), "--to", "20240302000000_drop_bio"}, db, 0);
  auto behind = prisma(root, db, {"migrate", "status"}, 1);
  CHECK_THAT(behind.out, Catch::Contains("Following migrations have not yet been applied:\n"
                                         "20240303000000_isbn\n20240304000000_drop_legacy"));
  prisma(root, db, {"migrate", "deploy"}, 0);
  CHECK(row_values(db).size() == 4);
  prisma(root, db, {"migrate", "status"}, 0);
  polymigrate({"status", root.string()}, db, 0);
}

void prisma_then_polymigrate(const test::PrismaDatabase& db, const test::PrismaDatabase& other) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("reshape", dir);
  test::prepare_prisma_project(root, db);
  auto deploy = prisma(root, db, {"migrate", "deploy"}, 0);
  CHECK_THAT(deploy.out + deploy.err,
             Catch::Contains("All migrations have been successfully applied."));
  auto status = polymigrate({"status", root.string()}, db, 0);
  CHECK_THAT(status.out, Catch::Contains("4 applied"));
  polymigrate({"up", root.string()}, db, 0);  // nothing to do

  // The rows Prisma wrote are, column by column, the ones polymigrate writes.
  polymigrate({"up", root.string()}, other, 0);
  CHECK(row_values(db) == row_values(other));

  polymigrate({"down", root.string(), "--to", "base"}, db, 0);
  CHECK(table_count(db) == 1);  // _prisma_migrations, empty
  CHECK(row_values(db).empty());
  prisma(root, db, {"migrate", "status"}, 1);
  prisma(root, db, {"migrate", "deploy"}, 0);
  polymigrate({"status", root.string()}, db, 0);
}

const char* const kFailing = "20240305000000_backfill";

void add_failing_migration(const fs::path& root) {
  test::write_bytes(root / "prisma/migrations" / kFailing / "migration.sql",
                    "-- Names a column the table does not have: fails on every database.\n"
                    "UPDATE \"Book\" SET \"subtitle\" = \"title\";\n");
}

void fix_failing_migration(const fs::path& root) {
  test::write_bytes(
      root / "prisma/migrations" / kFailing / "migration.sql",
      "-- Fixed by hand after the failure.\nUPDATE \"Book\" SET \"title\" = \"title\";\n");
}

// polymigrate fails it; Prisma is blocked; Prisma resolves it (--applied: fixed by hand); both
// go on. (Prisma 6.19.3's `resolve --rolled-back` cannot run with a driver adapter: it checks the
// connection through the native schema-engine binary first, MigrateResolve.ts.)
void failed_by_polymigrate(const test::PrismaDatabase& db) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("reshape", dir);
  add_failing_migration(root);
  test::prepare_prisma_project(root, db);
  polymigrate({"up", root.string()}, db, 3);
  auto deploy = prisma(root, db, {"migrate", "deploy"}, 1);
  CHECK_THAT(deploy.err, Catch::Contains("P3009") && Catch::Contains(kFailing));
  auto status = prisma(root, db, {"migrate", "status"}, 1);
  CHECK_THAT(status.err,
             Catch::Contains("Following migration have failed:\n" + std::string(kFailing)));
  polymigrate({"status", root.string()}, db, 1);

  prisma(root, db, {"migrate", "resolve", "--applied", kFailing}, 0);
  auto up = polymigrate({"up", root.string()}, db, 0);
  CHECK_THAT(up.out, Catch::Contains("is already up to date"));
  prisma(root, db, {"migrate", "status"}, 0);
  polymigrate({"status", root.string()}, db, 0);
}

// Prisma fails it; polymigrate is blocked; polymigrate marks it rolled back; the fixed file then
// runs under Prisma.
void failed_by_prisma_rolled_back(const test::PrismaDatabase& db) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("reshape", dir);
  add_failing_migration(root);
  test::prepare_prisma_project(root, db);
  prisma(root, db, {"migrate", "deploy"}, 1);
  auto up = polymigrate({"up", root.string()}, db, 1);
  CHECK_THAT(up.err, Catch::Contains("P3009: migrate found failed migrations") &&
                         Catch::Contains(kFailing));

  polymigrate({"resolve", root.string(), "--rolled-back", kFailing}, db, 0);
  // Not failed any more. Prisma's status matches rows by name, rolled back or not, so it calls
  // this up to date; polymigrate (like deploy) sees the migration as pending.
  prisma(root, db, {"migrate", "status"}, 0);
  polymigrate({"status", root.string()}, db, 1);
  fix_failing_migration(root);
  auto deploy = prisma(root, db, {"migrate", "deploy"}, 0);
  CHECK_THAT(deploy.out, Catch::Contains(kFailing));
  prisma(root, db, {"migrate", "status"}, 0);
  polymigrate({"status", root.string()}, db, 0);
}

// Prisma fails it; polymigrate is blocked (down too); polymigrate marks it applied; Prisma has
// nothing left to do.
void failed_by_prisma(const test::PrismaDatabase& db) {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("reshape", dir);
  add_failing_migration(root);
  test::prepare_prisma_project(root, db);
  prisma(root, db, {"migrate", "deploy"}, 1);
  auto up = polymigrate({"up", root.string()}, db, 1);
  CHECK_THAT(up.err, Catch::Contains("P3009: migrate found failed migrations") &&
                         Catch::Contains(kFailing));
  polymigrate({"down", root.string()}, db, 1);  // down is blocked as well
  polymigrate({"status", root.string()}, db, 1);

  polymigrate({"resolve", root.string(), "--applied", kFailing}, db, 0);
  auto deploy = prisma(root, db, {"migrate", "deploy"}, 0);
  CHECK_THAT(deploy.out + deploy.err, Catch::Contains("No pending migrations to apply."));
  prisma(root, db, {"migrate", "status"}, 0);
  polymigrate({"status", root.string()}, db, 0);
}

// A project the writer made from an Alembic history runs under the real `prisma migrate deploy`.
void written_project_deploys(const test::PrismaDatabase& db) {
  test::TempDir dir;
  const auto source =
      alembic::alembic_adapter().load(test::source_path("fixtures/alembic/basic"), {});
  const auto root = dir.path() / "converted";
  prisma::prisma_adapter().write(source, db.dialect, root);
  test::prepare_prisma_project(root, db);
  auto deploy = prisma(root, db, {"migrate", "deploy"}, 0);
  CHECK_THAT(deploy.out, Catch::Contains("20000101000000_create_users") &&
                             Catch::Contains("All migrations have been successfully applied."));
  prisma(root, db, {"migrate", "status"}, 0);
  polymigrate({"status", root.string()}, db, 0);
  CHECK(table_count(db) == 3);  // users, posts, _prisma_migrations
}

}  // namespace

TEST_CASE("interop: a project the writer made runs under prisma migrate deploy (SQLite)",
          "[prisma][interop][prisma_cli][writer]") {
  test::TempDir dir;
  written_project_deploys(test::sqlite_prisma_database(dir.path() / "shared.db"));
}

TEST_CASE("interop: a project the writer made runs under prisma migrate deploy (PostgreSQL)",
          "[prisma][interop][prisma_cli][writer][postgres]") {
  written_project_deploys(test::postgres_prisma_database());
}

TEST_CASE("interop: polymigrate up, then prisma status and deploy agree (SQLite)",
          "[prisma][interop][prisma_cli]") {
  test::TempDir dir;
  polymigrate_then_prisma(test::sqlite_prisma_database(dir.path() / "shared.db"));
}

TEST_CASE("interop: prisma deploy, then polymigrate agrees, rows equal (SQLite)",
          "[prisma][interop][prisma_cli]") {
  test::TempDir dir;
  prisma_then_polymigrate(test::sqlite_prisma_database(dir.path() / "shared.db"),
                          test::sqlite_prisma_database(dir.path() / "ours.db"));
}

TEST_CASE("interop: a failed migration blocks both, resolve by either unblocks (SQLite)",
          "[prisma][interop][prisma_cli]") {
  test::TempDir dir;
  failed_by_polymigrate(test::sqlite_prisma_database(dir.path() / "a.db"));
  failed_by_prisma(test::sqlite_prisma_database(dir.path() / "b.db"));
  failed_by_prisma_rolled_back(test::sqlite_prisma_database(dir.path() / "c.db"));
}

TEST_CASE("interop: polymigrate up, then prisma status and deploy agree (PostgreSQL)",
          "[prisma][interop][prisma_cli][postgres]") {
  polymigrate_then_prisma(test::postgres_prisma_database());
}

TEST_CASE("interop: prisma deploy, then polymigrate agrees, rows equal (PostgreSQL)",
          "[prisma][interop][prisma_cli][postgres]") {
  prisma_then_polymigrate(test::postgres_prisma_database(), test::postgres_prisma_database());
}

TEST_CASE("interop: a failed migration blocks both, resolve by either unblocks (PostgreSQL)",
          "[prisma][interop][prisma_cli][postgres]") {
  failed_by_polymigrate(test::postgres_prisma_database());
  failed_by_prisma(test::postgres_prisma_database());
  failed_by_prisma_rolled_back(test::postgres_prisma_database());
}
