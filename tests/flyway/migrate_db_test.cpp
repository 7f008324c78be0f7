// Flyway projects run on real databases: the rows flyway_schema_history holds after migrate,
// undo, a failure, outOfOrder, target, baselineOnMigrate, repair and baseline, compared column by
// column with the rows Flyway's own source says it writes (time, user and execution time aside).
// SQLite always; PostgreSQL on the throwaway server ([postgres]).
#include <catch2/catch.hpp>
#include <fstream>

#include "adapters/flyway/flyway_adapter.hpp"
#include "adapters/flyway/history_table.hpp"
#include "adapters/flyway/repair.hpp"
#include "db/connection.hpp"
#include "engine/migrate.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

fs::path fixture(const char* name) {
  return fs::path(POLYMIGRATE_SOURCE_DIR) / "fixtures" / "flyway" / name;
}

// A row as Flyway writes it, without the columns that vary from run to run.
struct Row {
  int rank;
  std::optional<std::string> version;
  std::string description;
  std::string type;
  std::string script;
  std::optional<std::int64_t> checksum;
  bool success;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& r) {
  return out << "{" << r.rank << ", " << r.version.value_or("null") << ", " << r.description << ", "
             << r.type << ", " << r.script << ", "
             << (r.checksum ? std::to_string(*r.checksum) : std::string("null")) << ", "
             << r.success << "}";
}

std::vector<Row> rows_of(db::Connection& conn, const model::Project& project) {
  std::vector<Row> out;
  auto table = flyway::flyway_adapter().version_table(project, conn.dialect());
  for (const auto& a : table->read(conn))
    out.push_back({std::stoi(a.extras.at("installed_rank")), a.version, a.description,
                   a.extras.at("type"), a.extras.at("script"),
                   a.checksum ? std::optional<std::int64_t>(a.checksum->number) : std::nullopt,
                   a.success});
  return out;
}

engine::MigrateResult migrate(db::Connection& conn, const model::Project& project, bool up = true,
                              std::optional<std::string> target = std::nullopt) {
  engine::MigrateRequest request{
      up ? engine::Plan::Direction::up : engine::Plan::Direction::down, target, false, {}};
  return engine::migrate(conn, flyway::flyway_adapter(), project, request);
}

std::vector<std::string> native_states(db::Connection& conn, const model::Project& project) {
  auto status = engine::read_status(conn, flyway::flyway_adapter(), project);
  REQUIRE(status.native);
  std::vector<std::string> out;
  for (const auto& row : status.native->rows) out.push_back(row[1] + " " + row[2] + ": " + row[5]);
  return out;
}

model::Project load(const fs::path& root, std::map<std::string, std::string> settings = {},
                    model::Dialect dialect = model::Dialect::sqlite) {
  adapters::LoadOptions options;
  options.dialect = dialect;  // as the CLI reads a project for the database --db names
  model::Project project = flyway::flyway_adapter().load(root, options);
  for (auto& [key, value] : settings) project.config.settings[key] = value;
  return project;
}

