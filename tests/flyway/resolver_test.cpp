// Reading Flyway projects into the common model: keys, order, descriptions, checksums, `script`
// column values, undo scripts, transactions, duplicate and invalid files.
#include "adapters/flyway/resolver.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "adapters/flyway/flyway_adapter.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {
void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}
fs::path fixture(const char* name) {
  return fs::path(POLYMIGRATE_SOURCE_DIR) / "fixtures" / "flyway" / name;
}

std::vector<std::string> keys(const model::Project& project) {
  std::vector<std::string> out;
  for (std::size_t i : project.history.order()) out.push_back(project.history.migrations()[i].key);
  return out;
}

const model::SqlStep& sql_step(const model::Script& script, std::size_t i) {
  REQUIRE(i < script.size());
  const auto* step = std::get_if<model::SqlStep>(&script[i]);
  REQUIRE(step);
  return *step;
}

bool has_code(const model::Diagnostics& diagnostics, const std::string& code,
              model::Severity severity) {
  for (const auto& d : diagnostics)
    if (d.code == code && d.severity == severity) return true;
  return false;
}
}  // namespace

TEST_CASE("flyway resolver: the basic fixture", "[flyway]") {
  const auto& adapter = flyway::flyway_adapter();
  CHECK(adapter.name() == "flyway");
  CHECK(adapter.detect(fixture("basic")));
  model::Project project = adapter.load(fixture("basic"), {});
  CHECK(project.all_diagnostics().empty());
  CHECK(project.framework == "flyway");
  CHECK(keys(project) == std::vector<std::string>{"1", "1.1", "2", "user view"});

  const model::Migration* v1 = project.history.find("1");
  REQUIRE(v1);
  CHECK(v1->kind == model::MigrationKind::versioned);
  CHECK(v1->version == "1");
  CHECK(v1->description == "create users");
  CHECK(v1->checksum == model::Checksum::of_number(1781645818));
  CHECK(v1->extras.at("script") == "V1__create_users.sql");
  CHECK(v1->extras.at("type") == "SQL");
  CHECK(v1->source.file == "sql/V1__create_users.sql");
  CHECK(v1->parents.empty());
  CHECK(v1->transactional);
  REQUIRE(v1->up.size() == 1);
  CHECK(sql_step(v1->up, 0).line == 1);
  CHECK_FALSE(v1->down.has_value());

  const model::Migration* v11 = project.history.find("1.1");
  REQUIRE(v11);
  CHECK(v11->parents == std::vector<std::string>{"1"});
  CHECK(v11->checksum == model::Checksum::of_number(-1200830572));
  CHECK(v11->up.size() == 2);
  CHECK(sql_step(v11->up, 1).line == 2);
  REQUIRE(v11->down.has_value());
  CHECK(v11->down->size() == 2);
  CHECK(v11->down_source.file == "sql/U1.1__add_email.sql");
  CHECK(v11->extras.at("undo_script") == "U1.1__add_email.sql");
  CHECK(v11->extras.at("undo_checksum") == "-1974670627");

  // Versioned: checksum of the raw text; the SQL that runs has placeholders replaced.
  const model::Migration* v2 = project.history.find("2");
  REQUIRE(v2);
  CHECK(v2->checksum == model::Checksum::of_number(-200105734));
  CHECK(sql_step(v2->up, 1).text.find("'app'") != std::string::npos);

  // Repeatable: checksum after replacement, raw-text checksum accepted as equivalent.
  const model::Migration* r = project.history.find("user view");
  REQUIRE(r);
  CHECK(r->kind == model::MigrationKind::repeatable);
  CHECK_FALSE(r->version);
  CHECK(r->parents == std::vector<std::string>{"2"});
  CHECK(r->checksum == model::Checksum::of_number(-2102451772));
  CHECK(r->extras.at("equivalent_checksum") == "647984872");
  CHECK(adapter.checksum_matches(model::Checksum::of_number(647984872), *r));
  CHECK(adapter.checksum_matches(model::Checksum::of_number(-2102451772), *r));
  CHECK_FALSE(adapter.checksum_matches(model::Checksum::of_number(1), *r));
  CHECK_FALSE(adapter.checksum_matches(model::Checksum::of_number(647984872), *v2));
}

