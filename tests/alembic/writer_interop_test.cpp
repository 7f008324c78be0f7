// The Alembic projects polymigrate writes run under the real Alembic (Debian's python3-alembic,
// /usr/bin/python3 -m alembic): `alembic upgrade heads` builds the schema the source history
// replays to, and `alembic downgrade base` leaves only alembic_version, on SQLite and PostgreSQL.
#include <catch2/catch.hpp>
#include <set>

#include "adapters/alembic/alembic_adapter.hpp"
#include "alembic/writer_fixtures.hpp"
#include "db/connection.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "support/postgres_server.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

struct Database {
  std::string polymigrate_url;
  std::string sqlalchemy_url;
};

test::ProcessResult alembic(const fs::path& project, const Database& db,
                            const std::vector<std::string>& args) {
  std::vector<std::string> all = {"-m", "alembic", "-x", "url=" + db.sqlalchemy_url};
  all.insert(all.end(), args.begin(), args.end());
  return test::run_process("/usr/bin/python3", all, project);
}

std::set<std::string> user_tables(db::Connection& conn) {
  std::set<std::string> out;
  for (const auto& table : conn.introspect().tables) out.insert(table.name);
  return out;
}

// Writes `source` as an Alembic project, upgrades a fresh database with the real Alembic,
// compares the live schema with the source's replay, then downgrades to base (or, when
// `no_downgrade` says why that cannot be, checks that Alembic stops with polymigrate's reason).
void runs_under_alembic(const model::Project& source, const std::string& label,
                        model::Dialect dialect, const std::string& no_downgrade) {
  INFO(label << " on " << model::to_string(dialect));
  test::TempDir dir;
  const fs::path project = dir.path() / "project";
  alembic::alembic_adapter().write(source, dialect, project);

  Database db;
  if (dialect == model::Dialect::sqlite) {
    db = {"sqlite:" + (dir.path() / "alembic.db").string(),
          "sqlite:///" + (dir.path() / "alembic.db").string()};
  } else {
    const std::string url = test::postgres_url();
    db = {url, url};
  }

  auto up = alembic(project, db, {"upgrade", "heads"});
  INFO("alembic upgrade heads:\n" << up.out << up.err);
  REQUIRE(up.exit_code == 0);

  auto conn = db::open_connection(db::parse_database_url(db.polymigrate_url));
  auto snapshot = conn->introspect();
  std::erase_if(snapshot.tables,
                [](const db::TableInfo& t) { return t.name == "alembic_version"; });
  const auto live = schema::from_snapshot(snapshot, dialect);
  const auto replay =
      schema::replay_history(test::as_the_database_runs_it(source.history, dialect), dialect);
  const auto differences = test::writer_differences(replay.state, live, true);
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());

  auto down = alembic(project, db, {"downgrade", "base"});
  INFO("alembic downgrade base:\n" << down.out << down.err);
  if (!no_downgrade.empty()) {
    // The revision whose rollback no one can know stops Alembic, saying so.
    CHECK(down.exit_code != 0);
    CHECK(down.err.find("RuntimeError: polymigrate: no rollback is known for migration") !=
          std::string::npos);
    return;
  }
  REQUIRE(down.exit_code == 0);
  CHECK(user_tables(*conn) == std::set<std::string>{"alembic_version"});
  CHECK(alembic(project, db, {"current"}).out.empty());
}

// A fixture with code polymigrate could not translate: Alembic runs up to it and stops there,
// with polymigrate's reason, instead of skipping it.
void untranslated_code_stops_alembic(const test::WriterFixture& fixture, model::Dialect dialect) {
  INFO(fixture.path << " on " << model::to_string(dialect));
  test::TempDir dir;
  const fs::path project = dir.path() / "project";
  alembic::alembic_adapter().write(test::load_writer_fixture(fixture, dialect).project, dialect,
                                   project);
  const Database db = dialect == model::Dialect::sqlite
                          ? Database{"", "sqlite:///" + (dir.path() / "alembic.db").string()}
                          : Database{"", test::postgres_url()};
  auto up = alembic(project, db, {"upgrade", "heads"});
  INFO(up.out << up.err);
  CHECK(up.exit_code != 0);
  CHECK(up.err.find("RuntimeError: polymigrate: untranslated ") != std::string::npos);
}

