// Splits the hand-written fixtures in fixtures/sql/<dialect>/ and checks the counts each file
// states on its first line ("-- expect: statements=N no_transaction=K ...").
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "sql/splitter.hpp"

namespace fs = std::filesystem;
using pm::model::Dialect;

namespace {

std::map<std::string, int> read_expectations(const std::string& script) {
  std::map<std::string, int> expected;
  const std::string first_line = script.substr(0, script.find('\n'));
  const std::string prefix = "-- expect:";
  REQUIRE(first_line.rfind(prefix, 0) == 0);
  std::istringstream fields(first_line.substr(prefix.size()));
  std::string field;
  while (fields >> field) {
    const auto equals = field.find('=');
    REQUIRE(equals != std::string::npos);
    expected[field.substr(0, equals)] = std::stoi(field.substr(equals + 1));
  }
  return expected;
}

}  // namespace

TEST_CASE("splitter: hand-written corpus fixtures", "[sql][splitter][corpus]") {
  const fs::path root = fs::path(POLYMIGRATE_SOURCE_DIR) / "fixtures" / "sql";
  int files = 0;
  for (const auto& [folder, dialect] :
       {std::pair{"postgresql", Dialect::postgresql}, std::pair{"sqlite", Dialect::sqlite}}) {
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      if (entry.path().extension() != ".sql") continue;
      ++files;
      INFO(entry.path().string());
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string script = buffer.str();
      auto expected = read_expectations(script);

      const auto result = pm::sql::split_statements(script, dialect);
      if (result.error) FAIL(result.error->message << " at " << result.error->line);
      std::map<std::string, int> actual;
      actual["statements"] = static_cast<int>(result.statements.size());
      for (const auto& statement : result.statements) {
        CHECK(statement.text == script.substr(statement.offset, statement.text.size()));
        actual["no_transaction"] += statement.no_transaction;
        actual["copy"] += statement.copy_from_stdin;
        actual["transaction_control"] += statement.transaction_control;
        actual["adds_enum_value"] += statement.adds_enum_value;
      }
      for (const auto& [key, count] : expected) {
        INFO(key);
        CHECK(actual[key] == count);
      }
    }
  }
  CHECK(files >= 6);
}
