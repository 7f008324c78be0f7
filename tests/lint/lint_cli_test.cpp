// `polymigrate lint` as CI runs it, on fixtures/lint/flyway: every output format read back
// (JUnit with pugixml, SARIF and JSON with nlohmann), exit codes, --fail-on, bad input.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "lint/rule_catalogue.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using pm::test::run_cli;
namespace test = pm::test;
namespace fs = std::filesystem;

namespace {

std::string fixture() { return test::source_path("fixtures/lint/flyway").string(); }

// Rules that run on PostgreSQL, minus the one the fixture's polymigrate.toml disables.
std::size_t postgres_rules_run() {
  std::size_t n = 0;
  for (const auto& rule : pm::lint::rule_catalogue())
    n += pm::lint::applies_to(rule, pm::model::Dialect::postgresql) &&
         std::string(rule.code) != "PM510";
  return n;
}

void copy_fixture(const fs::path& to) { fs::copy(fixture(), to, fs::copy_options::recursive); }

}  // namespace

TEST_CASE("lint text: one block per migration, its classification, findings and recipes",
          "[lint][cli]") {
  auto result = run_cli({"lint", fixture()});
  CHECK(result.exit_code == 1);
  CHECK(result.err.empty());  // the URL names the dialect: no note
  CHECK_THAT(result.out, Catch::Contains("(flyway, postgresql)"));
  CHECK_THAT(result.out, Catch::Contains("1  sql/V1__create_users.sql  [additive]"));
  CHECK_THAT(result.out, Catch::Contains("2  sql/V2__add_nickname.sql  [additive]"));
  CHECK_THAT(result.out,
             Catch::Contains("3  sql/V3__drop_legacy.sql  [breaking]  (1 ignored by comment)"));
  CHECK_THAT(result.out, Catch::Contains("4  sql/V4__extension.sql  [unknown]"));
  CHECK_THAT(result.out, Catch::Contains("error PM502 drop-column  sql/V3__drop_legacy.sql:4\n"
                                         "    drops column users.email."));
  CHECK_THAT(result.out,
             Catch::Contains("      2. contract: drop it in a later migration: ALTER TABLE users "
                             "DROP COLUMN email;"));
  CHECK_THAT(result.out, Catch::Contains("warning PM500 unreadable-statement"));
  CHECK_THAT(result.out, Catch::Contains("4 migration(s): 2 additive, 1 breaking, 1 unknown; 1 "
                                         "error(s), 1 warning(s)"));
  CHECK_THAT(result.out, !Catch::Contains("PM510"));
}

TEST_CASE("lint json: the documented keys", "[lint][cli]") {
  auto result = run_cli({"lint", fixture(), "--format", "json"});
  CHECK(result.exit_code == 1);
  auto json = nlohmann::json::parse(result.out);
  CHECK(json["framework"] == "flyway");
  CHECK(json["dialect"] == "postgresql");
  CHECK(json["disabled"] == nlohmann::json::array({"PM510"}));
  CHECK(json["summary"]["migrations"] == 4);
  CHECK(json["summary"]["breaking"] == 1);
  CHECK(json["summary"]["unknown"] == 1);
  CHECK(json["summary"]["errors"] == 1);
  REQUIRE(json["migrations"].size() == 4);
  const auto& v3 = json["migrations"][2];
  CHECK(v3["key"] == "3");
  CHECK(v3["classification"] == "breaking");
  CHECK(v3["suppressed"] == 1);
  REQUIRE(v3["findings"].size() == 1);
  CHECK(v3["findings"][0]["code"] == "PM502");
  CHECK(v3["findings"][0]["rule"] == "drop-column");
  CHECK(v3["findings"][0]["severity"] == "error");
  CHECK(v3["findings"][0]["file"] == "sql/V3__drop_legacy.sql");
  CHECK(v3["findings"][0]["line"] == 4);
  CHECK(v3["findings"][0]["recipe"][0]["phase"] == "release");
  CHECK(v3["findings"][0]["recipe"][1]["phase"] == "contract");
  CHECK(json["migrations"][3]["findings"][0]["code"] == "PM500");
  // --json is the same as --format json.
  CHECK(nlohmann::json::parse(run_cli({"lint", fixture(), "--json"}).out) == json);
}

