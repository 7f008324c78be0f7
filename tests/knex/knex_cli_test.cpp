// The Knex adapter through the polymigrate binary on SQLite: up in batches, status, rollback of
// the last batch, Knex's refusals in Knex's words, unlock.
#include <catch2/catch.hpp>
#include <fstream>

#include "adapters/knex/knex_adapter.hpp"
#include "adapters/knex/migrations_table.hpp"
#include "db/connection.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

struct Copy {
  test::TempDir dir;
  fs::path root;
  std::string db;
  explicit Copy(const std::string& fixture) {
    root = dir.path() / "project";
    fs::copy(test::source_path(fixture), root, fs::copy_options::recursive);
    db = "sqlite:" + (dir.path() / "k.db").string();
  }
  test::CliResult run(std::vector<std::string> args) const {
    args.insert(args.begin() + 1, root.string());
    args.insert(args.end(), {"--db", db});
    auto result = test::run_cli(args, root, {{"NODE_ENV", ""}, {"DATABASE_URL", ""}});
    INFO(args.front() << ": " << result.out << result.err);
    return result;
  }
  std::vector<std::pair<std::string, std::string>> rows() const {
    auto conn = db::open_connection(db::parse_database_url(db));
    knex::KnexMigrationsTable table({}, model::Dialect::sqlite);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : table.read(*conn)) out.emplace_back(row.key, row.extras.at("batch"));
    return out;
  }
};

using Rows = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("knex project: inspect lists files in Knex's order with translated steps", "[knex]") {
  auto project = knex::knex_adapter().load(test::source_path("fixtures/knex/basic"), {});
  CHECK_FALSE(model::has_errors(project.all_diagnostics()));
  std::vector<std::string> keys;
  for (std::size_t i : project.history.order()) keys.push_back(project.history.migrations()[i].key);
  CHECK(keys ==
        std::vector<std::string>{"20240101000000_create_users.js", "20240102000000_create_posts.js",
                                 "20240103000000_alter_users.js", "20240104000000_seed_tags.js"});
  for (const auto& m : project.history.migrations()) {
    CHECK(m.extras.at("opaque_steps") == "0");
    CHECK(m.extras.at("translated_calls") == m.extras.at("knex_calls"));
  }
  CHECK(project.config.version_table == "knex_migrations");
  CHECK(project.config.dialect == model::Dialect::sqlite);

  auto ts = knex::knex_adapter().load(test::source_path("fixtures/knex/typescript"), {});
  REQUIRE(ts.history.migrations().size() == 2);
  CHECK(ts.config.version_table == "schema_history");
  bool reported = false;
  for (const auto& d : ts.diagnostics)
    reported =
        reported || (d.code == "PM144" && d.file == "migrations/20240202000000_account_counts.ts");
  CHECK(reported);

  auto nt = knex::knex_adapter().load(test::source_path("fixtures/knex/no_transaction"), {});
  REQUIRE(nt.history.migrations().size() == 3);
  CHECK(nt.history.migrations()[1].key == "20240302000000_index_events_concurrently.js");
  CHECK_FALSE(nt.history.migrations()[1].transactional);
  CHECK(nt.history.migrations()[0].transactional);
}

TEST_CASE("knex up in batches, status, down rolls back the last batch (SQLite)", "[knex]") {
  Copy p("fixtures/knex/basic");
  REQUIRE(p.run({"up", "--to", "20240102000000_create_posts.js"}).exit_code == 0);
  REQUIRE(p.run({"up"}).exit_code == 0);
  CHECK(p.rows() == Rows{{"20240101000000_create_users.js", "1"},
                         {"20240102000000_create_posts.js", "1"},
                         {"20240103000000_alter_users.js", "2"},
                         {"20240104000000_seed_tags.js", "2"}});
  CHECK(p.run({"status"}).exit_code == 0);
  auto conn = db::open_connection(db::parse_database_url(p.db));
  CHECK(conn->query("select label from tags order by label").rows.size() == 2);
  CHECK(conn->query("select label from tag_labels").rows.size() == 2);
  conn.reset();

  REQUIRE(p.run({"down"}).exit_code == 0);  // migrate:rollback: batch 2, newest first
  CHECK(p.rows() ==
        Rows{{"20240101000000_create_users.js", "1"}, {"20240102000000_create_posts.js", "1"}});
  CHECK(p.run({"status"}).exit_code == 1);
  REQUIRE(p.run({"down", "--to", "base"}).exit_code == 0);
  CHECK(p.rows().empty());
}

TEST_CASE("Knex's refusals (missing files, a held lock) and unlock", "[knex]") {
  Copy p("fixtures/knex/basic");
  REQUIRE(p.run({"up"}).exit_code == 0);
  fs::rename(p.root / "migrations/20240103000000_alter_users.js", p.dir.path() / "gone.js");
  auto refused = p.run({"up"});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("The migration directory is corrupt, the following files are missing: "
                         "20240103000000_alter_users.js") != std::string::npos);
  fs::rename(p.dir.path() / "gone.js", p.root / "migrations/20240103000000_alter_users.js");

  // A crashed run leaves is_locked = 1.
  {
    auto conn = db::open_connection(db::parse_database_url(p.db));
    conn->exec("update knex_migrations_lock set is_locked = 1");
  }
  auto locked = p.run({"down"});
  CHECK(locked.exit_code == 3);
  CHECK(locked.err.find("Migration table is already locked") != std::string::npos);
  CHECK(locked.err.find("polymigrate unlock") != std::string::npos);
  auto unlocked = p.run({"unlock"});
  CHECK(unlocked.exit_code == 0);
  CHECK(unlocked.out.find("Succesfully unlocked the migrations lock table") != std::string::npos);
  CHECK(p.run({"down"}).exit_code == 0);
}

TEST_CASE("up refuses a migration kept as JavaScript and names its file and line", "[knex]") {
  Copy p("fixtures/knex/typescript");
  auto result = p.run({"up"});
  CHECK(result.exit_code == 2);  // refused before anything runs: a part not available
  CHECK(result.err.find("20240202000000_account_counts.ts") != std::string::npos);
  CHECK(result.err.find(":4") != std::string::npos);
  CHECK(result.err.find("nothing was run") != std::string::npos);
  // Not even the migration before it, which polymigrate could have run.
  auto conn = db::open_connection(db::parse_database_url(p.db));
  CHECK_FALSE(conn->table_exists("", "accounts"));
}
