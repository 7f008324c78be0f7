// The Knex writer against the real Knex (knex 3.3.0, pg and better-sqlite3 from ctest's npm_tools
// fixture): every converted fixture runs with `knex migrate:latest` on a fresh SQLite file and a
// fresh PostgreSQL database to the schema the source replays to, and `knex migrate:rollback
// --all` leaves only Knex's own tables. Where the written project stops on purpose (code that was
// not translated, a rollback that cannot be known), Knex stops there with polymigrate's reason.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "adapters/knex/knex_adapter.hpp"
#include "db/connection.hpp"
#include "knex/writer_sources.hpp"
#include "schema/compare.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "support/postgres_server.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

fs::path npm_dir() {
  const fs::path dir = POLYMIGRATE_NPM_TOOLS_DIR;
  INFO("the real Knex comes from ctest's npm_tools fixture (tests/npm/install.sh): " << dir);
  REQUIRE(fs::exists(dir / "node_modules/knex/bin/cli.js"));
  return dir;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

bool is_knex_table(const std::string& name) {
  return name == "knex_migrations" || name == "knex_migrations_lock";
}

// A written project and the database the real Knex runs it on.
struct KnexRun {
  test::TempDir dir;
  fs::path root;
  std::string url;  // polymigrate's URL of the same database
  std::map<std::string, std::string> env;

  KnexRun(const model::Project& source, model::Dialect dialect) {
    root = dir.path() / "out";
    knex::knex_adapter().write(source, dialect, root);
    fs::create_directory_symlink(npm_dir() / "node_modules", root / "node_modules");
    if (dialect == model::Dialect::postgresql) {
      url = test::postgres_url();
      env["DATABASE_URL"] = url;
    } else {
      const fs::path file = dir.path() / "knex.sqlite3";
      env["DATABASE_FILE"] = file.string();
      url = "sqlite:" + file.string();
    }
  }

  test::ProcessResult knex(const std::vector<std::string>& args) const {
    std::vector<std::string> all = {(npm_dir() / "node_modules/knex/bin/cli.js").string(),
                                    "--knexfile", (root / "knexfile.js").string()};
    all.insert(all.end(), args.begin(), args.end());
    return test::run_process("/usr/bin/node", all, root, env);
  }

  db::SchemaSnapshot snapshot() const {
    auto conn = db::open_connection(db::parse_database_url(url));
    auto snapshot = conn->introspect();
    std::erase_if(snapshot.tables, [](const db::TableInfo& t) { return is_knex_table(t.name); });
    return snapshot;
  }

  // Whether any written file's `exports.<function>` stops on purpose.
  bool stops(const std::string& function) const {
    for (const auto& entry : fs::directory_iterator(root / "migrations")) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string js = text.str();
      const auto begin = js.find("exports." + function + " =");
      const auto end = js.find("\n};", begin);
      if (js.substr(begin, end - begin).find("throw new Error('polymigrate: ") != std::string::npos)
        return true;
    }
    return false;
  }
};

// The project without its last migration.
model::Project without_last(const model::Project& project) {
  model::Project out = project;
  std::vector<model::Migration> migrations;
  const auto& order = project.history.order();
  for (std::size_t i = 0; i + 1 < order.size(); ++i)
    migrations.push_back(project.history.migrations()[order[i]]);
  out.history = model::History(std::move(migrations));
  return out;
}

void runs_like_the_source(const test::WriterSource& source, model::Dialect dialect) {
  INFO(source.name << " on " << model::to_string(dialect));
  const model::Project* project = &source.project;
  // prisma/sqlite's last migration fails on every SQLite database on purpose (its README): the
  // history before it is what runs.
  const model::Project trimmed = without_last(source.project);
  if (source.name == "prisma/sqlite") project = &trimmed;

  KnexRun run(*project, dialect);
  const auto up = run.knex({"migrate:latest"});
  INFO("knex migrate:latest:\n" << up.out << up.err);
  if (run.stops("up")) {
    // Untranslated code: Knex stops at the throw, and its transaction leaves nothing behind.
    CHECK(up.exit_code != 0);
    CHECK((up.out + up.err).find("polymigrate: untranslated") != std::string::npos);
    return;
  }
  REQUIRE(up.exit_code == 0);
  const auto replay = schema::replay_history(project->history, dialect);
  const auto live = schema::from_snapshot(run.snapshot(), dialect);
  const auto differences = schema::compare(replay.state, live);
  INFO(joined(differences));
  CHECK(differences.empty());

  const auto down = run.knex({"migrate:rollback", "--all"});
  INFO("knex migrate:rollback --all:\n" << down.out << down.err);
  if (run.stops("down")) {
    CHECK(down.exit_code != 0);
    CHECK((down.out + down.err).find("polymigrate: ") != std::string::npos);
    return;
  }
  REQUIRE(down.exit_code == 0);
  const auto left = run.snapshot();
  std::vector<std::string> names;
  for (const auto& t : left.tables) names.push_back(t.name);
  for (const auto& v : left.views) names.push_back("view " + v.name);
  INFO(joined(names));
  CHECK(names.empty());
}

}  // namespace

TEST_CASE("knex writer: the real Knex runs every converted fixture on SQLite and rolls it back",
          "[knex][writer][knex_npm]") {
  for (const auto& source : test::knex_writer_sources(model::Dialect::sqlite))
    runs_like_the_source(source, model::Dialect::sqlite);
}

TEST_CASE(
    "knex writer: the real Knex runs every converted fixture on PostgreSQL and rolls it "
    "back",
    "[knex][writer][knex_npm]") {
  for (const auto& source : test::knex_writer_sources(model::Dialect::postgresql))
    runs_like_the_source(source, model::Dialect::postgresql);
}