TEST_CASE("lint junit: one suite per migration, one test case per check, read with pugixml",
          "[lint][cli]") {
  auto result = run_cli({"lint", fixture(), "--format", "junit"});
  CHECK(result.exit_code == 1);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(result.out.c_str()));
  auto root = doc.child("testsuites");
  REQUIRE(root);
  CHECK(root.attribute("failures").as_int() == 1);
  std::vector<pugi::xml_node> suites;
  for (auto suite : root.children("testsuite")) suites.push_back(suite);
  REQUIRE(suites.size() == 4);
  for (const auto& suite : suites) {
    INFO(suite.attribute("name").value());
    std::size_t cases = 0;
    for (auto c : suite.children("testcase")) {
      (void)c;
      ++cases;
    }
    CHECK(cases == postgres_rules_run());
    CHECK(suite.attribute("tests").as_ullong() == postgres_rules_run());
  }
  CHECK(std::string(suites[2].attribute("name").value()) == "3");
  CHECK(std::string(suites[2].attribute("file").value()) == "sql/V3__drop_legacy.sql");
  CHECK(suites[2].attribute("failures").as_int() == 1);
  auto failed = suites[2].find_child_by_attribute("testcase", "name", "PM502 drop-column");
  REQUIRE(failed);
  CHECK(std::string(failed.attribute("classname").value()) == "polymigrate.3");
  REQUIRE(failed.child("failure"));
  CHECK_THAT(failed.child("failure").child_value(),
             Catch::Contains("sql/V3__drop_legacy.sql:4: error PM502"));
  auto passed = suites[2].find_child_by_attribute("testcase", "name", "PM501 drop-table");
  REQUIRE(passed);
  CHECK_FALSE(passed.child("failure"));
  // A warning is output of a passing case, not a failure.
  auto unknown =
      suites[3].find_child_by_attribute("testcase", "name", "PM500 unreadable-statement");
  REQUIRE(unknown);
  CHECK_FALSE(unknown.child("failure"));
  CHECK_THAT(unknown.child("system-out").child_value(), Catch::Contains("warning PM500"));
  CHECK_FALSE(
      suites[0].find_child_by_attribute("testcase", "name", "PM510 drop-index-non-concurrently"));
}

TEST_CASE("lint sarif: version, schema, driver rules with metadata, results with locations",
          "[lint][cli]") {
  auto result = run_cli({"lint", fixture(), "--format", "sarif"});
  CHECK(result.exit_code == 1);
  auto sarif = nlohmann::json::parse(result.out);
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "polymigrate");
  const auto& rules = run["tool"]["driver"]["rules"];
  CHECK(rules.size() == postgres_rules_run());
  nlohmann::json drop_column;
  for (const auto& rule : rules)
    if (rule["id"] == "PM502") drop_column = rule;
  REQUIRE(drop_column.is_object());
  CHECK(drop_column["name"] == "drop-column");
  CHECK(drop_column["shortDescription"]["text"] ==
        "drops a column the running application may still use");
  CHECK_THAT(drop_column["help"]["text"].get<std::string>(), Catch::Contains("1. release:"));
  CHECK(drop_column["defaultConfiguration"]["level"] == "error");
  const auto& results = run["results"];
  REQUIRE(results.size() == 2);
  const auto& finding = results[0];
  CHECK(finding["ruleId"] == "PM502");
  CHECK(rules[finding["ruleIndex"].get<std::size_t>()]["id"] == "PM502");
  CHECK(finding["level"] == "error");
  CHECK_THAT(finding["message"]["text"].get<std::string>(), Catch::Contains("users.email"));
  const auto& location = finding["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "sql/V3__drop_legacy.sql");
  CHECK(location["region"]["startLine"] == 4);
  CHECK(results[1]["ruleId"] == "PM500");
  CHECK(results[1]["level"] == "warning");
}

