#include <catch2/catch.hpp>

#include "model/diagnostic.hpp"

using namespace pm::model;

TEST_CASE("a diagnostic prints as file:line: severity CODE: message", "[model]") {
  CHECK(format({Severity::error, "PM101", "duplicate", "sql/V1__a.sql", 3}) == "sql/V1__a.sql:3: error PM101: duplicate");
  CHECK(format({Severity::warning, "PM110", "ignored", "sql/x.sql", 0}) == "sql/x.sql: warning PM110: ignored");
  CHECK(format({Severity::info, "PM200", "note", "", 0}) == "info PM200: note");
  CHECK(has_errors({{Severity::warning, "W", "", "", 0}, {Severity::error, "E", "", "", 0}}));
  CHECK_FALSE(has_errors({{Severity::warning, "W", "", "", 0}}));
}
