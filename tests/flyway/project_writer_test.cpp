// The Flyway writer: a project written from Flyway, Alembic or Prisma reads back as Flyway reads
// it, runs up on SQLite to the schema the source builds, and its U files take it back to empty.
#include "adapters/flyway/project_writer.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "adapters/alembic/alembic_adapter.hpp"
#include "adapters/flyway/flyway_adapter.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "adapters/project_files.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "schema/compare.hpp"
#include "schema/from_snapshot.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::unique_ptr<db::Connection> sqlite(const fs::path& file) {
  return db::open_connection(db::parse_database_url("sqlite:" + file.string()));
}

engine::MigrateResult run(db::Connection& conn, const adapters::Adapter& adapter,
                          const model::Project& project, bool up,
                          std::optional<std::string> target = std::nullopt) {
  engine::MigrateRequest request{up ? engine::Plan::Direction::up : engine::Plan::Direction::down,
                                 std::move(target),
                                 false,
                                 {}};
  return engine::migrate(conn, adapter, project, request);
}

std::vector<std::string> user_tables(db::Connection& conn) {
  std::vector<std::string> out;
  for (const auto& table : conn.introspect().tables) out.push_back(table.name);
  return out;
}

// Runs `source` and the Flyway project written from it on two SQLite files: same schema (version
// tables aside); then the written project's U files take its database back to no user table.
void converts_and_reverts(const adapters::Adapter& source_adapter, const fs::path& source_root,
                          const std::vector<std::string>& version_tables) {
  test::TempDir dir;
  const model::Project source = source_adapter.load(source_root, {});
  const auto& flyway = flyway::flyway_adapter();
  flyway.write(source, model::Dialect::sqlite, dir.path() / "out");
  const model::Project written = flyway.load(dir.path() / "out", {});
  CHECK_FALSE(model::has_errors(written.all_diagnostics()));
  CHECK(written.history.size() == source.history.size());

  auto original = sqlite(dir.path() / "source.db");
  REQUIRE_FALSE(run(*original, source_adapter, source, true).run.failure);
  auto converted = sqlite(dir.path() / "converted.db");
  REQUIRE_FALSE(run(*converted, flyway, written, true).run.failure);

  auto without = [](db::SchemaSnapshot snapshot, const std::vector<std::string>& tables) {
    std::erase_if(snapshot.tables, [&](const db::TableInfo& t) {
      return std::find(tables.begin(), tables.end(), t.name) != tables.end();
    });
    return snapshot;
  };
  auto differences = schema::compare(
      schema::from_snapshot(without(original->introspect(), version_tables),
                            model::Dialect::sqlite),
      schema::from_snapshot(without(converted->introspect(), {"flyway_schema_history"}),
                            model::Dialect::sqlite));
  INFO(differences.size() << " differences, the first: "
                          << (differences.empty() ? "" : differences.front()));
  CHECK(differences.empty());

  auto back = run(*converted, flyway, written, false, "base");
  REQUIRE_FALSE(back.run.failure);
  CHECK(user_tables(*converted) == std::vector<std::string>{"flyway_schema_history"});
}

}  // namespace

TEST_CASE("flyway writer: a Flyway project reads back with the same versions and checksums",
          "[flyway]") {
  test::TempDir dir;
  const auto& flyway = flyway::flyway_adapter();
  const model::Project source = flyway.load(test::source_path("fixtures/flyway/features"), {});
  auto files = flyway.write(source, model::Dialect::sqlite, dir.path() / "out");
  const model::Project written = flyway.load(dir.path() / "out", {});
  REQUIRE(written.history.size() == source.history.size());
  for (const auto& migration : source.history.migrations()) {
    const model::Migration* copy = written.history.find(migration.key);
    REQUIRE(copy);
    CHECK(copy->description == migration.description);
    CHECK(copy->down.has_value() == (migration.kind != model::MigrationKind::repeatable));
    if (migration.kind == model::MigrationKind::versioned && migration.key != "2")
      CHECK(copy->checksum == migration.checksum);
  }
  // The sidecar of the non-transactional seed, and a generated undo where the source has none.
  CHECK(read(dir.path() / "out/sql/V3__seed.sql.conf") == "executeInTransaction=false\n");
  CHECK(read(dir.path() / "out/sql/U1__create_users.sql").find("DROP TABLE \"users\";") !=
        std::string::npos);
  CHECK(read(dir.path() / "out/sql/U1.1__add_email.sql") ==
        "ALTER TABLE users DROP COLUMN email;\n");
  // The seed's rows cannot be known to undo: its U file stops Flyway and says why.
  const std::string seed_undo = read(dir.path() / "out/sql/U3__seed.sql");
  CHECK(seed_undo.find("PM320") != std::string::npos);
  CHECK(seed_undo.find("SELECT polymigrate_cannot_run_this_step(") != std::string::npos);
  CHECK_THROWS_AS(flyway.write(source, model::Dialect::sqlite, dir.path() / "out"),
                  std::invalid_argument);
}

TEST_CASE("flyway writer: Alembic's ops become SQL that builds the same schema and reverts",
          "[flyway]") {
  converts_and_reverts(alembic::alembic_adapter(), test::source_path("fixtures/alembic/basic"),
                       {"alembic_version"});
}

TEST_CASE("flyway writer: Prisma's SQL gets generated undo files", "[flyway]") {
  converts_and_reverts(prisma::prisma_adapter(), test::source_path("fixtures/prisma/basic"),
                       {"_prisma_migrations"});
}

TEST_CASE("flyway writer: untranslated code stops Flyway where it was", "[flyway]") {
  model::Migration m;
  m.key = "abc";
  m.description = "backfill / names";
  m.source.file = "versions/abc_backfill.py";
  m.up.push_back(model::OpaqueStep{
      "python", "for row in rows:\n    op.execute(row)", {m.source.file, 7, 8}, "a loop"});
  model::Project project;
  project.framework = "alembic";
  project.history = model::History({m});
  auto files = flyway::flyway_project_files(project, model::Dialect::sqlite);
  REQUIRE(files.size() == 3);
  CHECK(files[1].path == fs::path("sql/V1__backfill_names.sql"));
  CHECK(files[1].content ==
        "-- polymigrate: python code it could not translate (a loop), from "
        "versions/abc_backfill.py:7:\n"
        "-- for row in rows:\n--     op.execute(row)\n"
        "SELECT polymigrate_cannot_run_this_step('untranslated python code from "
        "versions/abc_backfill.py:7: "
        "translate it by hand');\n");
  test::TempDir dir;
  auto conn = sqlite(dir.path() / "x.db");
  CHECK_THROWS_WITH(conn->exec_script(files[1].content),
                    Catch::Contains("polymigrate_cannot_run_this_step"));
}

TEST_CASE("project files are written inside the output folder only", "[flyway]") {
  test::TempDir dir;
  CHECK_THROWS_AS(adapters::write_project_files(dir.path(), {{"../escape.sql", "x"}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(adapters::write_project_files(dir.path(), {{"/tmp/abs.sql", "x"}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(adapters::write_project_files(dir.path(), {{"a/../../b.sql", "x"}}),
                  std::invalid_argument);
  CHECK_FALSE(fs::exists(dir.path().parent_path() / "escape.sql"));
  adapters::write_project_files(dir.path(), {{"a/b.sql", "x"}});
  CHECK(read(dir.path() / "a/b.sql") == "x");
  CHECK(flyway::file_description("add ../../etc/passwd") == "add_etcpasswd");
}