TEST_CASE("flyway resolver: toml and maven fixtures", "[flyway]") {
  const auto& adapter = flyway::flyway_adapter();
  CHECK(adapter.detect(fixture("toml")));
  CHECK(adapter.detect(fixture("maven")));
  model::Project toml = adapter.load(fixture("toml"), {});
  CHECK(toml.all_diagnostics().empty());
  CHECK(keys(toml) == std::vector<std::string>{"1", "2"});
  CHECK(toml.config.version_table == "schema_history");
  CHECK(toml.config.version_schema == "app");
  CHECK(toml.config.dialect == model::Dialect::postgresql);
  CHECK(sql_step(toml.history.find("2")->up, 0).text.find("'acme'") != std::string::npos);

  model::Project maven = adapter.load(fixture("maven"), {});
  CHECK(keys(maven) == std::vector<std::string>{"1.0", "1.1", "2"});
  CHECK(maven.history.find("1.0")->extras.at("script") == "V1_0__items.sql");
  CHECK(maven.config.version_table == "inventory_history");
  // The Java-based migration beside the classpath location: JDBC, no checksum, one opaque step.
  const model::Migration& java = *maven.history.find("2");
  CHECK(java.description == "Backfill skus");
  CHECK(java.extras.at("type") == "JDBC");
  CHECK(java.extras.at("script") == "db.migration.V2__Backfill_skus");
  CHECK_FALSE(java.checksum);
  REQUIRE(java.up.size() == 1);
  CHECK(std::holds_alternative<model::OpaqueStep>(java.up[0]));
  CHECK(java.source.file == "src/main/java/db/migration/V2__Backfill_skus.java");
  REQUIRE(maven.all_diagnostics().size() == 1);
  CHECK(maven.all_diagnostics()[0].severity == model::Severity::warning);
  CHECK(maven.all_diagnostics()[0].file == java.source.file);
}

TEST_CASE("flyway resolver: order is numeric, then repeatables in Java String order", "[flyway]") {
  test::TempDir dir;
  for (const char* name : {"V1.10__a.sql", "V1.9__b.sql", "V1_2__c.sql", "R__b_view.sql",
                           "R__B_view.sql", "R__a_view.sql", "sub/V10__deep.sql"})
    write(dir.path() / "sql" / name, "SELECT 1;\n");
  write(dir.path() / "sql" / "beforeMigrate.sql", "SELECT 1;\n");  // a callback, not a migration
  write(dir.path() / "sql" / "V3__x.sql.conf", "executeInTransaction=false\n");
  write(dir.path() / "sql" / "V3__x.sql", "SELECT 3;\n");
  write(dir.path() / "sql" / "notes.txt", "not a migration\n");
  model::Project project = flyway::flyway_adapter().load(dir.path(), {});
  CHECK(project.all_diagnostics().empty());
  CHECK(keys(project) ==
        std::vector<std::string>{"1.2", "1.9", "1.10", "3", "10", "B view", "a view", "b view"});
  CHECK(project.history.find("10")->extras.at("script") == "sub/V10__deep.sql");
  CHECK_FALSE(project.history.find("3")->transactional);
}

TEST_CASE("flyway resolver: duplicate versions are an error naming both files", "[flyway]") {
  test::TempDir dir;
  write(dir.path() / "sql" / "V1__a.sql", "SELECT 1;\n");
  write(dir.path() / "sql" / "V1.0__b.sql", "SELECT 2;\n");
  write(dir.path() / "sql" / "R__v.sql", "SELECT 1;\n");
  write(dir.path() / "sql" / "sub" / "R__v.sql", "SELECT 2;\n");
  model::Project project = flyway::flyway_adapter().load(dir.path(), {});
  int duplicates = 0;
  for (const auto& d : project.diagnostics) {
    if (d.code != flyway::codes::duplicate) continue;
    ++duplicates;
    CHECK(d.severity == model::Severity::error);
    bool versions = d.message.rfind("Found more than one migration with version 1", 0) == 0 &&
                    d.message.find("-> sql/V1.0__b.sql (SQL)") != std::string::npos &&
                    d.message.find("-> sql/V1__a.sql (SQL)") != std::string::npos;
    bool repeatables =
        d.message.rfind("Found more than one repeatable migration with description v\n", 0) == 0;
    CHECK((versions || repeatables));
  }
  CHECK(duplicates == 2);
}

