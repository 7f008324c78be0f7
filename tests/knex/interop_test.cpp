// polymigrate and the real Knex (knex 3.3.0 with pg and better-sqlite3, installed by ctest's
// npm_tools fixture, tests/npm/install.sh) agree on every database either of
// them touched, and on the SQL of every fixture. Without the install these tests fail.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "adapters/knex/knex_adapter.hpp"
#include "adapters/knex/knex_sql.hpp"
#include "adapters/knex/migrations_table.hpp"
#include "db/connection.hpp"
#include "support/knex_npm.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

// A fixture copied to a temporary folder (Knex writes its SQLite file next to the knexfile), with
// node_modules pointing at the installed Knex.
struct Project {
  test::TempDir dir;
  fs::path root;
  std::string environment;
  std::string client;  // --client override for Knex ("better-sqlite3"), or ""
  std::string polymigrate_url;
  std::map<std::string, std::string> env;

  Project(const std::string& fixture, model::Dialect dialect) {
    root = dir.path() / "project";
    fs::copy(test::source_path(fixture), root, fs::copy_options::recursive);
    fs::create_directory_symlink(test::knex_npm_dir() / "node_modules", root / "node_modules");
    if (dialect == model::Dialect::postgresql) {
      polymigrate_url = test::postgres_url();
      environment = "production";
      env["DATABASE_URL"] = polymigrate_url;
    } else {
      environment = "development";
      client = "better-sqlite3";
      polymigrate_url = "sqlite:" + (root / "dev.sqlite3").string();
    }
    env["NODE_ENV"] = environment;
  }

  // knexfile.ts in a TypeScript project: the Knex CLI then has rechoir register ts-node for it
  // and for the .ts migrations.
  fs::path knexfile() const {
    return fs::exists(root / "knexfile.ts") ? root / "knexfile.ts" : root / "knexfile.js";
  }

  test::ProcessResult knex(std::vector<std::string> args, bool must_succeed = true) const {
    std::vector<std::string> all = {
        (test::knex_npm_dir() / "node_modules/knex/bin/cli.js").string(), "--knexfile",
        knexfile().string(), "--env", environment};
    if (!client.empty()) all.insert(all.end(), {"--client", client});
    all.insert(all.end(), args.begin(), args.end());
    auto result = test::run_process("/usr/bin/node", all, root, env);
    INFO("knex " << args.front() << ":\n" << result.out << result.err);
    if (must_succeed) REQUIRE(result.exit_code == 0);
    return result;
  }

  test::ProcessResult polymigrate(std::vector<std::string> args) const {
    args.insert(args.begin() + 1, root.string());
    args.insert(args.end(), {"--db", polymigrate_url});
    auto result = test::run_cli(args, root, env);
    INFO("polymigrate " << args.front() << ":\n" << result.out << result.err);
    return result;
  }

