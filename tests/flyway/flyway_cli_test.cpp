// Flyway through the binary: inspect --json prints checksums as Flyway stores them (numbers), and
// status, repair and baseline speak as Flyway does.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;

TEST_CASE("flyway cli: inspect --json checksums are Flyway's signed CRC32 numbers", "[flyway]") {
  auto result =
      test::run_cli({"inspect", test::source_path("fixtures/flyway/features").string(), "--json"});
  REQUIRE(result.exit_code == 0);
  auto json = nlohmann::json::parse(result.out);
  CHECK(json["framework"] == "flyway");
  REQUIRE(json["migrations"].size() == 7);
  CHECK(json["migrations"][0]["key"] == "1");
  CHECK(json["migrations"][0]["checksum"].is_number_integer());
  CHECK(json["migrations"][0]["checksum"] == 1781645818);
  CHECK(json["migrations"][1]["checksum"] == -504985890);
  CHECK(json["migrations"][6]["kind"] == "repeatable");
  CHECK(json["migrations"][6]["checksum"] == 1900160932);
  // The skipped file is a finding with its file, as Flyway would skip it.
  REQUIRE(json["diagnostics"].size() == 1);
  CHECK(json["diagnostics"][0]["code"] == "PM110");
  CHECK(json["diagnostics"][0]["file"] == "sql/V4-no-separator.sql");
}

TEST_CASE("flyway cli: status prints flyway info's states; baseline and repair run", "[flyway]") {
  test::TempDir dir;
  const std::string project = test::source_path("fixtures/flyway/features").string();
  const std::string db = "sqlite:" + (dir.path() / "cli.db").string();
  REQUIRE(test::run_cli({"up", project, "--db", db, "--to", "1.9"}).exit_code == 0);
  auto status = test::run_cli({"status", project, "--db", db, "--json"});
  CHECK(status.exit_code == 1);  // pending migrations
  auto json = nlohmann::json::parse(status.out);
  REQUIRE(json["native_status"].size() == 7);
  CHECK(json["native_status"][0]["State"] == "Success");
  CHECK(json["native_status"][3]["Version"] == "1.10");
  CHECK(json["native_status"][3]["State"] == "Pending");
  CHECK(json["native_status"][3]["Undoable"] == "Yes");
  auto text = test::run_cli({"status", project, "--db", db});
  CHECK(text.out.find("| Category   | Version | Description") != std::string::npos);

  auto baseline = test::run_cli({"baseline", project, "--db", db});
  CHECK(baseline.exit_code == 2);
  CHECK(baseline.err.find("as it already contains migrations") != std::string::npos);
  auto repair = test::run_cli({"repair", project, "--db", db, "--json"});
  REQUIRE(repair.exit_code == 0);
  CHECK(nlohmann::json::parse(repair.out)["aligned"].empty());
  auto elsewhere =
      test::run_cli({"repair", test::source_path("fixtures/prisma/basic").string(), "--db", db});
  CHECK(elsewhere.exit_code == 2);
  CHECK(elsewhere.err.find("repair is Flyway's command") != std::string::npos);
}