// The schema a project's files build up to version `last`, made by hand: a database that
// Flyway never saw, as a team adopting Flyway has.
void build_by_hand(db::Connection& conn, const model::Project& project, const std::string& last) {
  for (const auto& m : project.history.migrations()) {
    if (!m.version) continue;
    for (const auto& step : m.up)
      if (const auto* sql = std::get_if<model::SqlStep>(&step)) conn.exec_script(sql->text);
    if (m.key == last) break;
  }
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// The features fixture: migrate, undo the newest versioned migration, migrate again.
void features_round_trip(db::Connection& conn) {
  const auto project = load(fixture("features"), {}, conn.dialect());
  auto result = migrate(conn, project);
  REQUIRE_FALSE(result.run.failure);
  // Checksums: CRC32 of each line's UTF-8 bytes without terminators, BOM dropped (computed
  // independently with Python's zlib for these files); the repeatable's after ${owner} replacement.
  const std::vector<Row> applied = {
      {1, "1", "create users", "SQL", "V1__create_users.sql", 1781645818, true},
      {2, "1.1", "add email", "SQL", "V1_1__add_email.sql", -504985890, true},
      {3, "1.9", "orders", "SQL", "V1.9__orders.sql", 1754954065, true},
      {4, "1.10", "order items", "SQL", "V1.10__order_items.sql", -1197102318, true},
      {5, "2", "notes with bom and crlf", "SQL", "V2__notes_with_bom_and_crlf.sql", 216235273,
       true},
      {6, "3", "seed", "SQL", "V3__seed.sql", -799362680, true},
      {7, std::nullopt, "user orders", "SQL", "R__user_orders.sql", 1900160932, true},
  };
  CHECK(rows_of(conn, project) == applied);
  CHECK(conn.query("SELECT body FROM notes").rows.size() == 1);
  CHECK(migrate(conn, project).plan.migrations.empty());

  // Undo reverts the newest versioned migration, which has no undo file here: nothing runs.
  CHECK_THROWS_WITH(migrate(conn, project, false),
                    Catch::Contains("'3'") && Catch::Contains("no down script"));
  CHECK(rows_of(conn, project) == applied);
}

}  // namespace

TEST_CASE("flyway migrate: the features fixture's rows on SQLite", "[flyway]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "f.db").string()));
  features_round_trip(*conn);
}

TEST_CASE("flyway migrate: the features fixture's rows on PostgreSQL", "[flyway][postgres]") {
  auto conn = db::open_connection(db::parse_database_url(test::postgres_url()));
  features_round_trip(*conn);
}

TEST_CASE("flyway undo writes UNDO_SQL rows and the version is pending again", "[flyway]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "u.db").string()));
  const auto project = load(fixture("features"));
  REQUIRE_FALSE(migrate(*conn, project, true, "1.10").run.failure);
  auto undo = migrate(*conn, project, false);
  REQUIRE(undo.run.completed.size() == 1);
  CHECK(undo.run.completed[0].migration->key == "1.10");
  auto rows = rows_of(*conn, project);
  REQUIRE(rows.size() == 5);
  CHECK(rows[4] ==
        Row{5, "1.10", "order items", "UNDO_SQL", "U1.10__order_items.sql", -1214450066, true});
  CHECK(native_states(*conn, project) ==
        std::vector<std::string>{"1 create users: Success", "1.1 add email: Success",
                                 "1.9 orders: Success", "1.10 order items: Undone",
                                 "1.10 order items: Pending", "2 notes with bom and crlf: Pending",
                                 "3 seed: Pending", " user orders: Pending"});
  auto again = migrate(*conn, project, true, "1.10");
  REQUIRE(again.run.completed.size() == 1);
  CHECK(rows_of(*conn, project).back() ==
        Row{6, "1.10", "order items", "SQL", "V1.10__order_items.sql", -1197102318, true});
}

