// flyway_schema_history exactly as Flyway creates, writes and reads it (PostgreSQLDatabase /
// SQLiteDatabase getRawCreateScript, Database insert/select statements, JdbcTableSchemaHistory).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "adapters/adapter.hpp"

namespace pm::flyway {

struct HistoryTableSettings {
  std::string table = "flyway_schema_history";
  // PostgreSQL: defaultSchema / first of schemas, else the connection's current schema.
  // SQLite: always "main" (Flyway's SQLite schema).
  std::string schema;
  std::optional<std::string> installed_by;  // installedBy; else the connection's current user
  int lock_retry_count = 50;                // lockRetryCount: seconds waited for the lock
  // migrate on a non-empty schema without the table: baselineOnMigrate writes the baseline row
  // (baselineVersion, baselineDescription); otherwise Flyway refuses to run.
  bool baseline_on_migrate = false;
  std::string baseline_version = "1";
  std::string baseline_description = "<< Flyway Baseline >>";
  // baselineMigrationPrefix: an applied B file's row is keyed "B2" as its migration is, not "2"
  // (the V file of that version).
  std::string baseline_migration_prefix = "B";
};

// A Flyway command refused, in Flyway's words (FlywayException).
class FlywayError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The exact DDL strings. `schema` and `table` are unquoted names.
std::string postgresql_create_script(const std::string& schema, const std::string& table);
std::string sqlite_create_script(const std::string& schema, const std::string& table);

// 0x466C79776179 ("Flyway") + String.hashCode of "\"schema\".\"table\""
// (PostgreSQLAdvisoryLockTemplate, PostgreSQLConnection.lock).
std::int64_t postgresql_lock_key(const std::string& schema, const std::string& table);

// AbbreviationUtils: description > 200 chars -> first 197 + "..."; script > 1000 chars ->
// "..." + chars 3..999. Counted in UTF-16 units, as Java counts.
std::string abbreviate_description(const std::string& description);
std::string abbreviate_script(const std::string& script);

// One row as Database.getInsertStatement writes it; installed_on is left to the column default.
struct HistoryRow {
  std::optional<std::string> version;
  std::string description;
  std::string type;  // SQL, BASELINE, DELETE, UNDO_SQL
  std::string script;
  std::optional<std::int64_t> checksum;
  std::int64_t execution_ms = 0;
  bool success = true;
};

// flyway_schema_history on one connection. Row life cycle:
//  - after_apply: INSERT with installed_rank = MAX(installed_rank) + 1 (1 on an empty table),
//    read inside the migration's transaction, so the rank is the one Flyway would give;
//  - after_failure, when not rolled back: the same row with success = false (Flyway does this
//    where DDL is not transactional; the failed row then blocks migrate until repair);
//  - after_revert: an UNDO_SQL row for the version, as Flyway Teams' undo writes (the versioned
//    row stays; the newest row of a version decides its state).
// Locking: PostgreSQL session advisory lock with Flyway's key (Flyway takes the transaction-level
// lock on the same key by default; the two exclude each other). SQLite: no lock — Flyway has
// none either ("SQLite does not support locking"), so lock() and unlock() do nothing.
class FlywayHistoryTable : public adapters::VersionTable {
 public:
  FlywayHistoryTable(HistoryTableSettings settings, model::Dialect dialect);

  std::string name() const override;
  bool exists(db::Connection& conn) override;
  // Flyway.migrate: creates the table when missing; on a non-empty schema only with
  // baselineOnMigrate (then with the baseline row), else FlywayError.
  void ensure(db::Connection& conn) override;
  void create_for_adopt(db::Connection& conn) override {
    if (!exists(conn)) create(conn);
  }
  std::vector<model::Applied> read(db::Connection& conn) override;
  void lock(db::Connection& conn) override;
  void unlock(db::Connection& conn) override;
  void after_apply(db::Connection& conn, const model::Migration& migration,
                   const adapters::ApplyOutcome& outcome) override;
  void after_failure(db::Connection& conn, const model::Migration& migration,
                     const adapters::ApplyOutcome& outcome, bool rolled_back) override;
  void after_revert(db::Connection& conn, const model::Migration& migration) override;

  // The table's DDL alone (SchemaHistory.create), and the baseline row (getBaselineStatement,
  // with bound values: installed_rank 1, type BASELINE, no checksum, execution_time 0).
  void create(db::Connection& conn);
  void insert_baseline(db::Connection& conn);
  // Flyway's schema.empty() for the table's schema: no table, view, sequence, type or function
  // of its own (PostgreSQLSchema.doEmpty, SQLiteSchema.doEmpty).
  bool schema_empty(db::Connection& conn);

  // Repair's statements: Database.getDeleteStatement (failed rows of a version or repeatable
  // description), getUpdateStatement (description, type, checksum of one rank), and a DELETE
  // row (JdbcTableSchemaHistory.delete).
  void delete_failed(db::Connection& conn, const model::Applied& row);
  void update(db::Connection& conn, std::int64_t installed_rank, const std::string& description,
              const std::string& type, const std::optional<std::int64_t>& checksum);
  void insert(db::Connection& conn, const HistoryRow& row);

  const HistoryTableSettings& settings() const { return settings_; }
  const std::string& schema(db::Connection& conn);

 private:
  std::string qualified(db::Connection& conn);

  HistoryTableSettings settings_;
  model::Dialect dialect_;
  std::optional<std::int64_t> locked_key_;
  // The rank this object last inserted: a dry run records its inserts without running them, so
  // the table's MAX does not see them, and each later row must still get the next rank.
  std::int64_t last_inserted_rank_ = 0;
  bool created_ = false;  // this object created the table: every row in it is one it inserted
};

std::unique_ptr<adapters::VersionTable> make_history_table(HistoryTableSettings settings,
                                                           model::Dialect dialect);

// The settings a project's config gives (table, schema, installedBy, lockRetryCount, baseline*).
HistoryTableSettings history_table_settings(const model::ProjectConfig& config);

}  // namespace pm::flyway