  model::Project load() const {
    adapters::LoadOptions options;
    options.env = env;
    return knex::knex_adapter().load(root, options);
  }
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// `knex migrate:list`: the names under "Found N Pending Migration file/files."
std::vector<std::string> pending(const Project& p) {
  auto out = lines(p.knex({"migrate:list"}).out);
  std::vector<std::string> names;
  bool in_pending = false;
  for (const auto& line : out) {
    if (line.find("Pending Migration file") != std::string::npos) {
      in_pending = line.rfind("Found", 0) == 0 || line.find("Found ") != std::string::npos;
      continue;
    }
    if (line.find("Completed Migration file") != std::string::npos) {
      in_pending = false;
      continue;
    }
    if (in_pending) names.push_back(line);
  }
  return names;
}

// name -> batch, as the table holds them.
std::map<std::string, std::string> batches(const Project& p, model::Dialect dialect) {
  auto conn = db::open_connection(db::parse_database_url(p.polymigrate_url));
  knex::KnexMigrationsTable table({}, dialect);
  std::map<std::string, std::string> out;
  for (const auto& row : table.read(*conn)) out[row.key] = row.extras.at("batch");
  return out;
}

std::vector<std::string> keys(const model::Project& project) {
  std::vector<std::string> out;
  for (std::size_t i : project.history.order()) out.push_back(project.history.migrations()[i].key);
  return out;
}

// 1. polymigrate up (two runs: two batches); the real Knex has nothing left to do, and its
// rollback takes back exactly polymigrate's last batch.
void polymigrate_then_knex(const std::string& fixture, model::Dialect dialect) {
  Project p(fixture, dialect);
  const auto all = keys(p.load());
  REQUIRE(all.size() >= 3);
  REQUIRE(p.polymigrate({"up", "--to", all[0]}).exit_code == 0);
  REQUIRE(p.polymigrate({"up"}).exit_code == 0);
  CHECK(pending(p).empty());
  auto list = p.knex({"migrate:list"}).out;
  CHECK(list.find("Found " + std::to_string(all.size()) + " Completed Migration file/files.") !=
        std::string::npos);
  CHECK(p.knex({"migrate:latest"}).out.find("Already up to date") != std::string::npos);
  auto b = batches(p, dialect);
  CHECK(b[all[0]] == "1");
  CHECK(b[all.back()] == "2");
  p.knex({"migrate:rollback"});
  CHECK(pending(p) == std::vector<std::string>(all.begin() + 1, all.end()));
  p.knex({"migrate:latest"});  // Knex re-applies what polymigrate's tables say it rolled back
  CHECK(pending(p).empty());
}

// 2. the real Knex migrates in two batches; polymigrate's status agrees, and its down reverts
// the same set a real rollback reverts.
void knex_then_polymigrate(const std::string& fixture, model::Dialect dialect) {
  Project p(fixture, dialect);
  const auto all = keys(p.load());
  p.knex({"migrate:up"});
  p.knex({"migrate:latest"});
  auto status = p.polymigrate({"status"});
  CHECK(status.exit_code == 0);
  auto b = batches(p, dialect);
  CHECK(b.size() == all.size());
  CHECK(b[all[0]] == "1");
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(b[all[i]] == "2");

  Project reference(fixture, dialect);
  reference.knex({"migrate:up"});
  reference.knex({"migrate:latest"});
  reference.knex({"migrate:rollback"});
  const auto rolled_back_by_knex = pending(reference);

  REQUIRE(p.polymigrate({"down"}).exit_code == 0);
  CHECK(pending(p) == rolled_back_by_knex);
  CHECK(rolled_back_by_knex == std::vector<std::string>(all.begin() + 1, all.end()));
  REQUIRE(p.polymigrate({"down", "--to", "base"}).exit_code == 0);
  CHECK(pending(p) == all);
  p.knex({"migrate:latest"});
  CHECK(p.polymigrate({"status"}).exit_code == 0);
}

std::string normalized(std::string sql, model::Dialect dialect) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    // Documented difference: knex.raw's `??` is quoted with the dialect's quote by Knex, always
    // with double quotes by polymigrate (both are identifiers on SQLite).
    out += dialect == model::Dialect::sqlite && c == '`' ? '"' : c;
  }
  return out;
}

// 3. the SQL polymigrate renders for every migration equals what Knex sends.
void same_sql(const std::string& fixture, model::Dialect dialect) {
  Project p(fixture, dialect);
  std::vector<std::string> args = {(test::source_path("tests/knex/capture_knex_sql.js")).string(),
                                   p.knexfile().string(), p.environment};
  if (!p.client.empty()) args.push_back(p.client);
  auto captured = test::run_process("/usr/bin/node", args, p.root, p.env);
  INFO(captured.err);
  REQUIRE(captured.exit_code == 0);
  std::vector<std::string> theirs;
  for (const auto& line : lines(captured.out)) {
    // One JSON string per line: unescape \" and \\ (the only escapes our SQL holds).
    std::string s;
    for (std::size_t i = 1; i + 1 < line.size(); ++i) {
      if (line[i] == '\\' && i + 2 < line.size()) ++i;
      s += line[i];
    }
    theirs.push_back(normalized(s, dialect));
  }
  std::vector<std::string> ours;
  auto project = p.load();
  for (std::size_t i : project.history.order()) {
    for (const auto& step : project.history.migrations()[i].up) {
      if (const auto* op = std::get_if<model::OpStep>(&step)) {
        for (const auto& s : knex::render_knex(op->op, dialect))
          ours.push_back(normalized(s, dialect));
      } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
        ours.push_back(normalized(sql->text, dialect));
      } else {
        FAIL("an opaque step in " << fixture);
      }
    }
  }
  CHECK(ours == theirs);
}

}  // namespace