TEST_CASE("flyway migrate: a failing migration writes no row and leaves nothing behind",
          "[flyway]") {
  test::TempDir dir;
  fs::copy(fixture("features"), dir.path() / "p", fs::copy_options::recursive);
  write(dir.path() / "p" / "sql" / "V5__broken.sql",
        "CREATE TABLE half (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "x.db").string()));
  const auto project = load(dir.path() / "p");
  auto result = migrate(*conn, project);
  REQUIRE(result.run.failure);
  CHECK(result.run.failure->migration->key == "5");
  CHECK(result.run.failure->file == "sql/V5__broken.sql");
  CHECK(result.run.failure->line == 2);
  CHECK(result.run.failure->rolled_back);
  CHECK_FALSE(conn->table_exists("main", "half"));
  CHECK(rows_of(*conn, project).size() ==
        6);  // 1 .. 3; 5 failed and rolled back; R after it not run
  // The next run starts from the same place and fails the same way.
  CHECK(migrate(*conn, project).run.failure->migration->key == "5");
  CHECK(rows_of(*conn, project).size() == 6);
}

TEST_CASE("flyway migrate: outOfOrder, ignored versions and target", "[flyway]") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "p" / "sql");
  write(dir.path() / "p" / "flyway.conf", "flyway.locations=filesystem:sql\n");
  write(dir.path() / "p" / "sql" / "V1__one.sql", "CREATE TABLE one (id INTEGER);\n");
  write(dir.path() / "p" / "sql" / "V3__three.sql", "CREATE TABLE three (id INTEGER);\n");
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "o.db").string()));
  REQUIRE(migrate(*conn, load(dir.path() / "p")).run.completed.size() == 2);

  write(dir.path() / "p" / "sql" / "V2__two.sql", "CREATE TABLE two (id INTEGER);\n");
  write(dir.path() / "p" / "sql" / "V4__four.sql", "CREATE TABLE four (id INTEGER);\n");
  // validateOnMigrate: a version below the current one is an error unless outOfOrder.
  try {
    migrate(*conn, load(dir.path() / "p"));
    FAIL("migrate ran past an ignored migration");
  } catch (const engine::RefusedError& e) {
    REQUIRE(e.findings().size() == 1);
    CHECK(e.findings()[0].code == "PM204");
    CHECK(e.findings()[0].file == "sql/V2__two.sql");
    CHECK(e.findings()[0].message.rfind("Detected resolved migration not applied to database: 2.",
                                        0) == 0);
  }
  // Without validation, migrate leaves 2 alone (Ignored) and applies 4.
  const auto lenient_project =
      load(dir.path() / "p", {{"validateOnMigrate", "false"}});  // the result points into it
  auto lenient = migrate(*conn, lenient_project);
  REQUIRE(lenient.run.completed.size() == 1);
  CHECK(lenient.run.completed[0].migration->key == "4");
  CHECK(native_states(*conn, load(dir.path() / "p")) ==
        std::vector<std::string>{"1 one: Success", "3 three: Success", "4 four: Success",
                                 "2 two: Ignored"});

  const auto out_of_order_project =
      load(dir.path() / "p", {{"outOfOrder", "true"}});  // the result points into it
  auto out_of_order = migrate(*conn, out_of_order_project);
  REQUIRE(out_of_order.run.completed.size() == 1);
  CHECK(native_states(*conn, load(dir.path() / "p")) ==
        std::vector<std::string>{"1 one: Success", "3 three: Success", "4 four: Success",
                                 "2 two: Out of Order"});

  write(dir.path() / "p" / "sql" / "V5__five.sql", "CREATE TABLE five (id INTEGER);\n");
  write(dir.path() / "p" / "sql" / "V6__six.sql", "CREATE TABLE six (id INTEGER);\n");
  const auto targeted_project =
      load(dir.path() / "p", {{"target", "5"}});  // the result points into it
  auto targeted = migrate(*conn, targeted_project);
  REQUIRE(targeted.run.completed.size() == 1);
  CHECK(targeted.run.completed[0].migration->key == "5");
  CHECK(native_states(*conn, load(dir.path() / "p", {{"target", "5"}})).back() ==
        "6 six: Above Target");
}

TEST_CASE("flyway migrate: a non-empty schema needs baselineOnMigrate", "[flyway]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "b.db").string()));
  build_by_hand(*conn, load(fixture("features")), "1.9");
  CHECK_THROWS_WITH(
      migrate(*conn, load(fixture("features"))),
      "Found non-empty schema(s) \"main\" but no schema history table. Use baseline() or set "
      "baselineOnMigrate to true to initialize the schema history table.");
  CHECK_FALSE(conn->table_exists("main", "flyway_schema_history"));

  const auto project =
      load(fixture("features"), {{"baselineOnMigrate", "true"}, {"baselineVersion", "1.9"}});
  auto result = migrate(*conn, project);
  REQUIRE_FALSE(result.run.failure);
  auto rows = rows_of(*conn, project);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == Row{1, "1.9", "<< Flyway Baseline >>", "BASELINE", "<< Flyway Baseline >>",
                       std::nullopt, true});
  CHECK(rows[1].version == "1.10");
  CHECK(native_states(*conn, project)[0] == "1 create users: Below Baseline");
  CHECK(native_states(*conn, project)[2] == "1.9 orders: Ignored (Baseline)");
  CHECK(native_states(*conn, project)[3] == "1.9 << Flyway Baseline >>: Baseline");
}

