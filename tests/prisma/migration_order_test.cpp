// Prisma orders migration folders with JavaScript's localeCompare (ICU root collation), which is
// not byte order: punctuation before digits, letters without case first, lowercase before upper.
#include "adapters/prisma/migration_order.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using pm::prisma::locale_compare;

namespace {

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end(),
            [](const auto& a, const auto& b) { return locale_compare(a, b) < 0; });
  return names;
}

}  // namespace

TEST_CASE("prisma order: timestamps sort as numbers of equal width", "[prisma][order]") {
  CHECK(sorted({"20240116120000_b", "0_init", "20240115093000_a"}) ==
        std::vector<std::string>{"0_init", "20240115093000_a", "20240116120000_b"});
}

TEST_CASE("prisma order: where localeCompare and byte order disagree", "[prisma][order]") {
  // '_' sorts before digits under ICU, after them bytewise.
  CHECK(locale_compare("0_init", "00_x") < 0);
  CHECK(std::string("0_init") > std::string("00_x"));
  // Case is a tie-breaker only: "a" < "B" < "b" ... and "add" < "Add" < "adds".
  CHECK(sorted({"b", "B", "a", "A"}) == std::vector<std::string>{"a", "A", "b", "B"});
  CHECK(locale_compare("2024_add", "2024_Add") < 0);
  CHECK(locale_compare("2024_Add", "2024_adds") < 0);
  // '-' after '_', both before letters and digits.
  CHECK(locale_compare("1_x", "1-x") < 0);
  CHECK(locale_compare("1-x", "10") < 0);
}

TEST_CASE("prisma order: equal names compare equal, prefixes first", "[prisma][order]") {
  CHECK(locale_compare("20240101_init", "20240101_init") == 0);
  CHECK(locale_compare("20240101_init", "20240101_init_2") < 0);
  CHECK(locale_compare("20240101_z", "20240101_é") < 0);  // non-ASCII after ASCII letters
}
