// polymigrate and the real Alembic (Debian's python3-alembic, run as /usr/bin/python3 -m alembic)
// agree on every database either of them touched, on SQLite and PostgreSQL, for every fixture.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "adapters/alembic/alembic_adapter.hpp"
#include "db/connection.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

const char* const kFixtures[] = {"fixtures/alembic/basic", "fixtures/alembic/branched"};

// A database both tools can open: polymigrate's URL and SQLAlchemy's for the same database.
struct SharedDatabase {
  std::string polymigrate_url;
  std::string sqlalchemy_url;
};

SharedDatabase sqlite_database(const fs::path& file) {
  return {"sqlite:" + file.string(),
          "sqlite:///" + file.string()};  // four slashes: an absolute path
}

SharedDatabase postgres_database() {
  std::string url = test::postgres_url();
  return {url, url};
}

test::ProcessResult run_alembic(const fs::path& project, const SharedDatabase& db,
                                std::vector<std::string> args) {
  std::vector<std::string> all = {
      "-m", "alembic", "-c", (project / "alembic.ini").string(), "-x", "url=" + db.sqlalchemy_url};
  all.insert(all.end(), args.begin(), args.end());
  auto result = test::run_process("/usr/bin/python3", all, project);
  INFO("alembic " << args.front() << ": " << result.err);
  REQUIRE(result.exit_code == 0);
  return result;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// `alembic current` prints "<rev> (head)" (or more markers) per row of the version table.
std::set<std::string> current_heads(const fs::path& project, const SharedDatabase& db) {
  std::set<std::string> out;
  for (const auto& line : lines(run_alembic(project, db, {"current"}).out))
    out.insert(line.substr(0, line.find(' ')));
  return out;
}

std::set<std::string> user_tables(const std::string& url) {
  auto conn = db::open_connection(db::parse_database_url(url));
  std::set<std::string> out;
  for (const auto& table : conn->introspect().tables) out.insert(table.name);
  return out;
}

// 1. polymigrate up, then the real Alembic sees the same heads and has nothing left to do.
void polymigrate_then_alembic(const fs::path& project, const SharedDatabase& db) {
  auto up = test::run_cli({"up", project.string(), "--db", db.polymigrate_url});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  auto loaded = alembic::alembic_adapter().load(project, {});
  const auto heads = loaded.history.heads();
  CHECK(current_heads(project, db) == std::set<std::string>(heads.begin(), heads.end()));
  const auto tables = user_tables(db.polymigrate_url);
  run_alembic(project, db,
              {"upgrade", "heads"});  // would fail re-creating a table if it ran anything
  CHECK(current_heads(project, db) == std::set<std::string>(heads.begin(), heads.end()));
  CHECK(user_tables(db.polymigrate_url) == tables);
}

// 2. the real Alembic upgrades; polymigrate reads it as applied, reverts to base, Alembic agrees.
void alembic_then_polymigrate(const fs::path& project, const SharedDatabase& db) {
  run_alembic(project, db, {"upgrade", "heads"});
  auto status = test::run_cli({"status", project.string(), "--db", db.polymigrate_url});
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  auto down = test::run_cli({"down", project.string(), "--db", db.polymigrate_url, "--to", "base"});
  INFO(down.out << down.err);
  REQUIRE(down.exit_code == 0);
  CHECK(current_heads(project, db).empty());
  CHECK(user_tables(db.polymigrate_url) == std::set<std::string>{"alembic_version"});
  // And Alembic can take it from there.
  run_alembic(project, db, {"upgrade", "heads"});
  CHECK_FALSE(current_heads(project, db).empty());
}

}  // namespace

TEST_CASE("inspect order equals `alembic history` on every fixture", "[alembic][interop]") {
  for (const char* fixture : kFixtures) {
    INFO(fixture);
    const fs::path project = test::source_path(fixture);
    auto loaded = alembic::alembic_adapter().load(project, {});
    std::vector<std::string> ours;
    for (std::size_t index : loaded.history.order())
      ours.push_back(loaded.history.migrations()[index].key);
    std::reverse(ours.begin(), ours.end());  // history prints the newest first
    std::vector<std::string> theirs;
    for (const auto& line :
         lines(run_alembic(project, sqlite_database("/nonexistent.db"), {"history"}).out)) {
      // "<down> -> <rev> (markers), <doc>"
      auto arrow = line.find(" -> ");
      REQUIRE(arrow != std::string::npos);
      auto rest = line.substr(arrow + 4);
      theirs.push_back(rest.substr(0, rest.find_first_of(" ,")));
    }
    CHECK(ours == theirs);
  }
}

TEST_CASE("polymigrate up, then alembic agrees (SQLite)", "[alembic][interop]") {
  for (const char* fixture : kFixtures) {
    INFO(fixture);
    test::TempDir dir;
    polymigrate_then_alembic(test::source_path(fixture), sqlite_database(dir.path() / "shared.db"));
  }
}

TEST_CASE("alembic upgrade, then polymigrate agrees and reverts (SQLite)", "[alembic][interop]") {
  for (const char* fixture : kFixtures) {
    INFO(fixture);
    test::TempDir dir;
    alembic_then_polymigrate(test::source_path(fixture), sqlite_database(dir.path() / "shared.db"));
  }
}

TEST_CASE("polymigrate up, then alembic agrees (PostgreSQL)", "[alembic][interop][postgres]") {
  for (const char* fixture : kFixtures) {
    INFO(fixture);
    polymigrate_then_alembic(test::source_path(fixture), postgres_database());
  }
}

TEST_CASE("alembic upgrade, then polymigrate agrees and reverts (PostgreSQL)",
          "[alembic][interop][postgres]") {
  for (const char* fixture : kFixtures) {
    INFO(fixture);
    alembic_then_polymigrate(test::source_path(fixture), postgres_database());
  }
}
