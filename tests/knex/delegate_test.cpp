// `up --delegate` / `down --delegate`: a migration file polymigrate could not translate is run by
// the real Knex CLI (`knex migrate:up <name>`, installed by ctest's npm_tools fixture), alone, and
// polymigrate goes on with the others in the same batch; the real Knex then agrees with the
// database. On SQLite (better-sqlite3) and PostgreSQL.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "adapters/knex/knex_adapter.hpp"
#include "adapters/knex/native_tool.hpp"
#include "db/connection.hpp"
#include "support/knex_npm.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

// Three files; the second seeds rows in a loop, which polymigrate keeps as JavaScript.
void write_project(const test::TempDir& dir) {
  dir.write("knexfile.js",
            "module.exports = { client: 'better-sqlite3', connection: { filename: './dev.db' },\n"
            "  useNullAsDefault: true, migrations: { tableName: 'knex_migrations' } };\n");
  dir.write("migrations/20240101000000_users.js",
            "exports.up = (knex) => knex.schema.createTable('users', (t) => {\n"
            "  t.increments('id');\n  t.string('name').notNullable();\n});\n"
            "exports.down = (knex) => knex.schema.dropTable('users');\n");
  dir.write("migrations/20240102000000_seed.js",
            "exports.up = async (knex) => {\n"
            "  for (const name of ['ada', 'alan']) {\n"
            "    await knex('users').insert({ name });\n"
            "  }\n};\n"
            "exports.down = async (knex) => {\n"
            "  for (const name of ['ada', 'alan']) {\n"
            "    await knex('users').where({ name }).del();\n"
            "  }\n};\n");
  dir.write("migrations/20240103000000_posts.js",
            "exports.up = (knex) => knex.schema.createTable('posts', (t) => {\n"
            "  t.increments('id');\n  t.string('title');\n});\n"
            "exports.down = (knex) => knex.schema.dropTable('posts');\n");
  // The project's own node_modules: where --delegate finds the Knex CLI by default.
  fs::create_directory_symlink(test::knex_npm_dir() / "node_modules", dir.path() / "node_modules");
}

db::ResultSet query(const std::string& url, const std::string& sql) {
  auto conn = db::open_connection(db::parse_database_url(url));
  return conn->query(sql);
}

