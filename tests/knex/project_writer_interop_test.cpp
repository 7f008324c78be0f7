// The Knex writer against the real Knex (knex 3.3.0, pg and better-sqlite3 from ctest's npm_tools
// fixture): every converted fixture runs with `knex migrate:latest` on a fresh SQLite file and a
// fresh PostgreSQL database to the schema the source replays to, and `knex migrate:rollback
// --all` leaves only Knex's own tables. Where the written project stops on purpose (code that was
// not translated, a rollback that cannot be known), Knex stops there with polymigrate's reason.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "adapters/knex/knex_adapter.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "knex/writer_sources.hpp"
#include "schema/compare.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "support/knex_npm.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// The database schema `schema` (empty: the default one) without Knex's own tables (`table` and
// its lock table).
db::SchemaSnapshot without_knex_tables(const std::string& url,
                                       const std::string& table = "knex_migrations",
                                       const std::string& schema = "") {
  auto conn = db::open_connection(db::parse_database_url(url));
  auto snapshot = conn->introspect(schema);
  std::erase_if(snapshot.tables, [&](const db::TableInfo& t) {
    return t.name == table || t.name == table + "_lock";
  });
  return snapshot;
}

// A written project and the database the real Knex runs it on.
struct KnexRun {
  test::TempDir dir;
  fs::path root;
  std::string url;     // polymigrate's URL of the same database
  std::string table;   // Knex's table: a Knex source's own name is kept
  std::string schema;  // where the project's tables are
  std::map<std::string, std::string> env;

  KnexRun(const model::Project& source, model::Dialect dialect, std::string in_schema = "")
      : schema(std::move(in_schema)) {
    root = dir.path() / "out";
    table = source.framework == "knex" && !source.config.version_table.empty()
                ? source.config.version_table
                : "knex_migrations";
    knex::knex_adapter().write(source, dialect, root);
    fs::create_directory_symlink(test::knex_npm_dir() / "node_modules", root / "node_modules");
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
    std::vector<std::string> all = {
        (test::knex_npm_dir() / "node_modules/knex/bin/cli.js").string(), "--knexfile",
        (root / "knexfile.js").string()};
    all.insert(all.end(), args.begin(), args.end());
    return test::run_process("/usr/bin/node", all, root, env);
  }

  db::SchemaSnapshot snapshot() const { return without_knex_tables(url, table, schema); }

  // The migration files in Knex's order.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(root / "migrations"))
      out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  // Whether the file's `exports.<function>` stops on purpose.
  bool stops(const std::string& file, const std::string& function) const {
    std::ifstream in(root / "migrations" / file);
    std::stringstream text;
    text << in.rdbuf();
    const std::string js = text.str();
    const auto begin = js.find("exports." + function + " =");
    const auto end = js.find("\n};", begin);
    return js.substr(begin, end - begin).find("throw new Error('polymigrate: ") !=
           std::string::npos;
  }

  // The first file, in the order Knex runs them (`up`: oldest first, `down`: newest first),
  // whose function stops on purpose.
  std::optional<std::size_t> first_stop(const std::string& function) const {
    const auto names = files();
    for (std::size_t n = 0; n < names.size(); ++n) {
      const std::size_t i = function == "up" ? n : names.size() - 1 - n;
      if (stops(names[i], function)) return i;
    }
    return std::nullopt;
  }

  // The names in Knex's table, by id.
  std::vector<std::string> applied() const {
    auto conn = db::open_connection(db::parse_database_url(url));
    std::vector<std::string> out;
    for (const auto& row : conn->query("select name from " + table + " order by id").rows)
      out.push_back(db::as_text(row.at(0)).value_or(""));
    return out;
  }
};

// A Knex fixture migrated by the real Knex from its own files. For a Knex source this is the
// schema to match: polymigrate's reading of Knex's builders (the replay) is not what is tested
// here, and differs from the catalog in places (an enu() is text with a check, '0' vs 0).
schema::SchemaState native_knex_schema(const std::string& folder, model::Dialect dialect) {
  test::TempDir dir;
  const fs::path root = dir.path() / "project";
  fs::copy(test::source_path("fixtures/" + folder), root, fs::copy_options::recursive);
  fs::create_directory_symlink(test::knex_npm_dir() / "node_modules", root / "node_modules");
  std::vector<std::string> args = {(test::knex_npm_dir() / "node_modules/knex/bin/cli.js").string(),
                                   "--knexfile", (root / "knexfile.js").string()};
  std::map<std::string, std::string> env;
  std::string url;
  if (dialect == model::Dialect::postgresql) {
    url = test::postgres_url();
    env["DATABASE_URL"] = url;
    args.insert(args.end(), {"--env", "production"});
  } else {
    url = "sqlite:" + (root / "dev.sqlite3").string();
    args.insert(args.end(), {"--env", "development", "--client", "better-sqlite3"});
  }
  args.push_back("migrate:latest");
  const auto result = test::run_process("/usr/bin/node", args, root, env);
  INFO("knex migrate:latest of fixtures/" << folder << ":\n" << result.out << result.err);
  REQUIRE(result.exit_code == 0);
  return schema::from_snapshot(without_knex_tables(url), dialect);
}