TEST_CASE("flyway baseline: creates the marker once, refuses another", "[flyway]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "c.db").string()));
  const auto project =
      load(fixture("features"), {{"baselineVersion", "2"}, {"baselineDescription", "legacy"}});
  build_by_hand(*conn, project, "2");
  CHECK(flyway::baseline(*conn, project) == "2");
  CHECK(flyway::baseline(*conn, project) == "2");  // the same baseline again: skipped
  CHECK(rows_of(*conn, project) ==
        std::vector<Row>{{1, "2", "legacy", "BASELINE", "legacy", std::nullopt, true}});
  CHECK_THROWS_WITH(
      flyway::baseline(*conn, load(fixture("features"), {{"baselineVersion", "3"}})),
      Catch::StartsWith(
          "Unable to baseline schema history table \"main\".\"flyway_schema_history\" "
          "with (3,<< Flyway Baseline >>) as it has already been baselined with (2,legacy)"));
  REQUIRE_FALSE(migrate(*conn, project).run.failure);
  CHECK(rows_of(*conn, project).size() == 3);  // baseline, 3, the repeatable

  test::TempDir other;
  auto migrated =
      db::open_connection(db::parse_database_url("sqlite:" + (other.path() / "m.db").string()));
  REQUIRE_FALSE(migrate(*migrated, load(fixture("features"))).run.failure);
  CHECK_THROWS_WITH(flyway::baseline(*migrated, load(fixture("features"))),
                    Catch::EndsWith("as it already contains migrations"));
}

TEST_CASE("flyway repair: removes failed rows, marks missing ones deleted, realigns checksums",
          "[flyway]") {
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "r.db").string()));
  const auto project = load(fixture("features"));
  REQUIRE_FALSE(migrate(*conn, project, true, "1.9").run.failure);
  flyway::FlywayHistoryTable table(flyway::history_table_settings(project.config), conn->dialect());
  table.insert(*conn, {"0.5", "gone", "SQL", "V0_5__gone.sql", 5, 3, true});  // file deleted since
  table.insert(*conn,
               {"1.10", "order items", "SQL", "V1.10__order_items.sql", -1197102318, 9, false});
  table.insert(*conn, {"7", "future", "SQL", "V7__future.sql", 7, 1, true});  // from a newer branch
  conn->exec("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");

  auto result = flyway::repair(*conn, project);
  CHECK(result.removed == std::vector<std::string>{"1.10 (order items)"});
  CHECK(result.deleted ==
        std::vector<std::string>{"0.5 (gone)"});  // 7 is Future: *:future keeps it
  CHECK(result.aligned == std::vector<std::string>{"1 (create users)"});
  auto rows = rows_of(*conn, project);
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].checksum == 1781645818);
  CHECK(rows[5] == Row{7, "0.5", "gone", "DELETE", "V0_5__gone.sql", 5, true});
  auto states = native_states(*conn, project);
  CHECK(states[3] == "0.5 gone: Deleted");
  CHECK(states[4] == "7 future: Future");
}

