// `_prisma_migrations`, bit-exact: the engine's DDL per dialect, created under its P3005 rule, the
// row life cycle of `migrate deploy`, the rows `migrate resolve` writes, and the engine's lock.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/adapter.hpp"

namespace pm::prisma {

inline constexpr const char* kMigrationsTable = "_prisma_migrations";
inline constexpr std::int64_t kAdvisoryLockKey = 72707369;

// The engine's create_migrations_table text (flavour/postgres.rs, flavour/sqlite.rs), sent as is.
std::string_view migrations_table_ddl(model::Dialect dialect);

// One row as the engine reads it (MigrationRecord); times in microseconds since the epoch.
struct MigrationRecord {
  std::string id;
  std::string checksum;
  std::optional<std::int64_t> finished_at;
  std::string migration_name;
  std::optional<std::string> logs;
  std::optional<std::int64_t> rolled_back_at;
  std::int64_t started_at = 0;
  std::int64_t applied_steps_count = 0;

  bool failed() const { return !finished_at && !rolled_back_at; }
  bool applied() const { return finished_at && !rolled_back_at; }
};

std::vector<MigrationRecord> read_migration_records(db::Connection& conn);
model::Applied to_applied(const MigrationRecord& record);

class PrismaMigrationsTable : public adapters::VersionTable {
 public:
  // `first_migration` names the migration the P3005 baseline recipe tells the user to resolve.
  PrismaMigrationsTable(model::Dialect dialect, std::string first_migration)
      : dialect_(dialect), first_migration_(std::move(first_migration)) {}

  std::string name() const override { return kMigrationsTable; }
  bool exists(db::Connection& conn) override;
  // initialize(): P3005 when the schema holds other tables, else the engine's DDL.
  void ensure(db::Connection& conn) override;
  void create_for_adopt(db::Connection& conn) override {
    if (!exists(conn)) create_table(conn);
  }
  std::vector<model::Applied> read(db::Connection& conn) override;
  void lock(db::Connection& conn) override;
  void unlock(db::Connection& conn) override;

  void before_apply(db::Connection& conn, const model::Migration& migration) override;
  void after_apply(db::Connection& conn, const model::Migration& migration,
                   const adapters::ApplyOutcome& outcome) override;
  void after_failure(db::Connection& conn, const model::Migration& migration,
                     const adapters::ApplyOutcome& outcome, bool rolled_back) override;
  void after_revert(db::Connection& conn, const model::Migration& migration) override;

  std::string resolve(db::Connection& conn, const model::Project& project,
                      adapters::ResolveAction action, const std::string& key) override;

 private:
  // A timestamp as the engine binds chrono::Utc::now(): Unix milliseconds on SQLite (quaint's
  // rusqlite binding), RFC 3339 text cast by the server to TIMESTAMPTZ on PostgreSQL.
  db::Value timestamp_value(std::int64_t micros) const;
  void create_table(db::Connection& conn);
  std::string mark_applied(db::Connection& conn, const model::Project& project,
                           const std::string& name);
  std::string mark_rolled_back(db::Connection& conn, const std::string& name);

  model::Dialect dialect_;
  std::string first_migration_;
  std::map<std::string, std::string> started_ids_;  // migration key -> id of its started row
};

}  // namespace pm::prisma
