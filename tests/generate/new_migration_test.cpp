// `polymigrate new`: for each framework a migration in the project's own format and naming, that
// the native tool accepts (the real Alembic, Knex and Prisma; Flyway's naming rules through the
// Flyway reader), and that polymigrate applies and reverts.
#include "adapters/flyway/new_migration.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <regex>

#include "adapters/knex/knex_adapter.hpp"
#include "generate/project_copy.hpp"
#include "prisma/real_prisma.hpp"
#include "support/run_process.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

const char* const kWidgetsSql =
    "CREATE TABLE widgets (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    label VARCHAR(40) NOT NULL\n"
    ");\n"
    "CREATE INDEX widgets_label_idx ON widgets (label);\n";

bool has_table(const std::string& url, const std::string& table) {
  auto conn = db::open_connection(db::parse_database_url(url));
  return conn->table_exists("", table);
}

// The one file `new` reports as created (text output: "created PATH").
std::vector<std::string> created(const test::CliResult& result) {
  std::vector<std::string> out;
  static const std::regex line("created (.*)");
  for (auto it = std::sregex_iterator(result.out.begin(), result.out.end(), line);
       it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

// polymigrate up creates widgets, down removes it again.
void applies_and_reverts(const test::ProjectCopy& project, const std::string& db) {
  auto up = project.cli("up", {"--db", db});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(has_table(db, "widgets"));
  auto down = project.cli("down", {"--db", db});
  INFO(down.out << down.err);
  REQUIRE(down.exit_code == 0);
  CHECK_FALSE(has_table(db, "widgets"));
}

}  // namespace

TEST_CASE("new: the next Flyway version keeps the project's numbering style", "[generate][new]") {
  const std::time_t at = 1735732800;  // 2025-01-01 12:00:00 UTC
  CHECK(flyway::next_version("", at) == "1");
  CHECK(flyway::next_version("12", at) == "13");
  CHECK(flyway::next_version("1.4.2", at) == "1.4.3");
  CHECK(flyway::next_version("1.4.9", at) == "1.4.10");
  CHECK(flyway::next_version("1_1", at) == "1_2");
  CHECK(flyway::next_version("009", at) == "010");
  CHECK(flyway::next_version("20240101", at) == "20250101");
  CHECK(flyway::next_version("202401011030", at) == "202501011200");
  CHECK(flyway::next_version("20991231", at) == "20991232");  // never before the last one
}

TEST_CASE("new: a Flyway V and U script the Flyway reader reads, applied and undone",
          "[generate][new][flyway]") {
  test::ProjectCopy project("");
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1_1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
  project.write("sql/U1_1__users.sql", "DROP TABLE users;\n");
  project.write("widgets.sql", kWidgetsSql);

  auto result =
      project.cli("new", {"add widgets", "--sql", (project.root / "widgets.sql").string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(created(result).size() == 2);
  CHECK(project.files("sql") ==
        std::vector<std::string>{"sql/U1_1__users.sql", "sql/U1_2__add_widgets.sql",
                                 "sql/V1_1__users.sql", "sql/V1_2__add_widgets.sql"});
  CHECK_THAT(project.read("sql/V1_2__add_widgets.sql"), Catch::Contains("CREATE TABLE widgets"));
  CHECK_THAT(project.read("sql/U1_2__add_widgets.sql"), Catch::Contains("DROP TABLE \"widgets\""));

  auto inspect = project.cli("inspect", {"--json"});
  REQUIRE(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, Catch::Contains("\"key\": \"1.2\""));
  CHECK_THAT(inspect.out, Catch::Contains("\"description\": \"add widgets\""));
  applies_and_reverts(project, project.sqlite("flyway.db"));

  // Never over an existing file: a second `new` takes the next version.
  auto empty = project.cli("new", {"note"});
  REQUIRE(empty.exit_code == 0);
  CHECK_THAT(project.read("sql/V1_3__note.sql"), Catch::Contains("-- Write the migration's SQL"));
  CHECK_THAT(project.read("sql/U1_3__note.sql"), Catch::Contains("-- Write the down here"));
}

TEST_CASE("new: an Alembic revision the real Alembic runs, up and down",
          "[generate][new][alembic]") {
  test::ProjectCopy project("alembic/basic");
  project.write("widgets.sql", kWidgetsSql);
  auto result =
      project.cli("new", {"Add widgets!", "--sql", (project.root / "widgets.sql").string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto files = created(result);
  REQUIRE(files.size() == 1);
  const std::string name = fs::path(files[0]).filename().string();
  static const std::regex file_name("([0-9a-f]{12})_add_widgets\\.py");
  std::smatch m;
  REQUIRE(std::regex_match(name, m, file_name));
  const std::string id = m[1];
  const std::string text = project.read("alembic/versions/" + name);
  CHECK_THAT(text, Catch::StartsWith("\"\"\"Add widgets!\n\nRevision ID: " + id +
                                     "\nRevises: 3c4d5e6f7a8b\nCreate Date: "));
  CHECK_THAT(text, Catch::Contains("down_revision = '3c4d5e6f7a8b'"));
  CHECK_THAT(text, Catch::Contains("op.create_table("));
  CHECK_THAT(text, Catch::Contains("op.drop_table('widgets')"));

  const std::string file = (project.dir.path() / "alembic.db").string();
  auto alembic = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"-m", "alembic", "-x", "url=sqlite:///" + file});
    auto run = test::run_process("/usr/bin/python3", args, project.root);
    INFO("alembic " << args[4] << ":\n" << run.out << run.err);
    CHECK(run.exit_code == 0);
    return run;
  };
  CHECK_THAT(alembic({"heads"}).out, Catch::StartsWith(id + " (head)"));
  alembic({"upgrade", "head"});
  CHECK(has_table("sqlite:" + file, "widgets"));
  alembic({"downgrade", "-1"});
  CHECK_FALSE(has_table("sqlite:" + file, "widgets"));
  CHECK(has_table("sqlite:" + file, "users"));

  applies_and_reverts(project, project.sqlite("polymigrate.db"));
}

TEST_CASE("new --merge: an Alembic merge revision of every head", "[generate][new][alembic]") {
  test::ProjectCopy project("alembic/branched");
  fs::remove(project.root / "alembic/versions/dd0000000001_merge_orders_and_invoices.py");
  fs::remove(project.root / "alembic/versions/ee0000000001_create_audit_log.py");

  auto refused = project.cli("new", {"more"});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("Multiple heads are present"));

  auto merge = project.cli("new", {"merge heads", "--merge"});
  INFO(merge.out << merge.err);
  REQUIRE(merge.exit_code == 0);
  const auto files = created(merge);
  REQUIRE(files.size() == 1);
  std::ifstream in(files[0]);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  CHECK_THAT(text, Catch::Contains("down_revision = ('bb0000000001', 'cc0000000002')"));

  const std::string file = (project.dir.path() / "merged.db").string();
  auto heads = test::run_process(
      "/usr/bin/python3", {"-m", "alembic", "-x", "url=sqlite:///" + file, "heads"}, project.root);
  INFO(heads.out << heads.err);
  CHECK(heads.exit_code == 0);
  CHECK(std::count(heads.out.begin(), heads.out.end(), '\n') == 1);
  auto upgrade = test::run_process(
      "/usr/bin/python3", {"-m", "alembic", "-x", "url=sqlite:///" + file, "upgrade", "head"},
      project.root);
  INFO(upgrade.out << upgrade.err);
  CHECK(upgrade.exit_code == 0);
  CHECK(project.cli("status", {"--db", "sqlite:" + file}).exit_code == 0);
}

TEST_CASE("new: a Knex migration the real Knex runs and rolls back", "[generate][new][knex_npm]") {
  test::ProjectCopy project("");
  // A project the real Knex runs as it is: the Knex writer's copy of the Knex fixture.
  fs::remove(project.root);
  auto source = knex::knex_adapter().load(test::source_path("fixtures/knex/basic"), {});
  knex::knex_adapter().write(source, model::Dialect::sqlite, project.root);
  const fs::path npm = POLYMIGRATE_NPM_TOOLS_DIR;
  REQUIRE(fs::exists(npm / "node_modules/knex/bin/cli.js"));
  fs::create_directory_symlink(npm / "node_modules", project.root / "node_modules");
  const std::string file = (project.dir.path() / "knex.sqlite3").string();
  auto knex = [&](const std::string& command) {
    auto run = test::run_process("/usr/bin/node",
                                 {(npm / "node_modules/knex/bin/cli.js").string(), "--knexfile",
                                  (project.root / "knexfile.js").string(), command},
                                 project.root, {{"DATABASE_FILE", file}, {"NODE_ENV", ""}});
    INFO("knex " << command << ":\n" << run.out << run.err);
    CHECK(run.exit_code == 0);
    return run;
  };
  knex("migrate:latest");

  project.write("widgets.sql", kWidgetsSql);
  auto result =
      project.cli("new", {"add_widgets", "--sql", (project.root / "widgets.sql").string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto files = created(result);
  REQUIRE(files.size() == 1);
  static const std::regex file_name("[0-9]{14}_add_widgets\\.js");
  CHECK(std::regex_match(fs::path(files[0]).filename().string(), file_name));
  std::ifstream in(files[0]);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  CHECK_THAT(text, Catch::Contains("exports.up = async function (knex) {"));
  CHECK_THAT(text, Catch::Contains("createTable('widgets'"));
  CHECK_THAT(text, Catch::Contains("dropTable('widgets')"));

  CHECK_THAT(knex("migrate:latest").out, Catch::Contains("Batch 2 run: 1 migrations"));
  CHECK(has_table("sqlite:" + file, "widgets"));
  knex("migrate:rollback");
  CHECK_FALSE(has_table("sqlite:" + file, "widgets"));
  CHECK(has_table("sqlite:" + file, "users"));

  applies_and_reverts(project, project.sqlite("polymigrate.sqlite3"));
}

TEST_CASE("new: a TypeScript Knex project gets a TypeScript migration", "[generate][new][knex]") {
  test::ProjectCopy project("knex/typescript");
  auto result = project.cli("new", {"add_notes"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto files = created(result);
  REQUIRE(files.size() == 1);
  CHECK(fs::path(files[0]).extension() == ".ts");
  std::ifstream in(files[0]);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  CHECK_THAT(text, Catch::StartsWith("import type { Knex } from \"knex\";\n\n"
                                     "export async function up(knex: Knex): Promise<void> {\n"));
  auto inspect = project.cli("inspect", {"--json"});
  INFO(inspect.out << inspect.err);
  CHECK(inspect.exit_code == 0);
  CHECK_THAT(inspect.out, Catch::Contains("_add_notes.ts\""));
}

TEST_CASE("new: a Prisma migration the real Prisma deploys", "[generate][new][prisma_cli]") {
  test::ProjectCopy project("prisma/basic");
  const auto db = test::sqlite_prisma_database(project.dir.path() / "prisma.db");
  test::prepare_prisma_project(project.root, db);
  project.write("widgets.sql", kWidgetsSql);
  auto result =
      project.cli("new", {"add widgets", "--sql", (project.root / "widgets.sql").string()});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  const auto files = created(result);
  REQUIRE(files.size() == 1);
  static const std::regex folder("[0-9]{14}_add_widgets");
  CHECK(std::regex_match(fs::path(files[0]).parent_path().filename().string(), folder));
  std::ifstream in(files[0]);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  CHECK(text == kWidgetsSql);  // the SQL as given: Prisma checksums the bytes

  auto deploy = test::run_prisma(project.root, db, {"migrate", "deploy"});
  INFO(deploy.out << deploy.err);
  CHECK(deploy.exit_code == 0);
  CHECK(has_table(db.polymigrate_url, "widgets"));
  auto status = test::run_prisma(project.root, db, {"migrate", "status"});
  CHECK_THAT(status.out, Catch::Contains("Database schema is up to date!"));

  applies_and_reverts(project, project.sqlite("polymigrate.db"));
}