TEST_CASE("flyway status reads rows as real Flyway wrote them", "[flyway]") {
  // Values as a Flyway 10 CLI run leaves them in SQLite (installed_by '' and SQLite's own
  // timestamp text), including a schema marker, a superseded repeatable run and a DELETE.
  test::TempDir dir;
  auto conn =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "real.db").string()));
  const auto project = load(fixture("features"));
  build_by_hand(*conn, project, "1.9");
  flyway::FlywayHistoryTable table(flyway::history_table_settings(project.config), conn->dialect());
  table.create(*conn);
  const char* insert =
      "INSERT INTO \"main\".\"flyway_schema_history\" (\"installed_rank\", \"version\", "
      "\"description\", "
      "\"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", "
      "\"success\") "
      "VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9)";
  auto add = [&](std::int64_t rank, db::Value version, std::string description, std::string type,
                 std::string script, db::Value checksum, std::string at, std::int64_t ms,
                 bool success) {
    conn->exec(insert, {rank, version, description, type, script, checksum, at, ms, success});
  };
  add(1, std::string("0"), "<< Flyway Schema Creation >>", "SCHEMA", "\"main\"", db::Null{},
      "2024-05-02 09:12:01.020", 0, true);
  add(2, std::string("1"), "create users", "SQL", "V1__create_users.sql", std::int64_t{1781645818},
      "2024-05-02 09:12:01.101", 3, true);
  add(3, std::string("1.1"), "add email", "SQL", "V1_1__add_email.sql", std::int64_t{-504985890},
      "2024-05-02 09:12:01.130", 1, true);
  add(4, db::Null{}, "user orders", "SQL", "R__user_orders.sql", std::int64_t{-1693745648},
      "2024-05-02 09:12:01.150", 2, true);
  add(5, std::string("1.5"), "hotfix", "SQL", "V1_5__hotfix.sql", std::int64_t{77},
      "2024-05-03 11:00:00.000", 1, true);
  add(6, std::string("1.5"), "hotfix", "DELETE", "V1_5__hotfix.sql", std::int64_t{77},
      "2024-05-04 11:00:00.000", 0, true);
  add(7, std::string("1.9"), "orders", "SQL", "V1.9__orders.sql", std::int64_t{1754954065},
      "2024-05-05 08:00:00.000", 4, true);

  CHECK(native_states(*conn, project) ==
        std::vector<std::string>{"0 << Flyway Schema Creation >>: Success",
                                 "1 create users: Success", "1.1 add email: Success",
                                 // The raw-text checksum of a file with placeholders still matches.
                                 " user orders: Success", "1.5 hotfix: Deleted",
                                 "1.9 orders: Success", "1.10 order items: Pending",
                                 "2 notes with bom and crlf: Pending", "3 seed: Pending"});
  auto status = engine::read_status(*conn, flyway::flyway_adapter(), project);
  CHECK(status.count(engine::MigrationState::applied) == 4);
  CHECK(status.count(engine::MigrationState::pending) == 3);
  CHECK(status.count(engine::MigrationState::missing) == 0);  // 1.5 was deleted by repair
  CHECK(flyway::flyway_adapter()
            .database_findings(project, status.rows, engine::status_findings(status))
            .size() == 3);  // the three pending ones: `flyway validate` fails on pending migrations
  auto run = migrate(*conn, project);
  CHECK(run.run.completed.size() == 3);
}

TEST_CASE("flyway migrate: CREATE INDEX CONCURRENTLY runs outside a transaction on PostgreSQL",
          "[flyway][postgres]") {
  auto conn = db::open_connection(db::parse_database_url(test::postgres_url()));
  const auto project = load(fixture("postgresql"), {}, model::Dialect::postgresql);
  CHECK_FALSE(project.history.find("1")->up.empty());
  const auto& concurrent = project.history.find("2")->up;
  REQUIRE(concurrent.size() == 1);
  CHECK(std::get<model::SqlStep>(concurrent[0]).no_transaction);
  REQUIRE_FALSE(migrate(*conn, project).run.failure);
  CHECK(
      rows_of(*conn, project) ==
      std::vector<Row>{
          {1, "1", "accounts", "SQL", "V1__accounts.sql", 1571296472, true},
          {2, "2", "accounts email index", "SQL", "V2__accounts_email_index.sql", 1807462111, true},
          {3, "3", "touch function", "SQL", "V3__touch_function.sql", -63464497, true}});
  CHECK(
      conn->query("SELECT 1 FROM pg_indexes WHERE indexname = 'accounts_email_idx'").rows.size() ==
      1);
  CHECK(native_states(*conn, project) == std::vector<std::string>{"1 accounts: Success",
                                                                  "2 accounts email index: Success",
                                                                  "3 touch function: Success"});
}