// The source migrated by polymigrate's engine, which runs a project as its native tool does:
// the schema to match where the replay itself reports that it does not know the schema (a
// statement behind a UTF-8 BOM, which SQLite skips and the DDL reader does not read).
schema::SchemaState polymigrate_schema(const model::Project& project, model::Dialect dialect) {
  const adapters::Adapter* adapter = adapters::find_adapter(project.framework);
  REQUIRE(adapter);
  test::TempDir dir;
  const std::string url = dialect == model::Dialect::postgresql
                              ? test::postgres_url()
                              : "sqlite:" + (dir.path() / "source.db").string();
  auto conn = db::open_connection(db::parse_database_url(url));
  engine::MigrateRequest request{engine::Plan::Direction::up, std::nullopt, false, {}};
  const auto result = engine::migrate(*conn, *adapter, project, request);
  REQUIRE_FALSE(result.run.failure);
  std::string table = adapter->version_table(project, dialect)->name();
  table = table.substr(table.rfind('.') + 1);
  auto snapshot = conn->introspect();
  std::erase_if(snapshot.tables, [&](const db::TableInfo& t) { return t.name == table; });
  return schema::from_snapshot(snapshot, dialect);
}

// The first `count` migrations of the project, in apply order.
model::Project first(const model::Project& project, std::size_t count) {
  model::Project out = project;
  std::vector<model::Migration> migrations;
  const auto& order = project.history.order();
  for (std::size_t i = 0; i < count && i < order.size(); ++i)
    migrations.push_back(project.history.migrations()[order[i]]);
  out.history = model::History(std::move(migrations));
  return out;
}

// Fixture histories that fail at one migration on purpose (fixtures/prisma/README.md): the
// position of that migration, and what the database says.
struct Failing {
  std::size_t index;
  std::string error;
};
std::optional<Failing> failing_migration(const std::string& name, model::Dialect dialect) {
  if (name == "prisma/sqlite" && dialect == model::Dialect::sqlite)
    return Failing{4, "no such column: subtitle"};  // 20240204090000_backfill_titles
  if (name == "prisma/postgresql" && dialect == model::Dialect::postgresql)
    return Failing{2, "syntax error at or near"};  // 20240202110000_add_tags starts with a BOM
  return std::nullopt;
}

// What happened to one fixture, for the list each test case checks (which fixtures ran to the
// end and which stopped where, on purpose).
std::string runs_like_the_source(const test::WriterSource& source, model::Dialect dialect) {
  INFO(source.name << " on " << model::to_string(dialect));
  std::string outcome = source.name + ": ";
  const model::Project* project = &source.project;
  const auto failing = failing_migration(source.name, dialect);
  const model::Project before_failure = first(source.project, failing ? failing->index : 0);
  if (failing) {
    // Knex stops at the same migration, with the database's error, and its one transaction for
    // the batch leaves nothing behind; the history before it is what runs to the schema.
    KnexRun whole(source.project, dialect);
    const auto up = whole.knex({"migrate:latest"});
    INFO("knex migrate:latest of the whole history:\n" << up.out << up.err);
    CHECK(up.exit_code != 0);
    CHECK((up.out + up.err).find(failing->error) != std::string::npos);
    project = &before_failure;
    outcome += "fails at migration " + std::to_string(failing->index + 1) +
               " as the source does; before it: ";
  }

  KnexRun run(*project, dialect, source.schema);
  const auto up = run.knex({"migrate:latest"});
  INFO("knex migrate:latest:\n" << up.out << up.err);
  if (const auto stop = run.first_stop("up")) {
    // Untranslated code: Knex stops at the throw, and its transaction leaves nothing behind.
    CHECK(up.exit_code != 0);
    CHECK((up.out + up.err).find("polymigrate: untranslated") != std::string::npos);
    CHECK(run.snapshot().tables.empty());
    return outcome + "up stops at " + run.files()[*stop];
  }
  REQUIRE(up.exit_code == 0);
  const auto live = schema::from_snapshot(run.snapshot(), dialect);
  const auto replay = schema::replay_history(project->history, dialect);
  const auto expected = source.project.framework == "knex"
                            ? native_knex_schema(source.name, dialect)
                        : replay.diagnostics.empty() ? replay.state
                                                     : polymigrate_schema(*project, dialect);
  const auto differences = schema::compare(expected, live);
  INFO(joined(differences));
  CHECK(differences.empty());

  outcome += "same schema; ";

  const auto down = run.knex({"migrate:rollback", "--all"});
  INFO("knex migrate:rollback --all:\n" << down.out << down.err);
  if (const auto stop = run.first_stop("down")) {
    // Newest first, each down in its own transaction: Knex stops at the throw with the rows and
    // the schema up to that migration.
    CHECK(down.exit_code != 0);
    CHECK((down.out + down.err).find("polymigrate: no rollback is known") != std::string::npos);
    const auto names = run.files();
    CHECK(run.applied() == std::vector<std::string>(names.begin(), names.begin() + *stop + 1));
    if (source.project.framework != "knex" && replay.diagnostics.empty()) {
      // Column order aside: a generated rollback re-adds a dropped column at the end.
      const auto back = schema::compare(replay.migrations[*stop].after,
                                        schema::from_snapshot(run.snapshot(), dialect), {false});
      INFO("after the rollback stops: " << joined(back));
      CHECK(back.empty());
    }
    return outcome + "rollback stops at " + names[*stop];
  }
  REQUIRE(down.exit_code == 0);
  const auto left = run.snapshot();
  std::vector<std::string> names;
  for (const auto& t : left.tables) names.push_back(t.name);
  for (const auto& v : left.views) names.push_back("view " + v.name);
  INFO(joined(names));
  CHECK(names.empty());
  CHECK(run.applied().empty());
  return outcome + "rollback --all leaves no table";
}

}  // namespace