// `knex migrate:list` run by the real Knex on the same database, through the same kind of
// knexfile the delegation writes (in a folder with no knex of its own: KNEX_PATH names it).
std::string knex_list(const fs::path& root, const std::string& url) {
  const model::Project project = knex::knex_adapter().load(root, {});
  test::TempDir config;
  config.write("knexfile.js", "module.exports = JSON.parse(process.env.CONFIG);\n");
  auto result = test::run_process(
      "/usr/bin/node",
      {(test::knex_npm_dir() / "node_modules/knex/bin/cli.js").string(), "--knexfile",
       (config.path() / "knexfile.js").string(), "migrate:list"},
      root,
      {{"CONFIG", knex::delegated_knex_config(project, db::parse_database_url(url))},
       {"KNEX_PATH", (test::knex_npm_dir() / "node_modules/knex/knex.js").string()}});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

void delegate_round_trip(const std::string& url) {
  test::TempDir dir;
  write_project(dir);
  const std::string root = dir.path().string();

  auto refused = test::run_cli({"up", root, "--db", url});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("migrations/20240102000000_seed.js:2") != std::string::npos);
  CHECK(refused.err.find("--delegate") != std::string::npos);

  auto up = test::run_cli({"up", root, "--db", url, "--delegate"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(up.out.find("applied  20240102000000_seed.js (seed) in") != std::string::npos);
  CHECK(up.out.find("(by the native tool)") != std::string::npos);
  CHECK(db::as_int(query(url, "select count(*) from users").rows.at(0).at(0)) == 2);
  // One run, one batch, as `migrate:latest` makes it; the lock is free again.
  auto batches = query(url, "select name, batch from knex_migrations order by id");
  REQUIRE(batches.rows.size() == 3);
  for (const auto& row : batches.rows) CHECK(db::as_int(row.at(1)) == 1);
  CHECK(db::as_int(query(url, "select is_locked from knex_migrations_lock").rows.at(0).at(0)) == 0);
  const std::string listed = knex_list(dir.path(), url);
  CHECK(listed.find("Found 3 Completed Migration file/files.") != std::string::npos);
  CHECK(listed.find("No Pending Migration files Found.") != std::string::npos);

  // Rollback of the batch: the seed's down is Knex's, the rest polymigrate's.
  auto down = test::run_cli({"down", root, "--db", url, "--delegate"});
  INFO(down.out << down.err);
  REQUIRE(down.exit_code == 0);
  CHECK(down.out.find("reverted 3 migration(s)") != std::string::npos);
  CHECK(query(url, "select * from knex_migrations").rows.empty());
  CHECK(knex_list(dir.path(), url).find("Found 3 Pending Migration file/files.") !=
        std::string::npos);
}

}  // namespace

TEST_CASE("the knexfile a delegation hands to Knex", "[knex][delegate]") {
  test::TempDir dir;
  dir.write("knexfile.js",
            "module.exports = { client: 'sqlite3', migrations: { directory: ['./a', './b'], "
            "tableName: 'migs', schemaName: 'app', sortDirsSeparately: true } };\n");
  const model::Project project = knex::knex_adapter().load(dir.path(), {});
  auto pg = nlohmann::json::parse(knex::delegated_knex_config(
      project,
      db::parse_database_url("postgresql://u:s3cret@db:5433/app?sslmode=require&schema=x")));
  CHECK(pg["client"] == "pg");  // the project's sqlite3 does not speak PostgreSQL
  CHECK(pg["connection"] == "postgresql://u:s3cret@db:5433/app?sslmode=require");
  CHECK(pg["migrations"]["directory"] ==
        nlohmann::json{(dir.path() / "a").string(), (dir.path() / "b").string()});
  CHECK(pg["migrations"]["tableName"] == "migs");
  CHECK(pg["migrations"]["schemaName"] == "app");
  CHECK(pg["migrations"]["sortDirsSeparately"] == true);
  auto sqlite = nlohmann::json::parse(
      knex::delegated_knex_config(project, db::parse_database_url("sqlite:/tmp/x.db")));
  CHECK(sqlite["client"] == "sqlite3");
  CHECK(sqlite["connection"] == nlohmann::json{{"filename", "/tmp/x.db"}});
}

TEST_CASE("up --delegate runs an untranslated TypeScript file with the real Knex and ts-node",
          "[knex_npm][delegate]") {
  test::TempDir dir;
  fs::copy(test::source_path("fixtures/knex/ts_node"), dir.path(), fs::copy_options::recursive);
  fs::create_directory_symlink(test::knex_npm_dir() / "node_modules", dir.path() / "node_modules");
  dir.write("migrations/20240404000000_seed_projects.ts",
            "import type { Knex } from \"knex\";\n\n"
            "export async function up(knex: Knex): Promise<void> {\n"
            "  for (const name of [\"alpha\", \"beta\"]) {\n"
            "    await knex(\"projects\").insert({ name });\n  }\n}\n\n"
            "export async function down(knex: Knex): Promise<void> {\n"
            "  await knex(\"projects\").whereIn(\"name\", [\"alpha\", \"beta\"]).del();\n}\n");
  const std::string url = test::postgres_url();
  auto up = test::run_cli({"up", dir.path().string(), "--db", url, "--delegate"});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(up.out.find("applied  20240404000000_seed_projects.ts (seed_projects) in") !=
        std::string::npos);
  CHECK(db::as_int(query(url, "select count(*) from projects where name in ('alpha', 'beta')")
                       .rows.at(0)
                       .at(0)) == 2);
  auto batches = query(url, "select batch from knex_migrations");
  REQUIRE(batches.rows.size() == 4);
  for (const auto& row : batches.rows) CHECK(db::as_int(row.at(0)) == 1);
}

TEST_CASE("up and down --delegate run untranslated files with the real Knex (SQLite)",
          "[knex_npm][delegate]") {
  test::TempDir db;
  delegate_round_trip("sqlite:" + (db.path() / "shared.db").string());
}

TEST_CASE("up and down --delegate run untranslated files with the real Knex (PostgreSQL)",
          "[knex_npm][delegate]") {
  delegate_round_trip(test::postgres_url());
}
