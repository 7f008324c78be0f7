// Flyway configuration: flyway.conf, flyway.toml with environments, pom.xml, FLYWAY_* variables,
// and which one wins.
#include "adapters/flyway/config.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "adapters/flyway/java_properties.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
using namespace pm::flyway;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}
fs::path fixture(const char* name) {
  return fs::path(POLYMIGRATE_SOURCE_DIR) / "fixtures" / "flyway" / name;
}
}  // namespace

TEST_CASE("flyway config: Java properties as Flyway reads them", "[flyway]") {
  auto props = parse_flyway_properties(
      "# comment\n! also a comment\nflyway.url = jdbc:sqlite:x.db\nflyway.user: admin\n"
      "flyway.locations=filesystem:a,\\\n    filesystem:b\nflyway.placeholders.path=C:\\temp\n"
      "flyway.password=${DB_PASSWORD}\n",
      {{"DB_PASSWORD", "s3cret"}});
  CHECK(props["flyway.url"].value == "jdbc:sqlite:x.db");
  CHECK(props["flyway.user"].value == "admin");
  CHECK(props["flyway.locations"].value == "filesystem:a,filesystem:b");
  CHECK(props["flyway.placeholders.path"].value == "C:\\temp");  // backslashes are literal
  CHECK(props["flyway.password"].value == "s3cret");
  CHECK(props["flyway.user"].line == 4);
}

TEST_CASE("flyway config: flyway.conf of the basic fixture", "[flyway]") {
  model::Diagnostics diagnostics;
  FlywayConfig config = read_flyway_config(fixture("basic"), {}, diagnostics);
  CHECK(diagnostics.empty());
  CHECK_FALSE(config.get("url"));
  CHECK(config.placeholders() == std::map<std::string, std::string>{{"owner", "app"}});
  CHECK(config.get("installedBy") == "ci");
  auto locations = resolve_locations(config, fixture("basic"), diagnostics);
  REQUIRE(locations.size() == 1);
  CHECK(locations[0].filename() == "sql");
  model::ProjectConfig project = to_project_config(config, fixture("basic"), locations);
  CHECK_FALSE(project.database_url);
  CHECK(project.version_table == "flyway_schema_history");
  CHECK(project.locations == std::vector<fs::path>{"sql"});
}

TEST_CASE("flyway config: flyway.toml environments and their flyway overrides", "[flyway]") {
  model::Diagnostics diagnostics;
  FlywayConfig config = read_flyway_config(fixture("toml"), {}, diagnostics);
  CHECK(diagnostics.empty());
  CHECK(config.environment == "default");
  CHECK(config.get("url") == "jdbc:postgresql://localhost:5432/shop");
  CHECK(config.get("user") == "shop");
  CHECK(config.default_schema() == "app");
  CHECK(config.table() == "schema_history");
  CHECK(config.naming().versioned_prefix == "M");
  CHECK(config.placeholders().at("tenant") == "acme");

  adapters::LoadOptions test_env;
  test_env.environment = "test";
  FlywayConfig test = read_flyway_config(fixture("toml"), test_env, diagnostics);
  CHECK(test.get("url") == "jdbc:sqlite:test.db");
  CHECK(test.table() == "schema_history_test");

  adapters::LoadOptions missing;
  missing.environment = "nope";
  model::Diagnostics missing_diagnostics;
  read_flyway_config(fixture("toml"), missing, missing_diagnostics);
  CHECK(model::has_errors(missing_diagnostics));
}

TEST_CASE("flyway config: [flyway] environment picks the environment", "[flyway]") {
  test::TempDir dir;
  write(
      dir.path() / "flyway.toml",
      "[flyway]\nenvironment = \"prod\"\n[environments.prod]\nurl = \"jdbc:postgresql://prod/db\"\n"
      "password = \"${env.PROD_PW}\"\n");
  adapters::LoadOptions options;
  options.env = {{"PROD_PW", "pw"}};
  model::Diagnostics diagnostics;
  FlywayConfig config = read_flyway_config(dir.path(), options, diagnostics);
  CHECK(config.environment == "prod");
  CHECK(config.get("url") == "jdbc:postgresql://prod/db");
  CHECK(config.get("password") == "pw");
  CHECK(to_project_config(config, dir.path(), {}).settings.count("password") == 0);
}

TEST_CASE("flyway config: pom.xml flyway-maven-plugin configuration", "[flyway]") {
  model::Diagnostics diagnostics;
  FlywayConfig config = read_flyway_config(fixture("maven"), {}, diagnostics);
  CHECK(diagnostics.empty());
  CHECK(config.get("url") == "jdbc:postgresql://db:5432/inventory");
  CHECK(config.table() == "inventory_history");  // <configuration> beats <properties>
  CHECK(config.list("schemas") == std::vector<std::string>{"stock"});
  CHECK(config.placeholders().at("warehouse") == "main");
  auto locations = resolve_locations(config, fixture("maven"), diagnostics);
  REQUIRE(locations.size() == 1);
  CHECK(locations[0] == (fixture("maven") / "src/main/resources/db/migration").lexically_normal());
}

TEST_CASE("flyway config: environment variables win over files; TOML over CONF", "[flyway]") {
  test::TempDir dir;
  write(dir.path() / "flyway.conf", "flyway.table=from_conf\nflyway.sqlMigrationPrefix=C\n");
  model::Diagnostics diagnostics;
  adapters::LoadOptions options;
  options.env = {
      {"FLYWAY_TABLE", "from_env"}, {"FLYWAY_PLACEHOLDERS_MY_NAME", "x"}, {"FLYWAY_UNKNOWN", "y"}};
  FlywayConfig config = read_flyway_config(dir.path(), options, diagnostics);
  CHECK(config.table() == "from_env");
  CHECK(config.naming().versioned_prefix == "C");
  CHECK(config.placeholders().at("my_name") == "x");

  write(dir.path() / "flyway.toml", "[flyway]\ntable = \"from_toml\"\n");
  model::Diagnostics both;
  FlywayConfig toml = read_flyway_config(dir.path(), {}, both);
  CHECK(toml.table() == "from_toml");
  CHECK(toml.naming().versioned_prefix == "V");  // the .conf is not read at all
  REQUIRE(both.size() == 1);
  CHECK(both[0].severity == model::Severity::warning);
  CHECK(both[0].file == "flyway.conf");
}

TEST_CASE("flyway config: environment variable names", "[flyway]") {
  CHECK(setting_for_environment_variable("FLYWAY_SQL_MIGRATION_PREFIX") == "sqlMigrationPrefix");
  CHECK(setting_for_environment_variable("FLYWAY_URL") == "url");
  CHECK(setting_for_environment_variable("FLYWAY_PLACEHOLDERS_ABC") == "placeholders.abc");
  CHECK_FALSE(setting_for_environment_variable("FLYWAY_NOPE"));
  CHECK_FALSE(setting_for_environment_variable("PATH"));
}

TEST_CASE("flyway config: default and classpath locations", "[flyway]") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "db/migration");
  fs::create_directories(dir.path() / "sql");
  model::Diagnostics diagnostics;
  FlywayConfig config;
  auto defaults = resolve_locations(config, dir.path(), diagnostics);
  REQUIRE(defaults.size() == 1);
  CHECK(defaults[0] == dir.path() / "db/migration");

  config.values["locations"] = "classpath:db/migration,filesystem:sql,filesystem:missing";
  auto several = resolve_locations(config, dir.path(), diagnostics);
  CHECK(several.size() == 2);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == model::Severity::warning);
}
