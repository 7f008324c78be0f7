// Flyway's PlaceholderReplacingReader: names ignore case, unknown names are errors, odd prefixes.
#include "adapters/flyway/placeholders.hpp"

#include <catch2/catch.hpp>

using namespace pm::flyway;

TEST_CASE("flyway placeholders: replaced case-insensitively, comments included", "[flyway]") {
  PlaceholderResult r =
      replace_placeholders("-- ${Owner}\nGRANT ALL ON t TO ${OWNER};", {{"owner", "app"}}, {});
  CHECK(r.problems.empty());
  CHECK(r.text == "-- app\nGRANT ALL ON t TO app;");
}

TEST_CASE("flyway placeholders: unknown names are reported with Flyway's message and line",
          "[flyway]") {
  PlaceholderResult r = replace_placeholders("SELECT 1;\nSELECT '${missing}';", {}, {});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message ==
        "No value provided for placeholder: ${missing}.  Check your configuration!");
  CHECK(r.problems[0].line == 2);
  CHECK(r.text == "SELECT 1;\nSELECT '${missing}';");

  PlaceholderResult builtin = replace_placeholders("${flyway:user}", {}, {});
  REQUIRE(builtin.problems.size() == 1);
  CHECK(builtin.problems[0].unresolved_builtin);
  CHECK(builtin.problems[0].message ==
        "Failed to populate value for default placeholder: ${flyway:user}");
}

TEST_CASE("flyway placeholders: empty value removes, failed prefix is copied as is", "[flyway]") {
  CHECK(replace_placeholders("a${x}b", {{"x", ""}}, {}).text == "ab");
  // Flyway's reader copies "$$" without looking at the second '$' again.
  CHECK(replace_placeholders("$${x}", {{"x", "v"}}, {}).text == "$${x}");
  CHECK(replace_placeholders("$ {x}", {{"x", "v"}}, {}).text == "$ {x}");
  CHECK(replace_placeholders("${x}${x}", {{"x", "v"}}, {}).text == "vv");
}

TEST_CASE("flyway placeholders: configured prefix and suffix", "[flyway]") {
  PlaceholderSyntax syntax{"#[", "]", ":"};
  CHECK(replace_placeholders("x #[a] ${a}", {{"a", "1"}}, syntax).text == "x 1 ${a}");
}