TEST_CASE("knex writer: the real Knex runs every converted fixture on SQLite and rolls it back",
          "[knex][writer][knex_npm]") {
  std::vector<std::string> outcomes;
  for (const auto& source : test::knex_writer_sources(model::Dialect::sqlite))
    outcomes.push_back(runs_like_the_source(source, model::Dialect::sqlite));
  // Where a rollback stops, the migration changes rows of an older table (an INSERT polymigrate
  // cannot undo) or holds SQL the DDL reader does not read (a trigger, a statement behind a BOM);
  // where up stops, it holds code polymigrate does not translate (Flyway's Java migration,
  // TypeScript that decides at run time).
  CHECK(joined(outcomes) ==
        joined({
            "flyway/basic: same schema; rollback stops at 20000101000002_orders.js",
            "flyway/features: same schema; rollback stops at 20000101000005_seed.js",
            "flyway/toml: same schema; rollback stops at 20000101000001_seed.js",
            "flyway/maven: up stops at 20000101000002_backfill_skus.js",
            "prisma/basic: same schema; rollback --all leaves no table",
            "prisma/reshape: same schema; rollback --all leaves no table",
            "prisma/sqlite: fails at migration 5 as the source does; before it: same schema; "
            "rollback stops at 20000101000003_tag_names.js",
            "alembic/basic: same schema; rollback --all leaves no table",
            "alembic/branched: same schema; rollback --all leaves no table",
            "knex/basic: same schema; rollback --all leaves no table",
            "knex/typescript: up stops at 20240202000000_account_counts.js",
            "schema/blog: same schema; rollback --all leaves no table",
            "schema/notes: same schema; rollback stops at 20000101000002_003_books_sql.js",
            "schema/shop: same schema; rollback stops at 20000101000001_002_orders_sql.js",
            "sql/edges: same schema; rollback --all leaves no table",
        }));
}

TEST_CASE(
    "knex writer: the real Knex runs every converted fixture on PostgreSQL and rolls it "
    "back",
    "[knex][writer][knex_npm]") {
  std::vector<std::string> outcomes;
  for (const auto& source : test::knex_writer_sources(model::Dialect::postgresql))
    outcomes.push_back(runs_like_the_source(source, model::Dialect::postgresql));
  CHECK(joined(outcomes) ==
        joined({
            "flyway/basic: same schema; rollback stops at 20000101000002_orders.js",
            "flyway/features: same schema; rollback stops at 20000101000005_seed.js",
            "flyway/postgresql: same schema; rollback stops at 20000101000002_touch_function.js",
            "flyway/toml: same schema; rollback stops at 20000101000001_seed.js",
            "flyway/maven: up stops at 20000101000002_backfill_skus.js",
            "prisma/basic: same schema; rollback --all leaves no table",
            "prisma/reshape: same schema; rollback --all leaves no table",
            "prisma/postgresql: fails at migration 3 as the source does; before it: same schema; "
            "rollback --all leaves no table",
            "alembic/basic: same schema; rollback --all leaves no table",
            "alembic/branched: same schema; rollback --all leaves no table",
            "knex/basic: same schema; rollback --all leaves no table",
            "knex/no_transaction: same schema; rollback --all leaves no table",
            "schema/billing: same schema; rollback stops at 20000101000002_003_regions_sql.js",
            "schema/blog: same schema; rollback --all leaves no table",
            "schema/shop: same schema; rollback stops at 20000101000001_002_orders_sql.js",
            "sql/edges: same schema; rollback stops at 20000101000000_schema.js",
        }));
}
