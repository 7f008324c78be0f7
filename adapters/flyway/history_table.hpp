// flyway_schema_history exactly as Flyway creates, writes and reads it (PostgreSQLDatabase /
// SQLiteDatabase getRawCreateScript, Database insert/select statements, JdbcTableSchemaHistory).
#pragma once

#include <cstdint>
#include <optional>
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

// Row life cycle:
//  - after_apply: INSERT with installed_rank = MAX(installed_rank) + 1 (1 on an empty table),
//    read inside the migration's transaction, so the rank is the one Flyway would give;
//  - after_failure, when not rolled back: the same row with success = false (Flyway does this
//    where DDL is not transactional; the failed row then blocks migrate until repair);
//  - after_revert: an UNDO_SQL row for the version, as Flyway Teams' undo writes (the versioned
//    row stays; the newest row of a version decides its state).
// Locking: PostgreSQL session advisory lock with Flyway's key (Flyway takes the transaction-level
// lock on the same key by default; the two exclude each other). SQLite: no lock — Flyway has
// none either ("SQLite does not support locking"), so lock() and unlock() do nothing.
std::unique_ptr<adapters::VersionTable> make_history_table(HistoryTableSettings settings,
                                                           model::Dialect dialect);

}  // namespace pm::flyway
