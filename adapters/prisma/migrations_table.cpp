#include "adapters/prisma/migrations_table.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "adapters/prisma/prisma_time.hpp"
#include "adapters/prisma/user_facing_errors.hpp"
#include "adapters/prisma/uuid_v4.hpp"

namespace pm::prisma {

namespace {

// indoc! output of the engine's strings: common indentation removed, trailing newline kept.
constexpr std::string_view kPostgresDdl =
    "CREATE TABLE _prisma_migrations (\n"
    "    id                      VARCHAR(36) PRIMARY KEY NOT NULL,\n"
    "    checksum                VARCHAR(64) NOT NULL,\n"
    "    finished_at             TIMESTAMPTZ,\n"
    "    migration_name          VARCHAR(255) NOT NULL,\n"
    "    logs                    TEXT,\n"
    "    rolled_back_at          TIMESTAMPTZ,\n"
    "    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
    "    applied_steps_count     INTEGER NOT NULL DEFAULT 0\n"
    ");\n";

constexpr std::string_view kSqliteDdl =
    "CREATE TABLE \"_prisma_migrations\" (\n"
    "    \"id\"                    TEXT PRIMARY KEY NOT NULL,\n"
    "    \"checksum\"              TEXT NOT NULL,\n"
    "    \"finished_at\"           DATETIME,\n"
    "    \"migration_name\"        TEXT NOT NULL,\n"
    "    \"logs\"                  TEXT,\n"
    "    \"rolled_back_at\"        DATETIME,\n"
    "    \"started_at\"            DATETIME NOT NULL DEFAULT current_timestamp,\n"
    "    \"applied_steps_count\"   INTEGER UNSIGNED NOT NULL DEFAULT 0\n"
    ");\n";

// The engine's load_migrations_table. On PostgreSQL the times come back as epoch microseconds so
// that the session's TimeZone and DateStyle cannot change them.
constexpr std::string_view kSqliteSelect =
    "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, "
    "applied_steps_count "
    "FROM \"_prisma_migrations\" ORDER BY \"started_at\" ASC";
constexpr std::string_view kPostgresSelect =
    "SELECT id, checksum, (EXTRACT(EPOCH FROM finished_at) * 1000000)::bigint, migration_name, "
    "logs, "
    "(EXTRACT(EPOCH FROM rolled_back_at) * 1000000)::bigint, (EXTRACT(EPOCH FROM started_at) * "
    "1000000)::bigint, "
    "applied_steps_count FROM _prisma_migrations ORDER BY started_at ASC";

// A timestamp cell: epoch microseconds (PostgreSQL query above), epoch milliseconds (the native
// engine on SQLite), or text (SQLite's current_timestamp default, or ISO text from elsewhere).
std::optional<std::int64_t> timestamp_of(const db::Value& value, model::Dialect dialect) {
  if (db::is_null(value)) return std::nullopt;
  const std::int64_t scale = dialect == model::Dialect::postgresql ? 1 : 1000;
  if (const auto* n = std::get_if<std::int64_t>(&value)) return *n * scale;
  if (const auto* d = std::get_if<double>(&value))
    return static_cast<std::int64_t>(*d * static_cast<double>(scale));
  if (const auto* s = std::get_if<std::string>(&value)) {
    if (auto parsed = parse_timestamp(*s)) return parsed;
    if (auto n = db::as_int(value)) return *n * scale;
  }
  return std::nullopt;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Tables the engine's P3005 check does not count (table_should_be_ignored; PostGIS on PostgreSQL).
bool ignored_table(const std::string& name, model::Dialect dialect) {
  if (dialect == model::Dialect::sqlite) return name.rfind("sqlite_", 0) == 0;
  const std::string n = lower(name);
  return n == "spatial_ref_sys" || n == "geometry_columns";
}

std::vector<std::string> table_names(db::Connection& conn, model::Dialect dialect) {
  const char* sql =
      dialect == model::Dialect::sqlite
          ? "SELECT name AS table_name FROM sqlite_master WHERE type='table' ORDER BY name ASC"
          : "SELECT tbl.relname AS table_name FROM pg_class AS tbl INNER JOIN pg_namespace AS "
            "namespace ON namespace.oid = tbl.relnamespace WHERE tbl.relkind = 'r' AND "
            "namespace.nspname = current_schema()";
  std::vector<std::string> names;
  for (const auto& row : conn.query(sql).rows)
    if (auto name = db::as_text(row.at(0))) names.push_back(*name);
  return names;
}

const std::string* script_of(const model::Migration& migration) {
  for (const auto& step : migration.up)
    if (const auto* sql = std::get_if<model::SqlStep>(&step)) return &sql->text;
  return nullptr;
}

}  // namespace

std::string_view migrations_table_ddl(model::Dialect dialect) {
  return dialect == model::Dialect::postgresql ? kPostgresDdl : kSqliteDdl;
}

std::vector<MigrationRecord> read_migration_records(db::Connection& conn) {
  const auto dialect = conn.dialect();
  std::vector<MigrationRecord> records;
  const auto result =
      conn.query(dialect == model::Dialect::postgresql ? kPostgresSelect : kSqliteSelect);
  records.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    MigrationRecord r;
    r.id = db::as_text(row[0]).value_or("");
    r.checksum = db::as_text(row[1]).value_or("");
    r.finished_at = timestamp_of(row[2], dialect);
    r.migration_name = db::as_text(row[3]).value_or("");
    r.logs = db::as_text(row[4]);
    r.rolled_back_at = timestamp_of(row[5], dialect);
    r.started_at = timestamp_of(row[6], dialect).value_or(0);
    r.applied_steps_count = db::as_int(row[7]).value_or(0);
    records.push_back(std::move(r));
  }
  return records;
}

model::Applied to_applied(const MigrationRecord& r) {
  model::Applied applied;
  applied.key = r.migration_name;
  auto underscore = r.migration_name.find('_');
  applied.description =
      underscore == std::string::npos ? r.migration_name : r.migration_name.substr(underscore + 1);
  applied.checksum = model::Checksum::of_text(r.checksum);
  applied.applied_at = chrono_display(r.finished_at.value_or(r.started_at));
  // A rolled-back row is not a failure any more (deploy ignores it): the adapter's applied_keys
  // leaves it out, so its migration reads as pending.
  applied.success = !r.failed();
  if (r.finished_at) applied.execution_ms = (*r.finished_at - r.started_at) / 1000;
  applied.extras["id"] = r.id;
  applied.extras["state"] = r.applied() ? "applied" : r.failed() ? "failed" : "rolled_back";
  applied.extras["started_at"] = chrono_display(r.started_at);
  if (r.finished_at) applied.extras["finished_at"] = chrono_display(*r.finished_at);
  if (r.rolled_back_at) applied.extras["rolled_back_at"] = chrono_display(*r.rolled_back_at);
  if (r.logs) applied.extras["logs"] = *r.logs;
  applied.extras["applied_steps_count"] = std::to_string(r.applied_steps_count);
  return applied;
}

bool PrismaMigrationsTable::exists(db::Connection& conn) {
  return conn.table_exists("", kMigrationsTable);
}

void PrismaMigrationsTable::create_table(db::Connection& conn) {
  conn.exec_script(migrations_table_ddl(dialect_));
}

void PrismaMigrationsTable::ensure(db::Connection& conn) {
  if (exists(conn)) return;
  for (const auto& table : table_names(conn, dialect_))
    if (!ignored_table(table, dialect_)) throw database_schema_not_empty(first_migration_);
  create_table(conn);
}

std::vector<model::Applied> PrismaMigrationsTable::read(db::Connection& conn) {
  std::vector<model::Applied> rows;
  if (!exists(conn)) return rows;
  for (const auto& record : read_migration_records(conn)) rows.push_back(to_applied(record));
  return rows;
}

void PrismaMigrationsTable::lock(db::Connection& conn) {
  if (dialect_ == model::Dialect::postgresql) {
    // The engine waits 10 s for pg_advisory_lock(72707369), then gives up with P1002.
    if (!conn.advisory_lock(kAdvisoryLockKey, std::chrono::seconds(10)))
      throw advisory_lock_timeout();
  } else {
    conn.exec_script("PRAGMA main.locking_mode=EXCLUSIVE");
  }
}

void PrismaMigrationsTable::unlock(db::Connection& conn) {
  // Prisma never unlocks: its process ends and the lock goes with the connection. polymigrate's
  // connection may live on (a library caller), so it gives the lock back.
  if (dialect_ == model::Dialect::postgresql) {
    conn.advisory_unlock(kAdvisoryLockKey);
  } else {
    conn.exec_script("PRAGMA main.locking_mode=NORMAL");
    conn.query(
        "SELECT count(*) FROM sqlite_master");  // SQLite drops the exclusive lock on the next read
  }
}

db::Value PrismaMigrationsTable::timestamp_value(std::int64_t micros) const {
  if (dialect_ == model::Dialect::sqlite)
    return db::Value(std::in_place_type<std::int64_t>, micros / 1000);
  return db::Value(rfc3339(micros));
}

void PrismaMigrationsTable::before_apply(db::Connection& conn, const model::Migration& migration) {
  // record_migration_started: id, checksum, started_at, migration_name; the rest by default.
  const std::string id = new_uuid_v4();
  std::vector<db::Value> params;
  params.emplace_back(id);
  params.emplace_back(migration.checksum ? migration.checksum->text : std::string());
  params.push_back(timestamp_value(now_micros()));
  params.emplace_back(migration.key);
  conn.exec(
      "INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"started_at\", "
      "\"migration_name\") "
      "VALUES ($1, $2, $3, $4)",
      params);
  started_ids_[migration.key] = id;
}

void PrismaMigrationsTable::after_apply(db::Connection& conn, const model::Migration& migration,
                                        const adapters::ApplyOutcome& outcome) {
  (void)outcome;
  const std::string id = started_ids_.at(migration.key);
  // record_successful_step, then record_migration_finished: two statements, as the engine.
  conn.exec(
      "UPDATE \"_prisma_migrations\" SET \"applied_steps_count\" = (\"applied_steps_count\" + $1) "
      "WHERE \"id\" = $2",
      {db::Value(std::in_place_type<std::int64_t>, 1), db::Value(id)});
  conn.exec("UPDATE \"_prisma_migrations\" SET \"finished_at\" = $1 WHERE \"id\" = $2",
            {timestamp_value(now_micros()), db::Value(id)});
  started_ids_.erase(migration.key);
}

void PrismaMigrationsTable::after_failure(db::Connection& conn, const model::Migration& migration,
                                          const adapters::ApplyOutcome& outcome, bool rolled_back) {
  (void)rolled_back;  // Prisma never wraps the script: the row stays, failed, whatever happened
  auto it = started_ids_.find(migration.key);
  if (it == started_ids_.end()) return;  // the started row itself could not be written
  // record_failed_step: the engine's error text (P3018) in `logs`; finished_at stays NULL.
  conn.exec(
      "UPDATE \"_prisma_migrations\" SET \"logs\" = $1 WHERE \"id\" = $2",
      {db::Value(apply_migration_error(migration.key, "", outcome.error)), db::Value(it->second)});
  started_ids_.erase(it);
}

void PrismaMigrationsTable::after_revert(db::Connection& conn, const model::Migration& migration) {
  // Prisma has no down. After a polymigrate down the migration must read as never applied to
  // every Prisma command, and only deleting its rows does that: `migrate deploy` would re-apply
  // a row marked rolled_back_at, but `migrate status` (diagnose_migration_history.rs) matches rows
  // by name alone, rolled back or not, and would call the database up to date; and `resolve
  // --applied` (mark_migration_applied.rs) answers P3008 for any row with a finished_at. So every
  // row of the name goes, including those of an earlier attempt resolved as rolled back (a
  // failed row never gets here: it blocks `down` with P3009 first).
  conn.exec("DELETE FROM \"_prisma_migrations\" WHERE \"migration_name\" = $1",
            {db::Value(migration.key)});
}

std::string PrismaMigrationsTable::resolve(db::Connection& conn, const model::Project& project,
                                           adapters::ResolveAction action, const std::string& key) {
  return action == adapters::ResolveAction::mark_applied ? mark_applied(conn, project, key)
                                                         : mark_rolled_back(conn, key);
}

std::string PrismaMigrationsTable::mark_applied(db::Connection& conn, const model::Project& project,
                                                const std::string& name) {
  // mark_migration_applied.rs
  const model::Migration* migration = project.history.find(name);
  const std::string* script = migration ? script_of(*migration) : nullptr;
  if (!script) throw migration_to_mark_applied_not_found(name);

  std::vector<MigrationRecord> relevant;
  if (exists(conn)) {
    for (auto& record : read_migration_records(conn))
      if (record.migration_name == name) relevant.push_back(std::move(record));
  } else {
    create_table(conn);  // baseline_initialize: no P3005 check, this is how a baseline starts
  }
  if (std::any_of(relevant.begin(), relevant.end(),
                  [](const auto& r) { return r.finished_at.has_value(); }))
    throw migration_already_applied(name);

  const std::int64_t now = now_micros();
  for (const auto& record : relevant)
    if (record.failed())
      conn.exec("UPDATE \"_prisma_migrations\" SET \"rolled_back_at\" = $1 WHERE \"id\" = $2",
                {timestamp_value(now), db::Value(record.id)});

  // mark_migration_applied_impl: logs '', started_at = finished_at = now, applied_steps_count 0.
  std::vector<db::Value> params;
  params.emplace_back(new_uuid_v4());
  params.emplace_back(migration->checksum ? migration->checksum->text : std::string());
  params.emplace_back(std::string());
  params.push_back(timestamp_value(now));
  params.push_back(timestamp_value(now));
  params.emplace_back(name);
  conn.exec(
      "INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"logs\", \"started_at\", "
      "\"finished_at\", "
      "\"migration_name\") VALUES ($1, $2, $3, $4, $5, $6)",
      params);
  return "Migration " + name + " marked as applied.";
}

std::string PrismaMigrationsTable::mark_rolled_back(db::Connection& conn, const std::string& name) {
  // mark_migration_rolled_back.rs
  if (!exists(conn))
    throw std::runtime_error(
        "Invariant violation: called markMigrationRolledBack on a database without "
        "migrations table.");
  std::vector<MigrationRecord> relevant;
  for (auto& record : read_migration_records(conn))
    if (record.migration_name == name) relevant.push_back(std::move(record));
  if (relevant.empty()) throw cannot_roll_back_unapplied(name);
  if (std::all_of(relevant.begin(), relevant.end(),
                  [](const auto& r) { return r.finished_at.has_value(); }))
    throw cannot_roll_back_succeeded(name);
  const std::int64_t now = now_micros();
  for (const auto& record : relevant)
    if (record.failed())
      conn.exec("UPDATE \"_prisma_migrations\" SET \"rolled_back_at\" = $1 WHERE \"id\" = $2",
                {timestamp_value(now), db::Value(record.id)});
  return "Migration " + name + " marked as rolled back.";
}

}  // namespace pm::prisma