TEST_CASE("flyway resolver: invalid names warn, or fail with validateMigrationNaming", "[flyway]") {
  test::TempDir dir;
  write(dir.path() / "sql" / "V1__ok.sql", "SELECT 1;\n");
  write(dir.path() / "sql" / "V1.x__bad.sql", "SELECT 1;\n");
  write(dir.path() / "sql" / "create_stuff.sql", "SELECT 1;\n");
  model::Project lenient = flyway::flyway_adapter().load(dir.path(), {});
  CHECK(lenient.history.size() == 1);
  CHECK_FALSE(model::has_errors(lenient.diagnostics));
  CHECK(lenient.diagnostics.size() == 2);
  CHECK(has_code(lenient.diagnostics, flyway::codes::ignored_name, model::Severity::warning));

  write(dir.path() / "flyway.conf", "flyway.validateMigrationNaming=true\n");
  model::Project strict = flyway::flyway_adapter().load(dir.path(), {});
  CHECK(has_code(strict.diagnostics, flyway::codes::invalid_name, model::Severity::error));
}

TEST_CASE("flyway resolver: placeholders, sidecars and encodings", "[flyway]") {
  test::TempDir dir;
  write(dir.path() / "sql" / "V1__a.sql", "SELECT 1;\nSELECT '${nope}';\n");
  write(dir.path() / "sql" / "V2__b.sql", "SELECT '${flyway:table}', '${flyway:filename}';\n");
  write(dir.path() / "sql" / "V3__c.sql", "SELECT '${flyway:user}';\n");
  write(dir.path() / "sql" / "V4__latin.sql", "SELECT 'caf\xE9';\n");
  write(dir.path() / "sql" / "V4__latin.sql.conf", "encoding=ISO-8859-1\n");
  write(dir.path() / "sql" / "V5__bad.sql", "SELECT 'caf\xE9';\n");
  write(dir.path() / "sql" / "V6__conf.sql", "SELECT 6;\n");
  write(dir.path() / "sql" / "V6__conf.sql.conf", "executeInTransaction=false\nfoo=bar\n");
  write(dir.path() / "sql" / "V7__raw.sql", "SELECT '${nope}';\n");
  write(dir.path() / "sql" / "V7__raw.sql.conf", "placeholderReplacement=false\n");
  model::Project project = flyway::flyway_adapter().load(dir.path(), {});

  auto find = [&](const std::string& code, const std::string& file) -> const model::Diagnostic* {
    for (const auto& d : project.diagnostics)
      if (d.code == code && d.file == file) return &d;
    return nullptr;
  };
  const auto* unknown = find(flyway::codes::placeholder, "sql/V1__a.sql");
  REQUIRE(unknown);
  CHECK(unknown->line == 2);
  CHECK(unknown->message ==
        "No value provided for placeholder: ${nope}.  Check your configuration!");
  CHECK(sql_step(project.history.find("2")->up, 0).text ==
        "SELECT 'flyway_schema_history', 'V2__b.sql'");
  const auto* run_time = find(flyway::codes::run_time, "sql/V3__c.sql");
  REQUIRE(run_time);
  CHECK(run_time->severity == model::Severity::warning);
  CHECK(sql_step(project.history.find("4")->up, 0).text == "SELECT 'caf\xC3\xA9'");
  const auto* bad = find(flyway::codes::unreadable, "sql/V5__bad.sql");
  REQUIRE(bad);
  CHECK(bad->line == 1);
  const auto* sidecar = find(flyway::codes::script_config, "sql/V6__conf.sql.conf");
  REQUIRE(sidecar);
  CHECK(sidecar->message ==
        "Unknown configuration property: foo. Please check your script config files");
  CHECK_FALSE(project.history.find("6")->transactional);
  CHECK_FALSE(find(flyway::codes::placeholder, "sql/V7__raw.sql"));
}

