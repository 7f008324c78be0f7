// knex_migrations and knex_migrations_lock as Knex creates and writes them
// (lib/migrations/migrate/table-creator.js, Migrator.js): the two tables made by the schema
// builder on first use with the lock row (is_locked = 0), one row per applied file with the
// run's batch number and migration_time, the lock taken by
// `update ... set is_locked = 1 where is_locked = 0` touching exactly one row.
#pragma once

#include <optional>
#include <string>

#include "adapters/adapter.hpp"

namespace pm::knex {

struct MigrationsTableSettings {
  std::string table = "knex_migrations";  // lock table: table + "_lock" (getLockTableName)
  std::string schema;                     // schemaName; empty: the connection's default
};

// The CREATE TABLE statements Knex's schema builder compiles for the two tables.
std::string migrations_table_ddl(const MigrationsTableSettings& settings, model::Dialect dialect);
std::string lock_table_ddl(const MigrationsTableSettings& settings, model::Dialect dialect);

// migration_time as the driver binds `new Date()`: PostgreSQL an ISO-8601 text with milliseconds
// and 'Z' (pg serialises Dates with their offset; the timestamptz holds the same instant); SQLite
// the epoch milliseconds as an integer (better-sqlite3 dialect _formatBindings: Date.valueOf()).
db::Value migration_time_value(model::Dialect dialect, std::int64_t epoch_ms);

// Knex's words when the lock is held: the MigrationLocked error and the CLI's hint.
inline constexpr const char* kLockedMessage =
    "Can't take lock to run migrations: Migration table is already locked. If you are sure "
    "migrations are not running you can release the lock manually by running 'polymigrate "
    "unlock' (knex migrate:unlock)";

class KnexMigrationsTable : public adapters::VersionTable {
 public:
  KnexMigrationsTable(MigrationsTableSettings settings, model::Dialect dialect)
      : settings_(std::move(settings)), dialect_(dialect) {}

  std::string name() const override;
  bool exists(db::Connection& conn) override;
  void ensure(db::Connection& conn) override;
  std::vector<std::string> kept_tables() const override { return {settings_.table, lock_table()}; }
  std::vector<model::Applied> read(db::Connection& conn) override;
  void lock(db::Connection& conn) override;
  void unlock(db::Connection& conn) override;
  void after_apply(db::Connection& conn, const model::Migration& migration,
                   const adapters::ApplyOutcome& outcome) override;
  void after_delegated(db::Connection& conn, const model::Migration& migration, bool up) override;
  void after_revert(db::Connection& conn, const model::Migration& migration) override;

  // migrate:unlock (Migrator.forceFreeMigrationsLock): every lock row deleted, one inserted with
  // is_locked = 0, when the lock table exists. Returns whether it did.
  bool force_free_lock(db::Connection& conn);
  // Whether the lock row says a run holds it (a crashed run leaves it so).
  bool is_locked(db::Connection& conn);

 private:
  std::string qualified(const std::string& table) const;
  std::string lock_table() const { return settings_.table + "_lock"; }

  MigrationsTableSettings settings_;
  model::Dialect dialect_;
  // This run's batch: max(batch) + 1, read once (an object serves one run).
  std::optional<std::int64_t> batch_;
  bool created_ = false;  // ensure() created the table: it holds no batch before this run
};

}  // namespace pm::knex