// Says, fixture by fixture, what ran under the real Alembic and what could not.
void run_all(model::Dialect dialect) {
  const std::string on = model::to_string(dialect);
  for (const auto& fixture : test::writer_fixtures()) {
    if (std::find(fixture.dialects.begin(), fixture.dialects.end(), dialect) ==
        fixture.dialects.end())
      continue;
    if (!fixture.not_runnable.empty()) {
      untranslated_code_stops_alembic(fixture, dialect);
      WARN("upgrade stops as it should on " << on << ": " << fixture.path << ": "
                                            << fixture.not_runnable);
      continue;
    }
    runs_under_alembic(test::load_writer_fixture(fixture, dialect).project, fixture.path, dialect,
                       fixture.no_downgrade);
    if (fixture.no_downgrade.empty())
      WARN("upgrade and downgrade on " << on << ": " << fixture.path);
    else
      WARN("upgrade on " << on << ": " << fixture.path
                         << "; downgrade stops as it should: " << fixture.no_downgrade);
  }
  runs_under_alembic(test::idiom_project(dialect), "the idioms history", dialect, "");
  WARN("upgrade and downgrade on " << on << ": the idioms history (tests/alembic/writer_fixtures)");
}

}  // namespace

TEST_CASE("alembic writer: written projects run under the real Alembic (SQLite)",
          "[alembic][interop][writer]") {
  run_all(model::Dialect::sqlite);
}

TEST_CASE("alembic writer: written projects run under the real Alembic (PostgreSQL)",
          "[alembic][interop][writer][postgres]") {
  run_all(model::Dialect::postgresql);
}

TEST_CASE("alembic writer: env.py takes DATABASE_URL, and `alembic revision` adds to the chain",
          "[alembic][interop][writer]") {
  const auto& fixture = test::writer_fixtures()[2];  // fixtures/flyway/basic
  REQUIRE(fixture.path == "fixtures/flyway/basic");
  const auto source = test::load_writer_fixture(fixture, model::Dialect::sqlite).project;
  test::TempDir dir;
  const fs::path project = dir.path() / "project";
  alembic::alembic_adapter().write(source, model::Dialect::sqlite, project);

  // polymigrate's own URL form, which env.py hands to SQLAlchemy as sqlite:///path.
  const fs::path db = dir.path() / "from_env.db";
  auto up = test::run_process("/usr/bin/python3", {"-m", "alembic", "upgrade", "heads"}, project,
                              {{"DATABASE_URL", "sqlite:" + db.string()}});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  auto conn = db::open_connection(db::parse_database_url("sqlite:" + db.string()));
  CHECK(user_tables(*conn) == std::set<std::string>{"alembic_version", "orders", "users"});

  // The written script.py.mako serves `alembic revision`; polymigrate reads the new file.
  auto revision = test::run_process("/usr/bin/python3",
                                    {"-m", "alembic", "revision", "-m", "added by hand"}, project);
  INFO(revision.out << revision.err);
  REQUIRE(revision.exit_code == 0);
  const auto back = alembic::alembic_adapter().load(project, {});
  CHECK_FALSE(model::has_errors(back.all_diagnostics()));
  REQUIRE(back.history.size() == source.history.size() + 1);
  const auto& last = back.history.migrations()[back.history.order().back()];
  CHECK(last.description == "added by hand");
  const auto& before = back.history.migrations()[back.history.order()[back.history.size() - 2]];
  CHECK(last.parents == std::vector<std::string>{before.key});
}
