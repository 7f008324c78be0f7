// flyway_schema_history on real databases: create, insert, read back, lock; SQLite always,
// PostgreSQL on the throwaway test server ([postgres]).
#include <catch2/catch.hpp>

#include "adapters/flyway/flyway_adapter.hpp"
#include "db/connection.hpp"
#include "support/postgres_server.hpp"

using namespace pm;

namespace {

std::filesystem::path fixture(const char* name) {
  return std::filesystem::path(POLYMIGRATE_SOURCE_DIR) / "fixtures" / "flyway" / name;
}

const model::Migration& migration(const model::Project& project, const char* key) {
  const model::Migration* m = project.history.find(key);
  REQUIRE(m);
  return *m;
}

void round_trip(db::Connection& conn, model::Dialect dialect, const std::string& expected_user) {
  const auto& adapter = flyway::flyway_adapter();
  model::Project project = adapter.load(fixture("basic"), {});
  project.config.settings.erase("installedBy");
  auto table = adapter.version_table(project, dialect);
  CHECK_FALSE(table->exists(conn));
  CHECK(table->read(conn).empty());
  table->ensure(conn);
  CHECK(table->exists(conn));
  table->ensure(conn);  // a second time does nothing

  table->lock(conn);
  table->after_apply(conn, migration(project, "1"), {12, {}});
  table->after_apply(conn, migration(project, "1.1"), {3, {}});
  table->after_failure(conn, migration(project, "2"), {5, "boom"}, /*rolled_back=*/false);
  table->after_failure(conn, migration(project, "2"), {5, "boom"}, /*rolled_back=*/true);  // no row
  table->after_apply(conn, migration(project, "user view"), {1, {}});
  table->after_revert(conn, migration(project, "1.1"));
  table->unlock(conn);

  auto rows = table->read(conn);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].key == "1");
  CHECK(rows[0].version == "1");
  CHECK(rows[0].description == "create users");
  CHECK(rows[0].checksum == model::Checksum::of_number(1781645818));
  CHECK(rows[0].execution_ms == 12);
  CHECK(rows[0].success);
  CHECK_FALSE(rows[0].applied_at.empty());
  CHECK(rows[0].extras.at("installed_rank") == "1");
  CHECK(rows[0].extras.at("type") == "SQL");
  CHECK(rows[0].extras.at("script") == "V1__create_users.sql");
  CHECK(rows[0].extras.at("installed_by") == expected_user);
  CHECK(rows[2].key == "2");
  CHECK_FALSE(rows[2].success);
  CHECK(rows[3].key == "user view");
  CHECK_FALSE(rows[3].version);
  CHECK(rows[3].checksum == model::Checksum::of_number(-2102451772));
  CHECK(rows[4].extras.at("type") == "UNDO_SQL");
  CHECK(rows[4].extras.at("script") == "U1.1__add_email.sql");
  CHECK(rows[4].extras.at("installed_rank") == "5");

  auto applied = adapter.applied_keys(project.history, rows);
  CHECK(applied == std::unordered_set<std::string>{"1", "user view"});
}

}  // namespace

TEST_CASE("flyway history table: round trip on SQLite", "[flyway]") {
  auto conn = db::open_connection(db::parse_database_url("sqlite::memory:"));
  round_trip(*conn, model::Dialect::sqlite, "");
  // Flyway's SQLite booleans are 1/0 and installed_on is UTC text with milliseconds.
  auto result = conn->query(
      "SELECT \"success\", \"installed_on\" FROM \"main\".\"flyway_schema_history\" "
      "ORDER BY \"installed_rank\"");
  CHECK(db::as_int(result.rows[0][0]) == 1);
  CHECK(db::as_int(result.rows[2][0]) == 0);
  CHECK(db::as_text(result.rows[0][1])->size() == 23);
}

TEST_CASE("flyway history table: round trip and lock on PostgreSQL", "[flyway][postgres]") {
  auto url = db::parse_database_url(test::postgres_url());
  auto conn = db::open_connection(url);
  round_trip(*conn, model::Dialect::postgresql, conn->current_user());

  // The lock is Flyway's: another session cannot take the same advisory lock meanwhile.
  const auto& adapter = flyway::flyway_adapter();
  model::Project project = adapter.load(fixture("basic"), {});
  auto table = adapter.version_table(project, model::Dialect::postgresql);
  table->lock(*conn);
  auto other = db::open_connection(url);
  CHECK_FALSE(other->try_advisory_lock(77433833903597));
  table->unlock(*conn);
  CHECK(other->try_advisory_lock(77433833903597));
  other->advisory_unlock(77433833903597);
}