TEST_CASE("flyway migrate: a failure outside a transaction leaves a failed row until repair",
          "[flyway][postgres]") {
  test::TempDir dir;
  fs::copy(fixture("postgresql"), dir.path() / "p", fs::copy_options::recursive);
  write(dir.path() / "p" / "sql" / "V4__bad_index.sql",
        "CREATE INDEX CONCURRENTLY bad_idx ON nowhere (x);\n");
  auto conn = db::open_connection(db::parse_database_url(test::postgres_url()));
  const auto project = load(dir.path() / "p", {}, model::Dialect::postgresql);
  auto result = migrate(*conn, project);
  REQUIRE(result.run.failure);
  CHECK_FALSE(result.run.failure->rolled_back);
  CHECK(result.run.failure->message.find("nowhere") != std::string::npos);
  auto rows = rows_of(*conn, project);
  REQUIRE(rows.size() == 4);
  CHECK(rows[3] == Row{4, "4", "bad index", "SQL", "V4__bad_index.sql", rows[3].checksum, false});
  try {
    migrate(*conn, project);
    FAIL("migrate ran past a failed migration");
  } catch (const engine::RefusedError& e) {
    REQUIRE(e.findings().size() == 1);
    CHECK(e.findings()[0].message ==
          "Detected failed migration to version 4 (bad index).\nPlease remove any half-completed "
          "changes "
          "then run repair to fix the schema history.");
  }
  CHECK(flyway::repair(*conn, project).removed == std::vector<std::string>{"4 (bad index)"});
  CHECK(rows_of(*conn, project).size() == 3);
}

TEST_CASE("flyway migrate: a B file stands for the versions up to it on a new database only",
          "[flyway]") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "p" / "sql");
  write(dir.path() / "p" / "flyway.conf", "flyway.locations=filesystem:sql\n");
  write(dir.path() / "p" / "sql" / "V1__a.sql", "CREATE TABLE a (id INTEGER);\n");
  write(dir.path() / "p" / "sql" / "V2__b.sql", "CREATE TABLE b (id INTEGER);\n");
  write(dir.path() / "p" / "sql" / "B2__everything_so_far.sql",
        "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n");
  write(dir.path() / "p" / "sql" / "V3__c.sql", "CREATE TABLE c (id INTEGER);\n");
  const auto project = load(dir.path() / "p");
  REQUIRE(project.history.find("B2"));
  CHECK(project.history.find("B2")->kind == model::MigrationKind::baseline);

  // A new database: the baseline migration, then what comes after it.
  auto fresh =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "new.db").string()));
  auto result = migrate(*fresh, project);
  REQUIRE(result.run.completed.size() == 2);
  CHECK(result.run.completed[0].migration->key == "B2");
  auto rows = rows_of(*fresh, project);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Row{1, "2", "everything so far", "SQL_BASELINE", "B2__everything_so_far.sql",
                       rows[0].checksum, true});
  CHECK(rows[1].version == "3");
  CHECK(native_states(*fresh, project) ==
        std::vector<std::string>{"1 a: Below Baseline", "2 b: Ignored (Baseline)",
                                 "2 everything so far: Baseline", "3 c: Success"});
  CHECK(engine::read_status(*fresh, flyway::flyway_adapter(), project).up_to_date());

  // A database migrated before the B file existed: the B file is ignored, the versions run.
  auto started =
      db::open_connection(db::parse_database_url("sqlite:" + (dir.path() / "old.db").string()));
  started->exec_script("CREATE TABLE a (id INTEGER)");
  flyway::FlywayHistoryTable table(flyway::history_table_settings(project.config),
                                   started->dialect());
  table.create(*started);
  table.insert(*started, {"1", "a", "SQL", "V1__a.sql", project.history.find("1")->checksum->number,
                          1, true});
  auto later = migrate(*started, project);
  REQUIRE(later.run.completed.size() == 2);
  CHECK(later.run.completed[0].migration->key == "2");
  CHECK(native_states(*started, project).back() == "2 everything so far: Ignored");
  CHECK(engine::read_status(*started, flyway::flyway_adapter(), project)
            .count(engine::MigrationState::pending) == 1);
}
