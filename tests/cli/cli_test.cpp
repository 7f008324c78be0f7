// The command line as users meet it: help, exit codes, messages for what is not built yet.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <set>

#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using pm::test::run_cli;
namespace test = pm::test;
namespace fs = std::filesystem;

TEST_CASE("--help lists every command of the design", "[cli]") {
  auto result = run_cli({"--help"});
  CHECK(result.exit_code == 0);
  for (const char* command :
       {"scan", "inspect", "graph", "status", "validate", "lint", "up", "down", "sql", "convert",
        "adopt", "verify", "new", "diff", "generate"}) {
    INFO(command);
    CHECK_THAT(result.out, Catch::Contains(std::string("  ") + command));
  }
}

TEST_CASE("each command has its own --help", "[cli]") {
  auto result = run_cli({"up", "--help"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains("--dry-run"));
  CHECK_THAT(result.out, Catch::Contains("--to"));
  CHECK_THAT(result.out, Catch::Contains("--db"));
}

TEST_CASE("convert writes the map and refuses a non-empty folder; adopt needs a map", "[cli]") {
  test::TempDir dir;
  const std::string out = (dir.path() / "out").string();
  auto converted = run_cli({"convert", test::source_path("fixtures/alembic/branched").string(),
                            "--to", "flyway", "--out", out, "--dialect", "sqlite"});
  CHECK(converted.exit_code == 0);
  CHECK_THAT(converted.out, Catch::Contains("polymigrate-map.json"));
  CHECK_THAT(converted.out, Catch::Contains("PM402"));  // the merge became one line
  CHECK(fs::exists(dir.path() / "out/polymigrate-map.json"));
  CHECK_FALSE(fs::exists(dir.path() / "out/.polymigrate-convert"));
  auto again = run_cli({"convert", test::source_path("fixtures/alembic/branched").string(), "--to",
                        "flyway", "--out", out, "--dialect", "sqlite"});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("is not empty"));
  CHECK(run_cli({"convert", test::source_path("fixtures/alembic/branched").string(), "--to",
                 "flyway", "--out", out, "--dialect", "sqlite", "--force"})
            .exit_code == 0);
  auto adopt = run_cli({"adopt", test::source_path("fixtures/flyway/basic").string(), "--from",
                        test::source_path("fixtures/alembic/branched").string(), "--db",
                        "sqlite:" + (dir.path() / "x.db").string()});
  CHECK(adopt.exit_code == 2);
  CHECK_THAT(adopt.err, Catch::Contains("polymigrate-map.json not found"));
}

TEST_CASE("usage errors exit 2", "[cli]") {
  CHECK(run_cli({}).exit_code == 2);
  CHECK(run_cli({"frobnicate"}).exit_code == 2);
  CHECK(run_cli({"graph", ".", "--format", "png"}).exit_code == 2);
}

TEST_CASE("a folder without a project is an input error", "[cli]") {
  pm::test::TempDir dir;
  auto result = run_cli({"inspect", dir.path().string()});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("no migration project found"));
  auto missing = run_cli({"status", (dir.path() / "nope").string()});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("is not a folder"));
}

TEST_CASE("scan reads a Knex and a Flyway project side by side", "[cli]") {
  pm::test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "api");
  std::ofstream(dir.path() / "api" / "knexfile.js") << "module.exports = { client: 'pg' };\n";
  std::filesystem::create_directories(dir.path() / "worker" / "sql");
  std::ofstream(dir.path() / "worker" / "flyway.conf") << "flyway.locations=filesystem:sql\n";
  std::ofstream(dir.path() / "worker" / "sql" / "V1__init.sql") << "CREATE TABLE t (id INT);\n";
  // Knex's default ./migrations folder is missing: Knex fails to read it, and that is a finding.
  auto missing = run_cli({"scan", dir.path().string(), "--json"});
  CHECK(missing.exit_code == 1);
  auto before = nlohmann::json::parse(missing.out);
  REQUIRE(before["projects"].size() == 2);
  CHECK(before["projects"][0]["framework"] == "knex");
  CHECK(before["projects"][0]["errors"] == 1);

  std::filesystem::create_directories(dir.path() / "api" / "migrations");
  std::ofstream(dir.path() / "api" / "migrations" / "1_t.js")
      << "exports.up = (knex) => knex.schema.createTable('t', (t) => { t.increments(); });\n"
         "exports.down = (knex) => knex.schema.dropTable('t');\n";
  auto result = run_cli({"scan", dir.path().string(), "--json"});
  CHECK(result.exit_code == 0);
  auto json = nlohmann::json::parse(result.out);
  REQUIRE(json["projects"].size() == 2);
  CHECK(json["projects"][0]["path"] == "api");
  CHECK(json["projects"][0]["framework"] == "knex");
  CHECK(json["projects"][0]["migrations"] == 1);
  CHECK(json["projects"][0]["note"].is_null());
  CHECK(json["projects"][1]["framework"] == "flyway");
  CHECK(json["projects"][1]["migrations"] == 1);
  CHECK(json["projects"][1]["note"].is_null());
}

TEST_CASE("scan over the fixtures folder finds all four frameworks, with heads and findings",
          "[cli]") {
  // fixtures/ is a monorepo of its own: projects of every framework, two levels down, next to
  // folders that hold none (fixtures/sql, fixtures/schema).
  const auto fixtures = pm::test::source_path("fixtures").string();
  auto result = run_cli({"scan", fixtures, "--format", "json"});
  INFO(result.err);
  CHECK(result.exit_code == 0);  // warnings only
  auto json = nlohmann::json::parse(result.out);
  std::set<std::string> frameworks;
  for (const auto& project : json["projects"]) frameworks.insert(project["framework"]);
  CHECK(frameworks == std::set<std::string>{"alembic", "flyway", "knex", "prisma"});
  for (const auto& project : json["projects"])
    if (project["path"] == "alembic/branched") CHECK(project["heads"].size() == 1);
  bool pointed = false;  // findings name their file from the scanned root
  for (const auto& project : json["projects"])
    for (const auto& finding : project["diagnostics"])
      pointed = pointed || finding["file"] == "flyway/features/sql/V4-no-separator.sql";
  CHECK(pointed);
  CHECK(run_cli({"scan", fixtures, "--fail-on", "warning"}).exit_code == 1);

  auto junit = run_cli({"scan", fixtures, "--format", "junit"});
  pugi::xml_document doc;
  REQUIRE(doc.load_string(junit.out.c_str()));
  CHECK(static_cast<std::size_t>(std::distance(
            doc.child("testsuites").children("testsuite").begin(),
            doc.child("testsuites").children("testsuite").end())) == json["projects"].size());
  auto github = run_cli({"scan", fixtures, "--format", "github"});
  CHECK_THAT(github.out, Catch::Contains("::warning file=flyway/features/sql/V4-no-separator.sql"));
}

TEST_CASE("a password in a bad --db URL never reaches the output", "[cli]") {
  pm::test::TempDir dir;
  std::ofstream(dir.path() / "knexfile.js") << "module.exports = {};\n";
  auto result =
      run_cli({"status", dir.path().string(), "--db", "postgresql://bob:s3cr3t-pw@127.0.0.1:1/x"});
  CHECK(result.exit_code != 0);
  CHECK(result.out.find("s3cr3t-pw") == std::string::npos);
  CHECK(result.err.find("s3cr3t-pw") == std::string::npos);
}
