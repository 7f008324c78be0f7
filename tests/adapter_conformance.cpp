// The conformance suite every registered adapter runs (golang-migrate's idea): its example
// project `fixtures/<name>/basic` loads cleanly, runs up on a real database, reads back as up to
// date, and reverts where it has down scripts. An adapter not built yet must say so, never fake.
#include <catch2/catch.hpp>

#include "adapters/adapter.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;

namespace {

bool built(const adapters::Adapter& adapter, const std::filesystem::path& fixture) {
  try {
    adapter.load(fixture, {});
    return true;
  } catch (const adapters::NotAvailable&) {
    return false;
  }
}

void run_conformance(const adapters::Adapter& adapter, db::Connection& conn) {
  const auto fixture = test::source_path("fixtures/" + std::string(adapter.name()) + "/basic");
  REQUIRE(adapter.detect(fixture));
  auto project = adapter.load(fixture, {});
  INFO(model::format(project.all_diagnostics().empty() ? model::Diagnostic{} : project.all_diagnostics()[0]));
  CHECK_FALSE(model::has_errors(project.all_diagnostics()));
  REQUIRE(project.history.size() >= 2);
  CHECK(project.framework == adapter.name());

  auto before = engine::read_status(conn, adapter, project);
  CHECK(before.count(engine::MigrationState::pending) == project.history.size());

  auto result = engine::migrate(conn, adapter, project, {engine::Plan::Direction::up, std::nullopt, false, {}});
  REQUIRE_FALSE(result.run.failure);
  CHECK(result.run.completed.size() == project.history.size());

  auto table = adapter.version_table(project, conn.dialect());
  CHECK(table->exists(conn));
  auto after = engine::read_status(conn, adapter, project);
  CHECK(after.up_to_date());

  // Re-reading the project gives the same checksums the table holds.
  auto again = adapter.load(fixture, {});
  CHECK(engine::read_status(conn, adapter, again).up_to_date());

  // Lock and unlock work and are re-entrant across runs.
  table->lock(conn);
  table->unlock(conn);

  // Revert the newest migration when it has a down script, then apply it again.
  const auto& last = project.history.migrations()[project.history.order().back()];
  if (last.down) {
    auto down = engine::migrate(conn, adapter, project, {engine::Plan::Direction::down, std::nullopt, false, {}});
    REQUIRE_FALSE(down.run.failure);
    CHECK(engine::read_status(conn, adapter, project).count(engine::MigrationState::pending) >= 1);
    engine::migrate(conn, adapter, project, {engine::Plan::Direction::up, std::nullopt, false, {}});
    CHECK(engine::read_status(conn, adapter, project).up_to_date());
  }
}

}  // namespace

TEST_CASE("every adapter passes the conformance suite on SQLite", "[conformance]") {
  for (const auto* adapter : adapters::all_adapters()) {
    const auto fixture = test::source_path("fixtures/" + std::string(adapter->name()) + "/basic");
    SECTION(std::string(adapter->name())) {
      if (!built(*adapter, fixture)) {
        CHECK_THROWS_WITH(adapter->load(fixture, {}), Catch::Contains("not available yet"));
        continue;
      }
      test::TempDir dir;
      auto conn = db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "c.db").string()));
      run_conformance(*adapter, *conn);
    }
  }
}

TEST_CASE("every adapter passes the conformance suite on PostgreSQL", "[conformance][postgres]") {
  for (const auto* adapter : adapters::all_adapters()) {
    const auto fixture = test::source_path("fixtures/" + std::string(adapter->name()) + "/basic");
    SECTION(std::string(adapter->name())) {
      if (!built(*adapter, fixture)) continue;
      auto conn = db::open_connection(db::parse_database_url(test::postgres_url()));
      run_conformance(*adapter, *conn);
    }
  }
}
