// A database that is never there, for `polymigrate sql` (Alembic's `upgrade --sql`, offline
// mode): it answers every read as a new, empty database would (no tables, no rows), and it is
// only ever used under a RecordingConnection, which records the writes as the script to print.
// For a script that starts from a migration (Alembic's `upgrade start:end --sql`), reads go to a
// `version_rows` database instead: a scratch database holding only the version table as it
// stands at the start, so the script updates those rows rather than creating the table.
#pragma once

#include "db/connection.hpp"

namespace pm::db {

class OfflineConnection final : public Connection {
 public:
  explicit OfflineConnection(model::Dialect dialect, Connection* version_rows = nullptr)
      : dialect_(dialect), version_rows_(version_rows) {}

  model::Dialect dialect() const override { return dialect_; }
  // The oldest server each dialect's SQL is written for: PostgreSQL 12, SQLite 3.35 (DROP COLUMN).
  std::string server_version() const override;
  int server_version_num() const override;
  std::string display_url() const override;

  // Writes never reach here (the recording connection keeps them); one that does is a bug.
  void exec_script(std::string_view sql) override;
  std::int64_t exec(std::string_view sql, const std::vector<Value>& params = {}) override;
  ResultSet query(std::string_view sql, const std::vector<Value>& params = {}) override;

  void begin() override {}
  void commit() override {}
  void rollback() override {}
  bool in_transaction() const override { return false; }
  void savepoint(std::string_view) override {}
  void release_savepoint(std::string_view) override {}
  void rollback_to_savepoint(std::string_view) override {}

  bool supports_advisory_locks() const override { return dialect_ == model::Dialect::postgresql; }
  bool try_advisory_lock(std::int64_t) override { return true; }
  bool advisory_lock(std::int64_t, std::chrono::milliseconds) override { return true; }
  void advisory_unlock(std::int64_t) override {}

  std::string current_schema() override {
    return dialect_ == model::Dialect::postgresql ? "public" : "main";
  }
  std::string current_user() override { return ""; }
  bool table_exists(std::string_view schema, std::string_view table) override {
    return version_rows_ && version_rows_->table_exists(schema, table);
  }
  SchemaSnapshot introspect(std::string_view) override { return {}; }

  // Both dialects quote identifiers the standard way: "name", an inner quote doubled.
  std::string quote_identifier(std::string_view name) const override;

 private:
  model::Dialect dialect_;
  Connection* version_rows_;
};

}  // namespace pm::db