TEST_CASE("polymigrate up, then knex agrees (PostgreSQL)", "[knex][interop][knex_npm]") {
  polymigrate_then_knex("fixtures/knex/basic", model::Dialect::postgresql);
  polymigrate_then_knex("fixtures/knex/no_transaction", model::Dialect::postgresql);
}

TEST_CASE("knex migrate, then polymigrate agrees and rolls back (PostgreSQL)",
          "[knex][interop][knex_npm]") {
  knex_then_polymigrate("fixtures/knex/basic", model::Dialect::postgresql);
  knex_then_polymigrate("fixtures/knex/no_transaction", model::Dialect::postgresql);
}

TEST_CASE("polymigrate up, then knex agrees (SQLite, better-sqlite3)",
          "[knex][interop][knex_npm]") {
  polymigrate_then_knex("fixtures/knex/basic", model::Dialect::sqlite);
}

TEST_CASE("knex migrate, then polymigrate agrees and rolls back (SQLite, better-sqlite3)",
          "[knex][interop][knex_npm]") {
  knex_then_polymigrate("fixtures/knex/basic", model::Dialect::sqlite);
}

TEST_CASE("the SQL polymigrate renders is the SQL Knex sends", "[knex][interop][knex_npm]") {
  same_sql("fixtures/knex/basic", model::Dialect::postgresql);
  same_sql("fixtures/knex/basic", model::Dialect::sqlite);
  same_sql("fixtures/knex/no_transaction", model::Dialect::postgresql);
}

TEST_CASE("a TypeScript project under the real Knex and ts-node: both tools agree",
          "[knex][interop][knex_npm][typescript]") {
  // The Knex CLI loads knexfile.ts and the migrations through ts-node (type-checked against
  // tsconfig.json and knex's own types); polymigrate reads the same files without running them.
  for (auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    INFO(model::to_string(dialect));
    const Project p("fixtures/knex/ts_node", dialect);
    auto project = p.load();
    CHECK_FALSE(model::has_errors(project.all_diagnostics()));
    REQUIRE(project.history.size() == 3);
    for (const auto& m : project.history.migrations()) CHECK(m.extras.at("opaque_steps") == "0");
    CHECK_THAT(p.knex({"migrate:list"}).out,
               Catch::Contains("Requiring external module ts-node/register"));
    polymigrate_then_knex("fixtures/knex/ts_node", dialect);
    knex_then_polymigrate("fixtures/knex/ts_node", dialect);
    same_sql("fixtures/knex/ts_node", dialect);
  }
}

TEST_CASE("SQLite migration_time is epoch milliseconds, as Knex's better-sqlite3 stores it",
          "[knex][interop][knex_npm]") {
  Project ours("fixtures/knex/basic", model::Dialect::sqlite);
  REQUIRE(ours.polymigrate({"up"}).exit_code == 0);
  Project theirs("fixtures/knex/basic", model::Dialect::sqlite);
  theirs.knex({"migrate:latest"});
  auto type_of = [](const Project& p) {
    auto conn = db::open_connection(db::parse_database_url(p.polymigrate_url));
    return db::as_text(
        conn->query("select typeof(migration_time) from knex_migrations limit 1").rows.at(0).at(0));
  };
  CHECK(type_of(theirs) == "integer");
  CHECK(type_of(ours) == type_of(theirs));
}
