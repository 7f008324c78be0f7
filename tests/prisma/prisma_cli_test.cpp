// The Prisma adapter through the command line, as a user runs it: up, status, resolve.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "adapters/prisma/checksum.hpp"
#include "prisma/prisma_fixture.hpp"

using namespace pm;

TEST_CASE("prisma cli: up, a failed migration, status, resolve --rolled-back and --applied",
          "[prisma][cli]") {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("sqlite", dir).string();
  const std::map<std::string, std::string> env = {{"DATABASE_URL", ""}};

  auto inspect = test::run_cli({"inspect", root, "--json"}, {}, env);
  REQUIRE(inspect.exit_code == 0);
  auto json = nlohmann::json::parse(inspect.out);
  CHECK(json["migrations"][0]["key"] == "0_init");
  CHECK(json["migrations"][0]["checksum"].get<std::string>().size() == 64);  // as Prisma stores it
  // The CRLF folder: the hash of its bytes as they are, as the engine stores it.
  CHECK(json["migrations"][1]["key"] == "20240201100000_add_posts");
  std::ifstream crlf(root + "/prisma/migrations/20240201100000_add_posts/migration.sql",
                     std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(crlf)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.find("\r\n") != std::string::npos);
  CHECK(json["migrations"][1]["checksum"] == prisma::render_checksum(bytes));

  auto up = test::run_cli({"up", root}, {}, env);
  CHECK(up.exit_code == 3);  // the backfill fails
  CHECK_THAT(up.err, Catch::Contains("20240204090000_backfill_titles"));

  auto again = test::run_cli({"up", root}, {}, env);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err,
             Catch::Contains("P3009: migrate found failed migrations in the target database"));

  auto status = test::run_cli({"status", root}, {}, env);
  CHECK(status.exit_code == 1);
  CHECK_THAT(status.out, Catch::Contains("1 failed"));

  auto usage = test::run_cli({"resolve", root}, {}, env);
  CHECK(usage.exit_code == 2);

  auto rolled =
      test::run_cli({"resolve", root, "--rolled-back", "20240204090000_backfill_titles"}, {}, env);
  CHECK(rolled.exit_code == 0);
  CHECK_THAT(rolled.out,
             Catch::Contains("Migration 20240204090000_backfill_titles marked as rolled back."));
  CHECK_THAT(test::run_cli({"status", root}, {}, env).out, Catch::Contains("1 pending, 0 failed"));

  auto applied =
      test::run_cli({"resolve", root, "--applied", "20240204090000_backfill_titles"}, {}, env);
  CHECK(applied.exit_code == 0);
  CHECK_THAT(applied.out,
             Catch::Contains("Migration 20240204090000_backfill_titles marked as applied."));
  CHECK(test::run_cli({"status", root}, {}, env).exit_code == 0);
  CHECK(test::run_cli({"up", root}, {}, env).exit_code == 0);
}

TEST_CASE("prisma cli: a lock file for another provider is P3019", "[prisma][cli]") {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("postgresql", dir).string();
  auto result = test::run_cli({"status", root, "--db", "sqlite:" + (dir.path() / "x.db").string()},
                              {}, {{"DATABASE_URL", ""}});
  CHECK(result.exit_code == 2);
  CHECK_THAT(
      result.err,
      Catch::Contains("P3019: The datasource provider `sqlite` specified in your schema does not "
                      "match the one specified in the migration_lock.toml, `postgresql`."));
}

TEST_CASE("prisma cli: down warns about lost data, refuses an unknowable rollback with file:line",
          "[prisma][cli][down]") {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("reshape", dir).string();
  const std::string db = "sqlite:" + (dir.path() / "t.db").string();
  REQUIRE(test::run_cli({"up", root, "--db", db}).exit_code == 0);

  auto down = test::run_cli({"down", root, "--db", db});
  CHECK(down.exit_code == 0);
  CHECK_THAT(down.out, Catch::Contains("reverted 20240304000000_drop_legacy"));
  CHECK_THAT(down.err,
             Catch::Contains("prisma/migrations/20240304000000_drop_legacy/migration.sql:8: "
                             "warning PM322: rollback of '20240304000000_drop_legacy' "
                             "re-creates table Legacy"));

  auto json = nlohmann::json::parse(test::run_cli({"down", root, "--db", db, "--json"}).out);
  CHECK(json["migrations"][0]["key"] == "20240303000000_isbn");
  CHECK(json["warnings"].is_array());

  test::write_bytes(dir.path() / "reshape/prisma/migrations/20240305000000_seed/migration.sql",
                    "UPDATE \"Book\" SET \"title\" = upper(\"title\");\n");
  REQUIRE(test::run_cli({"up", root, "--db", db}).exit_code == 0);
  auto refused = test::run_cli({"down", root, "--db", db, "--to", "base"});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(
      refused.err,
      Catch::Contains("a rollback cannot be generated; nothing was run") &&
          Catch::Contains("prisma/migrations/20240305000000_seed/migration.sql:1: error PM320"));
  auto status = test::run_cli({"status", root, "--db", db});
  CHECK(status.exit_code == 0);  // everything still applied
}
