// The knexfile is read as Knex's CLI resolves it (config.default, --env / NODE_ENV /
// "development", else the whole export), without running it.
#include "adapters/knex/knexfile.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
using namespace pm::knex;

namespace {

KnexConfig read(const test::TempDir& dir, const std::string& name, const std::string& text,
                model::Diagnostics& diagnostics, adapters::LoadOptions options = {}) {
  std::ofstream(dir.path() / name) << text;
  return read_knex_config(dir.path(), options, diagnostics);
}

}  // namespace

TEST_CASE("knexfile: environments picked by --env, NODE_ENV, then development", "[knex]") {
  test::TempDir dir;
  const std::string text =
      "const path = require('path');\n"
      "const shared = { directory: path.join(__dirname, 'db', 'migrations'), tableName: 'mig' };\n"
      "module.exports = {\n"
      "  development: { client: 'sqlite3', connection: { filename: './dev.sqlite3' }, migrations: "
      "shared },\n"
      "  production: { client: 'pg', connection: process.env.DATABASE_URL || 'postgres://x@h/db',\n"
      "                migrations: { ...shared, schemaName: 'ops', sortDirsSeparately: true } },\n"
      "};\n";
  model::Diagnostics d;
  auto dev = read(dir, "knexfile.js", text, d);
  CHECK(d.empty());
  CHECK(dev.environment == "development");
  CHECK(dev.client == "sqlite3");
  CHECK(dev.dialect == model::Dialect::sqlite);
  CHECK(dev.database_url == "sqlite:" + (dir.path() / "dev.sqlite3").string());
  CHECK(dev.directories == std::vector<std::string>{(dir.path() / "db/migrations").string()});
  CHECK(dev.table_name == "mig");
  CHECK(dev.schema_name.empty());

  adapters::LoadOptions options;
  options.env["NODE_ENV"] = "production";
  auto prod = read_knex_config(dir.path(), options, d);
  CHECK(prod.environment == "production");
  CHECK(prod.dialect == model::Dialect::postgresql);
  CHECK(prod.database_url == "postgres://x@h/db");
  CHECK(prod.schema_name == "ops");
  CHECK(prod.sort_dirs_separately);
  options.env["DATABASE_URL"] = "postgresql://u:p@db:5433/app";
  CHECK(read_knex_config(dir.path(), options, d).database_url == "postgresql://u:p@db:5433/app");

  options.environment = "development";  // --env wins over NODE_ENV
  CHECK(read_knex_config(dir.path(), options, d).environment == "development");
  CHECK(d.empty());
}

TEST_CASE("knexfile: a single config, defaults, and a connection object", "[knex]") {
  test::TempDir dir;
  model::Diagnostics d;
  auto config = read(
      dir, "knexfile.js",
      "module.exports = { client: 'postgresql', connection: { host: 'db', port: 5433,\n"
      "  user: 'me', password: 'p@ss', database: 'app' },\n"
      "  migrations: { directory: ['./a', './b'], loadExtensions: ['.js'],\n"
      "                disableTransactions: true, disableMigrationsListValidation: true } };\n",
      d);
  CHECK(d.empty());
  CHECK_FALSE(config.environment.has_value());
  CHECK(config.database_url == "postgresql://me:p%40ss@db:5433/app");
  CHECK(config.directories == std::vector<std::string>{"./a", "./b"});
  CHECK(config.load_extensions == std::vector<std::string>{".js"});
  CHECK(config.table_name == "knex_migrations");
  CHECK(config.disable_transactions);
  CHECK(config.disable_migrations_list_validation);
}

TEST_CASE("knexfile.ts: typed config exported as default", "[knex]") {
  model::Diagnostics d;
  adapters::LoadOptions options;
  options.env["NODE_ENV"] = "production";
  options.env["PGPASSWORD"] = "secret";
  auto config = read_knex_config(test::source_path("fixtures/knex/typescript"), options, d);
  CHECK(d.empty());
  CHECK(config.client == "postgresql");
  CHECK(config.database_url == "postgresql://app:secret@localhost:5432/app");
  CHECK(config.table_name == "schema_history");
  CHECK(config.schema_name == "ops");
  CHECK(config.extension == "ts");
  CHECK(config.directories == std::vector<std::string>{"./migrations"});
}

TEST_CASE("knexfile too dynamic to read: a diagnostic naming the flags to pass", "[knex]") {
  test::TempDir dir;
  model::Diagnostics d;
  read(dir, "knexfile.js", "module.exports = async () => loadConfigFromVault();\n", d);
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "PM140");
  CHECK(d[0].severity == model::Severity::error);
  CHECK(d[0].file == "knexfile.js");
  CHECK(d[0].message.find("--db URL and --dir DIR") != std::string::npos);

  model::Diagnostics d2;
  auto config = read(dir, "knexfile.js",
                     "module.exports = { client: 'pg', connection: getConnection(),\n"
                     "  migrations: { directory: dirs() } };\n",
                     d2);
  REQUIRE(d2.size() == 2);
  CHECK(d2[0].message.find("`connection` is a function call") != std::string::npos);
  CHECK(d2[0].message.find("--db URL") != std::string::npos);
  CHECK(d2[0].line == 1);
  CHECK(d2[1].severity == model::Severity::error);
  CHECK(d2[1].message.find("--dir DIR") != std::string::npos);
  CHECK(d2[1].line == 2);
  CHECK(config.directories == std::vector<std::string>{"./migrations"});
}

TEST_CASE("knexfile in a language polymigrate cannot read", "[knex]") {
  test::TempDir dir;
  model::Diagnostics d;
  read(dir, "knexfile.coffee", "module.exports = client: 'pg'\n", d);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("--db URL and --dir DIR") != std::string::npos);
}
