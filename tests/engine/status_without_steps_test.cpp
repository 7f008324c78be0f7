// `status` in text reads the project without steps (LoadOptions::steps = false): every bundled
// fixture must read the same migrations that way, and give the same status on a real SQLite
// database, before and after a run, as the full read does.
#include <algorithm>
#include <catch2/catch.hpp>

#include "adapters/adapter.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> fixture_projects(const std::string& framework) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(test::source_path("fixtures/" + framework)))
    if (entry.is_directory()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

adapters::LoadOptions load_options(bool steps) {
  adapters::LoadOptions options;
  options.steps = steps;
  return options;
}

// Nothing read out of a file's code or SQL: a step left is one the loader makes without reading
// (a Flyway Java migration's opaque step).
bool has_no_read_steps(const model::Migration& m) {
  auto none = [](const model::Script& script) {
    return std::all_of(script.begin(), script.end(), [](const model::Step& step) {
      return std::holds_alternative<model::OpaqueStep>(step);
    });
  };
  return none(m.up) && (!m.down || none(*m.down));
}

// What identifies, orders and checks a migration is the same either way.
void check_same_migrations(const model::Project& full, const model::Project& light) {
  REQUIRE(full.history.size() == light.history.size());
  CHECK(full.history.order() == light.history.order());
  for (std::size_t i = 0; i < full.history.size(); ++i) {
    const auto& f = full.history.migrations()[i];
    const auto& l = light.history.migrations()[i];
    INFO(f.key);
    CHECK(f.key == l.key);
    CHECK(f.version == l.version);
    CHECK(f.kind == l.kind);
    CHECK(f.description == l.description);
    CHECK(f.parents == l.parents);
    CHECK(f.depends_on == l.depends_on);
    CHECK(f.branch_labels == l.branch_labels);
    CHECK(f.checksum == l.checksum);
    // Knex's files are not read without steps, so which have a down is not known.
    if (full.framework != "knex") CHECK(f.down.has_value() == l.down.has_value());
    CHECK(f.source.file == l.source.file);
  }
}

void check_same_status(db::Connection& conn, const adapters::Adapter& adapter,
                       const model::Project& full, const model::Project& light) {
  auto a = engine::read_status(conn, adapter, full);
  auto b = engine::read_status(conn, adapter, light);
  REQUIRE(a.entries.size() == b.entries.size());
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const auto& x = a.entries[i];
    const auto& y = b.entries[i];
    CHECK((x.migration ? x.migration->key : x.row->key) ==
          (y.migration ? y.migration->key : y.row->key));
    CHECK(x.state == y.state);
  }
  REQUIRE(a.native.has_value() == b.native.has_value());
  if (a.native) {
    CHECK(a.native->columns == b.native->columns);
    CHECK(a.native->rows == b.native->rows);
  }
}

}  // namespace

TEST_CASE("every fixture reads the same migrations and status without steps", "[status]") {
  for (const char* framework : {"flyway", "prisma", "alembic", "knex"}) {
    const adapters::Adapter* adapter = adapters::find_adapter(framework);
    REQUIRE(adapter != nullptr);
    for (const auto& root : fixture_projects(framework)) {
      if (!adapter->detect(root)) continue;
      INFO(root.string());
      const auto full = adapter->load(root, load_options(true));
      const auto light = adapter->load(root, load_options(false));
      check_same_migrations(full, light);
      // Flyway, Alembic and Knex skip the steps; Prisma's are one read of the file anyway.
      if (std::string(framework) != "prisma")
        for (const auto& m : light.history.migrations()) CHECK(has_no_read_steps(m));

      // A project written for PostgreSQL (its config says so) is compared by its reading only:
      // its version table is refused on SQLite.
      if (full.config.dialect == model::Dialect::postgresql) continue;
      test::TempDir dir;
      auto conn =
          db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "s.db").string()));
      check_same_status(*conn, *adapter, full, light);
      // After a run (one that stops part way is compared as it is left).
      try {
        engine::migrate(*conn, *adapter, full, {});
      } catch (const std::exception&) {
      }
      check_same_status(*conn, *adapter, full, light);
    }
  }
}
