// Output formats: the JSON contract's keys, graphs, and the CI formats.
#include <catch2/catch.hpp>

#include "report/findings_formats.hpp"
#include "report/graph.hpp"
#include "report/json_report.hpp"
#include <nlohmann/json.hpp>
#include <sstream>
#include "support/toy_adapter.hpp"

using namespace pm;

namespace {

model::Project sample() {
  auto first = test::toy_migration("1", {"CREATE TABLE a (id INTEGER)"}, {"DROP TABLE a"});
  first.version = "1";
  first.checksum = model::Checksum::of_number(-593479011);
  auto second = test::toy_migration("2", {});
  second.up.push_back(model::OpaqueStep{"python", "op.execute(build())", {"versions/2.py", 7, 7}, "dynamic SQL"});
  second.checksum = model::Checksum::of_text("2cf24dba");
  return test::toy_project({first, second});
}

nlohmann::json inspect_json(const model::Project& project) {
  std::ostringstream out;
  report::write_inspect_json(out, project);
  return nlohmann::json::parse(out.str());  // the real output must parse
}

}  // namespace

TEST_CASE("inspect JSON carries the documented keys", "[report]") {
  auto json = inspect_json(sample());
  CHECK(json["framework"] == "toy");
  REQUIRE(json["migrations"].size() == 2);
  const auto& first = json["migrations"][0];
  for (const char* key : {"key", "version", "description", "kind", "parents", "file", "checksum", "has_down", "steps"}) {
    INFO(key);
    CHECK(first.contains(key));
  }
  CHECK(first["checksum"] == -593479011);  // Flyway: a number
  CHECK(first["has_down"] == true);
  CHECK(first["steps"][0]["type"] == "sql");
  const auto& second = json["migrations"][1];
  CHECK(second["version"].is_null());
  CHECK(second["checksum"] == "2cf24dba");  // Prisma: hex text
  CHECK(second["parents"] == nlohmann::json::array({"1"}));
  CHECK(second["steps"][0]["type"] == "opaque");
  CHECK(second["steps"][0]["reason"] == "dynamic SQL");
  CHECK(second["steps"][0]["line"] == 7);
}

TEST_CASE("status JSON adds state and lists rows without files last", "[report]") {
  auto project = sample();
  test::ToyAdapter adapter;
  model::Applied applied_first;
  applied_first.key = "1";
  applied_first.checksum = model::Checksum::of_number(-593479011);
  model::Applied gone;
  gone.key = "0";
  gone.description = "old";
  auto status = engine::compute_status(project, adapter, {applied_first, gone});
  std::ostringstream out;
  report::write_status_json(out, project, status, "sqlite:x.db", "toy_versions");
  auto json = nlohmann::json::parse(out.str());
  REQUIRE(json["migrations"].size() == 3);
  CHECK(json["migrations"][0]["state"] == "applied");
  CHECK(json["migrations"][1]["state"] == "pending");
  CHECK(json["migrations"][1]["applied"].is_null());
  CHECK(json["migrations"][2]["state"] == "missing");
  CHECK(json["migrations"][2]["file"].is_null());
  CHECK(json["up_to_date"] == false);
  CHECK(json["database"] == "sqlite:x.db");
}

TEST_CASE("a changed checksum is reported as changed", "[report]") {
  auto project = sample();
  test::ToyAdapter adapter;
  model::Applied row;
  row.key = "1";
  row.checksum = model::Checksum::of_number(42);
  auto status = engine::compute_status(project, adapter, {row});
  CHECK(status.entries[0].state == engine::MigrationState::changed);
}

TEST_CASE("graphs name every migration and edge", "[report]") {
  auto project = sample();
  auto dot = report::to_dot(project.history);
  CHECK_THAT(dot, Catch::StartsWith("digraph migrations {"));
  CHECK_THAT(dot, Catch::Contains("\"1\" -> \"2\";"));
  CHECK_THAT(dot, Catch::Contains("\"2\" [label=\"2: toy 2\", style=bold]"));
  auto mermaid = report::to_mermaid(project.history);
  CHECK_THAT(mermaid, Catch::StartsWith("flowchart LR"));
  CHECK_THAT(mermaid, Catch::Contains("m0 --> m1"));
}

TEST_CASE("CI formats carry code, file and line", "[report]") {
  model::Diagnostics findings = {{model::Severity::error, "PM101", "duplicate <version> 1", "sql/V1__a.sql", 3},
                                 {model::Severity::warning, "PM110", "ignored, file", "sql/x.sql", 0}};
  auto junit = report::to_junit(findings, "suite");
  CHECK_THAT(junit, Catch::Contains("failures=\"1\""));
  CHECK_THAT(junit, Catch::Contains("duplicate &lt;version&gt; 1"));
  auto github = report::to_github_annotations(findings);
  CHECK_THAT(github, Catch::Contains("::error file=sql/V1__a.sql,line=3,title=polymigrate PM101::duplicate <version> 1"));
  CHECK_THAT(github, Catch::Contains("::warning file=sql/x.sql,title=polymigrate PM110::ignored, file"));
  auto sarif = nlohmann::json::parse(report::to_sarif(findings, "0.1.0"));
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);
  CHECK(sarif["runs"][0]["results"][1]["level"] == "warning");
}

TEST_CASE("the JSON writer escapes strings and replaces invalid UTF-8", "[report]") {
  std::ostringstream out;
  {
    report::JsonWriter json(out);
    json.begin_object()
        .field("quote", "a\"b\\c")
        .field("control", std::string("line\nnext\ttab\x01"))
        .field("utf8", "caf\xc3\xa9 \xe2\x82\xac")
        .field("latin1", std::string("caf\xe9"))
        .field("empty", std::vector<std::string>{})
        .null_field("none");
    json.key("nested").begin_object().end_object();
    json.end_object();
  }
  auto parsed = nlohmann::json::parse(out.str());
  CHECK(parsed["quote"] == "a\"b\\c");
  CHECK(parsed["control"] == "line\nnext\ttab\x01");
  CHECK(parsed["utf8"] == "caf\xc3\xa9 \xe2\x82\xac");
  CHECK(parsed["latin1"] == "caf\xef\xbf\xbd");  // U+FFFD, never invalid JSON
  CHECK(parsed["empty"].empty());
  CHECK(parsed["none"].is_null());
  CHECK(parsed["nested"].is_object());
  CHECK(out.str().back() == '\n');
}