TEST_CASE("flyway resolver: mixed transactional statements on PostgreSQL", "[flyway]") {
  test::TempDir dir;
  write(dir.path() / "flyway.conf", "flyway.url=jdbc:postgresql://localhost/db\n");
  write(dir.path() / "sql" / "V1__t.sql", "CREATE TABLE t (id INT);\n");
  write(dir.path() / "sql" / "V2__idx.sql", "CREATE INDEX CONCURRENTLY t_idx ON t (id);\n");
  write(dir.path() / "sql" / "V3__both.sql",
        "CREATE TABLE u (id INT);\nCREATE INDEX CONCURRENTLY u_idx ON u (id);\n");
  model::Project project = flyway::flyway_adapter().load(dir.path(), {});
  CHECK(project.history.find("1")->transactional);
  CHECK_FALSE(project.history.find("2")->transactional);
  CHECK(sql_step(project.history.find("2")->up, 0).no_transaction);
  bool mixed = false;
  for (const auto& d : project.diagnostics)
    if (d.code == flyway::codes::mixed && d.file == "sql/V3__both.sql" && d.line == 2) mixed = true;
  CHECK(mixed);

  write(dir.path() / "flyway.conf",
        "flyway.url=jdbc:postgresql://localhost/db\nflyway.mixed=true\n");
  model::Project allowed = flyway::flyway_adapter().load(dir.path(), {});
  CHECK_FALSE(model::has_errors(allowed.diagnostics));
  CHECK_FALSE(allowed.history.find("3")->transactional);
}

TEST_CASE("flyway adapter: run policy and applied keys", "[flyway]") {
  const auto& adapter = flyway::flyway_adapter();
  model::Project project = adapter.load(fixture("basic"), {});
  CHECK(adapter.run_policy(project, model::Dialect::sqlite).scope ==
        adapters::TransactionScope::per_migration);
  project.config.settings["group"] = "true";
  CHECK(adapter.run_policy(project, model::Dialect::sqlite).scope ==
        adapters::TransactionScope::whole_run);

  auto row = [](std::optional<std::string> version, std::string description, std::string type,
                bool success, std::optional<std::int64_t> checksum) {
    model::Applied a;
    a.version = version;
    a.description = description;
    a.key = version ? *version : description;
    a.success = success;
    a.marker = type == "BASELINE" || type == "SCHEMA";
    if (checksum) a.checksum = model::Checksum::of_number(*checksum);
    a.extras["type"] = type;
    return a;
  };
  std::vector<model::Applied> rows = {
      row("1", "<< Flyway Baseline >>", "BASELINE", true, std::nullopt),
      row("1.1", "add email", "SQL", true, -1200830572),
      row("1.1", "add email", "UNDO_SQL", true, -1974670627),
      row("2", "orders", "SQL", false, -200105734),
      row(std::nullopt, "user view", "SQL", true, 1),
  };
  auto applied = adapter.applied_keys(project.history, rows);
  CHECK(applied == std::unordered_set<std::string>{
                       "1"});  // baseline covers 1; 1.1 undone; 2 failed; view outdated
  rows.back().checksum = model::Checksum::of_number(647984872);
  CHECK(adapter.applied_keys(project.history, rows).count("user view"));
}

TEST_CASE("flyway resolver: a dollar-quoted body without a named database is a warning",
          "[flyway]") {
  test::TempDir dir;
  write(dir.path() / "sql" / "V1__t.sql", "CREATE TABLE t (id INTEGER);\n");
  write(dir.path() / "sql" / "V2__f.sql",
        "SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n");
  model::Project guessed = flyway::flyway_adapter().load(dir.path(), {});
  REQUIRE(guessed.all_diagnostics().size() == 1);
  CHECK(guessed.all_diagnostics()[0].code == "PM120");
  CHECK(guessed.all_diagnostics()[0].file == "sql/V2__f.sql");
  CHECK(guessed.all_diagnostics()[0].line == 2);

  adapters::LoadOptions on_postgres;
  on_postgres.dialect = model::Dialect::postgresql;
  model::Project project = flyway::flyway_adapter().load(dir.path(), on_postgres);
  CHECK(project.all_diagnostics().empty());
  // What the DDL reader turned into ops is marked understood; the function is not.
  CHECK(sql_step(project.history.find("1")->up, 0).understood);
  REQUIRE(project.history.find("2")->up.size() == 2);
  CHECK_FALSE(sql_step(project.history.find("2")->up, 1).understood);
}
