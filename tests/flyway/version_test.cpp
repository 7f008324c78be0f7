// Flyway's MigrationVersion: parsing, display text and order, with the vectors of the old upstream
// MigrationVersionSmallTest and reference section 1.2.
#include "adapters/flyway/version.hpp"

#include <catch2/catch.hpp>

using pm::flyway::MigrationTarget;
using pm::flyway::MigrationVersion;

namespace {
MigrationVersion v(const char* text) {
  auto parsed = MigrationVersion::parse(text);
  REQUIRE(parsed);
  return *parsed;
}
}  // namespace

TEST_CASE("flyway version: underscores become dots and the text keeps leading zeros", "[flyway]") {
  CHECK(v("1_1").text() == "1.1");
  CHECK(v("001.0").text() == "001.0");
  CHECK(v("1.2.3_4").text() == "1.2.3.4");
  CHECK(v("201004200021").text() == "201004200021");
}

TEST_CASE("flyway version: numeric part-wise order", "[flyway]") {
  CHECK(v("1.10") > v("1.9"));
  CHECK(v("1.2.13.3") > v("1.2.3.3"));
  CHECK(v("1.2.1") < v("1.2.1.1"));
  CHECK(v("1.0.0") == v("1"));
  CHECK(v("001.0") == v("1"));
  CHECK(v("1.0.1") > v("1"));
  CHECK(v("2") > v("1.999999"));
  CHECK(v("18446744073709551616123") > v("18446744073709551616122"));  // BigInteger, beyond 64 bits
  CHECK(v("99999999999999999999") > v("9"));
}

TEST_CASE("flyway version: invalid versions carry Flyway's message", "[flyway]") {
  for (const char* bad : {"1..1", ".1", "1.", "1.2.1-3", "abc1.0", "", "1.a"}) {
    std::string error;
    CHECK_FALSE(MigrationVersion::parse(bad, &error));
    CHECK(error.rfind("Version may only contain 0..9 and . (dot). Invalid version: ", 0) == 0);
  }
  std::string error;
  MigrationVersion::parse("1_", &error);
  CHECK(error == "Version may only contain 0..9 and . (dot). Invalid version: 1.");
}

TEST_CASE("flyway version: a sign is accepted as BigInteger accepts it", "[flyway]") {
  CHECK(v("-1") < v("0"));
  CHECK(v("+1") == v("1"));
  CHECK(v("-0") == v("0"));
}

TEST_CASE("flyway target: sentinels and versions", "[flyway]") {
  CHECK(MigrationTarget::parse("latest")->kind == MigrationTarget::Kind::latest);
  CHECK(MigrationTarget::parse("LATEST")->kind == MigrationTarget::Kind::latest);
  CHECK(MigrationTarget::parse("9223372036854775807")->kind == MigrationTarget::Kind::latest);
  CHECK(MigrationTarget::parse("Current")->kind == MigrationTarget::Kind::current);
  CHECK(MigrationTarget::parse("next")->kind == MigrationTarget::Kind::next);
  auto target = MigrationTarget::parse("1.1?");
  REQUIRE(target);
  CHECK(target->kind == MigrationTarget::Kind::version);
  CHECK(target->includes(v("1.1.0")));
  CHECK_FALSE(target->includes(v("1.2")));
  CHECK_FALSE(MigrationTarget::parse("x1"));
}