TEST_CASE("lint github: annotations with file, line, rule name and the recipe", "[lint][cli]") {
  auto result = run_cli({"lint", fixture(), "--format", "github"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.out,
             Catch::Contains("::error file=sql/V3__drop_legacy.sql,line=4,title="
                             "polymigrate PM502::drop-column: drops column users.email"));
  CHECK_THAT(result.out, Catch::Contains("%0AFix:%0A1. release:"));
  CHECK_THAT(
      result.out,
      Catch::Contains("::warning file=sql/V4__extension.sql,line=1,title=polymigrate PM500"));
}

TEST_CASE("lint exit codes: warnings pass unless --fail-on warning; bad input exits 2",
          "[lint][cli]") {
  test::TempDir dir;
  const fs::path project = dir.path() / "p";
  copy_fixture(project);
  fs::remove(project / "sql/V3__drop_legacy.sql");
  CHECK(run_cli({"lint", project.string()}).exit_code == 0);  // PM500 is a warning
  CHECK(run_cli({"lint", project.string(), "--fail-on", "warning"}).exit_code == 1);
  CHECK(run_cli({"lint", project.string(), "--fail-on", "info"}).exit_code == 2);

  auto bad_dialect = run_cli({"lint", project.string(), "--dialect", "oracle"});
  CHECK(bad_dialect.exit_code == 2);
  CHECK_THAT(bad_dialect.err, Catch::Contains("--dialect oracle: not a dialect"));

  std::ofstream(project / "polymigrate.toml") << "[lint]\ndisable = [\"PM501\",\n  \"no-such\"]\n";
  auto bad_config = run_cli({"lint", project.string()});
  CHECK(bad_config.exit_code == 2);
  CHECK_THAT(
      bad_config.err,
      Catch::Contains("polymigrate.toml:3: lint.disable names no-such, which is no lint rule"));

  std::ofstream(project / "polymigrate.toml") << "[lint\n";
  auto unparsable = run_cli({"lint", project.string()});
  CHECK(unparsable.exit_code == 2);
  CHECK_THAT(unparsable.err, Catch::Contains("polymigrate.toml:1:"));

  auto missing = run_cli({"lint", (dir.path() / "nothing").string()});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("lint dialect: --dialect, else the project's, else PostgreSQL with a note",
          "[lint][cli]") {
  test::TempDir dir;
  const fs::path project = dir.path() / "p";
  fs::create_directories(project / "sql");
  std::ofstream(project / "flyway.conf") << "flyway.locations=filesystem:sql\n";
  std::ofstream(project / "sql/V1__a.sql") << "CREATE TABLE t (id integer, x text);\n";
  std::ofstream(project / "sql/V2__b.sql") << "CREATE INDEX t_x ON t (x);\n";
  // Only PostgreSQL splits a dollar-quoted body as one statement: the project is read for the
  // dialect lint chose.
  std::ofstream(project / "sql/V3__f.sql")
      << "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND\n$$ LANGUAGE "
         "plpgsql;\n";
  auto guessed = run_cli({"lint", project.string(), "--format", "json"});
  CHECK_THAT(guessed.err, Catch::Contains("linting for PostgreSQL"));
  CHECK(guessed.exit_code == 1);
  auto json = nlohmann::json::parse(guessed.out);
  CHECK(json["diagnostics"].empty());
  CHECK(json["migrations"][1]["findings"][1]["code"] == "PM509");
  REQUIRE(json["migrations"][2]["findings"].size() == 1);
  CHECK_THAT(json["migrations"][2]["findings"][0]["message"].get<std::string>(),
             Catch::Contains("cannot read: CREATE FUNCTION f()"));
  fs::remove(project / "sql/V3__f.sql");
  auto sqlite = run_cli({"lint", project.string(), "--dialect", "sqlite"});
  CHECK(sqlite.err.empty());
  CHECK(sqlite.exit_code == 0);  // no CONCURRENTLY on SQLite: PostgreSQL rules are off
  CHECK_THAT(sqlite.out, Catch::Contains("(flyway, sqlite)"));
  std::ofstream(project / "flyway.conf", std::ios::app) << "flyway.url=jdbc:sqlite:app.db\n";
  auto from_url = run_cli({"lint", project.string()});
  CHECK(from_url.err.empty());
  CHECK(from_url.exit_code == 0);
}

TEST_CASE("lint --list-rules prints every code and name", "[lint][cli]") {
  auto result = run_cli({"lint", "--list-rules"});
  CHECK(result.exit_code == 0);
  for (const auto& rule : pm::lint::rule_catalogue()) {
    CHECK_THAT(result.out, Catch::Contains(std::string(rule.code) + "  " + rule.name));
  }
}

TEST_CASE("validate --fail-on warning exits 1 on a warning", "[lint][cli]") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "sql");
  std::ofstream(dir.path() / "flyway.conf")
      << "flyway.locations=filesystem:sql\nflyway.outOfOrder=maybe\n";
  std::ofstream(dir.path() / "sql/V1__a.sql") << "CREATE TABLE t (id integer);\n";
  auto plain = run_cli({"validate", dir.path().string()});
  CHECK(plain.exit_code == 0);
  CHECK_THAT(plain.out, Catch::Contains("warning"));
  CHECK(run_cli({"validate", dir.path().string(), "--fail-on", "warning"}).exit_code == 1);
  CHECK(run_cli({"validate", dir.path().string(), "--fail-on", "error"}).exit_code == 0);
}
