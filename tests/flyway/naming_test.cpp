// Flyway's ResourceNameParser: prefixes, separator, suffixes, callbacks and invalid names.
#include "adapters/flyway/naming.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace pm::flyway;

TEST_CASE("flyway naming: versioned, repeatable and undo names", "[flyway]") {
  NamingConfig config;
  ResourceName v = parse_resource_name("V1.1__My_description.sql", config);
  CHECK(v.valid);
  CHECK(v.type == ResourceType::versioned);
  CHECK(v.version == "1.1");
  CHECK(v.description == "My description");
  CHECK(v.suffix == ".sql");

  ResourceName r = parse_resource_name("R__user_view.sql", config);
  CHECK(r.valid);
  CHECK(r.type == ResourceType::repeatable);
  CHECK(r.version.empty());
  CHECK(r.description == "user view");

  ResourceName u = parse_resource_name("U1.1__add_email.sql", config);
  CHECK(u.valid);
  CHECK(u.type == ResourceType::undo);

  ResourceName b = parse_resource_name("B5__baseline.sql", config);
  CHECK(b.valid);
  CHECK(b.type == ResourceType::baseline_migration);
}

TEST_CASE("flyway naming: suffix is case-insensitive, prefix is not", "[flyway]") {
  NamingConfig config;
  ResourceName upper = parse_resource_name("V2__x.SQL", config);
  CHECK(upper.valid);
  CHECK(upper.suffix == ".SQL");
  ResourceName lower_prefix = parse_resource_name("v2__x.sql", config);
  CHECK_FALSE(lower_prefix.valid);
  CHECK(lower_prefix.message == "Unrecognised migration name format: v2__x.sql");
}

TEST_CASE("flyway naming: split at the first separator", "[flyway]") {
  NamingConfig config;
  ResourceName n = parse_resource_name("V3__a__b.sql", config);
  CHECK(n.version == "3");
  CHECK(n.description == "a  b");
  ResourceName no_sep = parse_resource_name("V4.sql", config);
  CHECK(no_sep.valid);
  CHECK(no_sep.version == "4");
  CHECK(no_sep.description.empty());
}

TEST_CASE("flyway naming: callbacks are recognised before V and R", "[flyway]") {
  NamingConfig config;
  for (const char* name :
       {"beforeMigrate.sql", "afterMigrate__refresh.sql", "beforeEachMigrate.sql",
        "afterEachMigrateStatementError.sql", "beforeRepeatables.sql", "afterVersioned.sql"}) {
    ResourceName n = parse_resource_name(name, config);
    CHECK(n.valid);
    CHECK(n.type == ResourceType::callback);
  }
  // The longest prefix wins: afterEachMigrateError, not afterEachMigrate.
  CHECK(parse_resource_name("afterEachMigrateError.sql", config).prefix == "afterEachMigrateError");
  CHECK(std::find(callback_event_ids().begin(), callback_event_ids().end(), "afterConnect") !=
        callback_event_ids().end());
}

TEST_CASE("flyway naming: invalid names carry Flyway's messages", "[flyway]") {
  NamingConfig config;
  CHECK(parse_resource_name("V__x.sql", config).message ==
        "Invalid versioned migration name format: V__x.sql (It must contain a version and should "
        "look like this: "
        "V1.2__x.sql)");
  CHECK(parse_resource_name("V1.x__y.sql", config).message ==
        "Invalid versioned migration name format: V1.x__y.sql (could not recognise version number "
        "1.x)");
  CHECK(parse_resource_name("R1__view.sql", config).message ==
        "Invalid repeatable migration / callback name format: R1__view.sql (It cannot contain a "
        "version and should "
        "look like this: R__view.sql)");
  CHECK(parse_resource_name("readme.sql", config).message ==
        "Unrecognised migration name format: readme.sql");
}

TEST_CASE("flyway naming: configured prefixes, separator and suffixes", "[flyway]") {
  NamingConfig config;
  config.versioned_prefix = "M";
  config.separator = "-";
  config.suffixes = {".pgsql", ".sql"};
  ResourceName n = parse_resource_name("M7-seed_data.pgsql", config);
  CHECK(n.valid);
  CHECK(n.version == "7");
  CHECK(n.description == "seed data");
  CHECK(has_migration_suffix("M7-x.pgsql", config));
  CHECK_FALSE(has_migration_suffix(".sql", config));  // must be longer than the suffix
  CHECK_FALSE(has_migration_suffix("M7-x.sql.conf", config));
}
