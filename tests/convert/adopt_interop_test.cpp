// After adopt, the target's own tool agrees: the real Alembic reports the database at its head
// and upgrades nothing; the real Knex lists every migration as completed and none pending.
#include <catch2/catch.hpp>

#include "engine/adopt.hpp"
#include "engine/convert.hpp"
#include "engine/migrate.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

// A Flyway fixture migrated by polymigrate as Flyway, converted to `to`, then adopted.
struct AdoptedFlyway {
  test::TempDir dir;
  fs::path out;
  std::string url;  // the database, as polymigrate and SQLAlchemy both write it
  engine::LoadedProject target;

  AdoptedFlyway(const char* to, model::Dialect dialect) : out(dir.path() / "out") {
    const bool sqlite = dialect == model::Dialect::sqlite;
    url = sqlite ? "sqlite:///" + (dir.path() / "db.sqlite").string() : test::postgres_url();
    adapters::LoadOptions options;
    options.dialect = dialect;
    const auto source = engine::load_project(
        test::source_path(sqlite ? "fixtures/flyway/basic" : "fixtures/flyway/postgresql"),
        "flyway", options);
    engine::convert(source, {adapters::find_adapter(to), dialect, out, false});
    target = engine::load_project(out, std::string(to), options);
    auto conn = db::open_connection(db::parse_database_url(url));
    REQUIRE_FALSE(engine::migrate(*conn, *source.adapter, source.project, {}).run.failure);
    engine::adopt(*conn, target, source, false);
  }
};

void alembic_sees_its_head(model::Dialect dialect) {
  AdoptedFlyway adopted("alembic", dialect);
  auto alembic = [&](const std::vector<std::string>& args) {
    std::vector<std::string> all = {"-m", "alembic", "-x", "url=" + adopted.url};
    all.insert(all.end(), args.begin(), args.end());
    return test::run_process("/usr/bin/python3", all, adopted.out);
  };
  const auto heads = alembic({"heads"});
  INFO("alembic heads:\n" << heads.out << heads.err);
  REQUIRE(heads.exit_code == 0);
  const std::string head = heads.out.substr(0, heads.out.find(' '));
  REQUIRE_FALSE(head.empty());

  const auto current = alembic({"current"});
  INFO("alembic current:\n" << current.out << current.err);
  CHECK(current.exit_code == 0);
  CHECK_THAT(current.out, Catch::Contains(head + " (head)"));

  // Nothing to run: upgrade succeeds (a re-run would fail on the existing tables) and the
  // version table still holds the head.
  const auto upgrade = alembic({"upgrade", "heads"});
  INFO("alembic upgrade heads:\n" << upgrade.out << upgrade.err);
  CHECK(upgrade.exit_code == 0);
  CHECK_THAT(upgrade.err, !Catch::Contains("Running upgrade"));
  CHECK_THAT(alembic({"current"}).out, Catch::Contains(head + " (head)"));
}

}  // namespace

TEST_CASE("adopt: the real Alembic finds the adopted database at its head (SQLite)",
          "[convert][adopt]") {
  alembic_sees_its_head(model::Dialect::sqlite);
}

TEST_CASE("adopt: the real Alembic finds the adopted database at its head (PostgreSQL)",
          "[convert][adopt][postgres]") {
  alembic_sees_its_head(model::Dialect::postgresql);
}

TEST_CASE("adopt: the real Knex lists the adopted migrations as completed",
          "[convert][adopt][knex_npm]") {
  AdoptedFlyway adopted("knex", model::Dialect::sqlite);
  const fs::path npm = POLYMIGRATE_NPM_TOOLS_DIR;
  REQUIRE(fs::exists(npm / "node_modules/knex/bin/cli.js"));
  fs::create_directory_symlink(npm / "node_modules", adopted.out / "node_modules");
  auto knex = [&](const std::vector<std::string>& args) {
    std::vector<std::string> all = {(npm / "node_modules/knex/bin/cli.js").string(), "--knexfile",
                                    (adopted.out / "knexfile.js").string()};
    all.insert(all.end(), args.begin(), args.end());
    return test::run_process(
        "/usr/bin/node", all, adopted.out,
        {{"DATABASE_FILE", adopted.url.substr(std::string("sqlite:///").size())}});
  };
  const auto list = knex({"migrate:list"});
  INFO("knex migrate:list:\n" << list.out << list.err);
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out,
             Catch::Contains("Found " + std::to_string(adopted.target.project.history.size()) +
                             " Completed Migration file/files."));
  CHECK_THAT(list.out, Catch::Contains("No Pending Migration files Found."));

  const auto latest = knex({"migrate:latest"});
  INFO("knex migrate:latest:\n" << latest.out << latest.err);
  CHECK(latest.exit_code == 0);
  CHECK_THAT(latest.out, Catch::Contains("Already up to date"));
}
