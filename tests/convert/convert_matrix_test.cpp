// The conversion matrix: every fixture converted to every other framework, on SQLite and on
// PostgreSQL. The converted project runs up on a fresh database to the schema the source builds
// (introspected and compared, version tables aside), and its downs take it back to empty.
#include <catch2/catch.hpp>

#include "adapters/adapter.hpp"
#include "db/connection.hpp"
#include "engine/convert.hpp"
#include "engine/migrate.hpp"
#include "schema/compare.hpp"
#include "schema/from_snapshot.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  const char* framework;
  const char* path;
};

// Every fixture whose history runs to the end on that dialect without native code (prisma/sqlite
// and prisma/postgresql end on a migration that fails on purpose).
constexpr Fixture kSqliteFixtures[] = {
    {"alembic", "fixtures/alembic/basic"}, {"alembic", "fixtures/alembic/branched"},
    {"flyway", "fixtures/flyway/basic"},   {"flyway", "fixtures/flyway/features"},
    {"prisma", "fixtures/prisma/basic"},   {"prisma", "fixtures/prisma/reshape"},
    {"knex", "fixtures/knex/basic"},
};
constexpr Fixture kPostgresFixtures[] = {
    {"alembic", "fixtures/alembic/basic"},    {"alembic", "fixtures/alembic/branched"},
    {"flyway", "fixtures/flyway/postgresql"}, {"prisma", "fixtures/prisma/basic"},
    {"prisma", "fixtures/prisma/reshape"},    {"knex", "fixtures/knex/basic"},
    {"knex", "fixtures/knex/no_transaction"},
};
constexpr const char* kTargets[] = {"alembic", "flyway", "knex", "prisma"};

std::unique_ptr<db::Connection> fresh_database(model::Dialect dialect, const fs::path& file) {
  return db::open_connection(db::parse_database_url(
      dialect == model::Dialect::sqlite ? "sqlite:" + file.string() : test::postgres_url()));
}

engine::RunResult run(db::Connection& conn, const engine::LoadedProject& project, bool up) {
  engine::MigrateRequest request;
  request.direction = up ? engine::Plan::Direction::up : engine::Plan::Direction::down;
  if (!up) request.target = "base";
  return engine::migrate(conn, *project.adapter, project.project, request).run;
}

std::vector<std::string> kept_tables(const engine::LoadedProject& project, model::Dialect dialect) {
  return project.adapter->version_table(project.project, dialect)->kept_tables();
}

schema::SchemaState user_schema(db::Connection& conn, const std::vector<std::string>& skip) {
  auto snapshot = conn.introspect();
  std::erase_if(snapshot.tables, [&](const db::TableInfo& table) {
    return std::find(skip.begin(), skip.end(), table.name) != skip.end();
  });
  return schema::from_snapshot(snapshot, conn.dialect());
}

void converts_runs_and_reverts(const Fixture& fixture, const char* target, model::Dialect dialect) {
  INFO(fixture.path << " -> " << target << " on " << model::to_string(dialect));
  test::TempDir dir;
  adapters::LoadOptions options;
  options.dialect = dialect;
  const engine::LoadedProject source =
      engine::load_project(test::source_path(fixture.path), fixture.framework, options);
  engine::ConvertRequest request{adapters::find_adapter(target), dialect, dir.path() / "out",
                                 false};
  const auto result = engine::convert(source, request);
  CHECK(result.untranslated.empty());
  REQUIRE(result.map.entries.size() == source.project.history.size());
  const engine::LoadedProject converted =
      engine::load_project(dir.path() / "out", std::string(target), options);
  CHECK_FALSE(model::has_errors(converted.project.all_diagnostics()));

  auto original = fresh_database(dialect, dir.path() / "source.db");
  const auto source_run = run(*original, source, true);
  REQUIRE_FALSE(source_run.failure);
  auto copy = fresh_database(dialect, dir.path() / "converted.db");
  const auto converted_run = run(*copy, converted, true);
  INFO((converted_run.failure
            ? converted_run.failure->file + ":" + std::to_string(converted_run.failure->line) +
                  ": " + converted_run.failure->message
            : std::string("no failure")));
  REQUIRE_FALSE(converted_run.failure);
  CHECK(converted_run.completed.size() == source.project.history.size());

  const auto differences = schema::compare(user_schema(*original, kept_tables(source, dialect)),
                                           user_schema(*copy, kept_tables(converted, dialect)));
  std::string listed;
  for (const auto& difference : differences) listed += "\n  " + difference;
  INFO(differences.size() << " differences:" << listed);
  CHECK(differences.empty());

  // A migration whose rollback cannot be known (PM403) stops the way down with an error; any
  // other converted history goes back to no user table.
  const bool blocked = std::any_of(result.notes.begin(), result.notes.end(),
                                   [](const auto& note) { return note.code == "PM403"; });
  std::optional<engine::RunResult> back;
  std::string refusal;
  try {
    back = run(*copy, converted, false);
  } catch (const std::exception& error) {  // refused before running (RefusedError, NotAvailable)
    refusal = error.what();
  }
  INFO((back && back->failure ? back->failure->file + ":" + std::to_string(back->failure->line) +
                                    ": " + back->failure->message
                              : refusal));
  if (blocked) {
    CHECK((!back || back->failure));
    return;
  }
  REQUIRE(back);
  REQUIRE_FALSE(back->failure);
  CHECK(user_schema(*copy, kept_tables(converted, dialect)).table_count() == 0);
}

}  // namespace

TEST_CASE("convert matrix: every fixture to every framework on SQLite", "[convert]") {
  for (const auto& fixture : kSqliteFixtures)
    for (const char* target : kTargets)
      if (std::string(target) != fixture.framework)
        converts_runs_and_reverts(fixture, target, model::Dialect::sqlite);
}

TEST_CASE("convert matrix: every fixture to every framework on PostgreSQL", "[convert][postgres]") {
  for (const auto& fixture : kPostgresFixtures)
    for (const char* target : kTargets)
      if (std::string(target) != fixture.framework)
        converts_runs_and_reverts(fixture, target, model::Dialect::postgresql);
}
