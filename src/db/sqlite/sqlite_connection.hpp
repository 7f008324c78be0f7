// Connection to an SQLite file (or :memory:) through the sqlite3 C API.
// SQLite has no advisory locks and one schema per file ("main"), which this class reports as such.
//
// Introspection: SQLite makes an automatic index for every PRIMARY KEY that is not the rowid and
// for every UNIQUE constraint (pragma_index_list origin 'pk' / 'u'). Those are reported only as
// constraints (kind primary_key / unique), never again as indexes: `indexes` holds what CREATE
// INDEX made (origin 'c'). PostgreSQL introspection follows the same rule, so a diff sees one
// shape. Constraint names and CHECKs come from the stored CREATE TABLE text (sqlite_schema_sql);
// an unnamed UNIQUE is named after its sqlite_autoindex_*, other unnamed constraints have "".
#pragma once

#include <string>

#include "db/connection.hpp"

struct sqlite3;

namespace pm::db {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const DatabaseUrl& url);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  model::Dialect dialect() const override { return model::Dialect::sqlite; }
  std::string server_version() const override;
  int server_version_num() const override;
  std::string display_url() const override { return display_url_; }

  void exec_script(std::string_view sql) override;
  std::int64_t exec(std::string_view sql, const std::vector<Value>& params = {}) override;
  ResultSet query(std::string_view sql, const std::vector<Value>& params = {}) override;

  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  void savepoint(std::string_view name) override;
  void release_savepoint(std::string_view name) override;
  void rollback_to_savepoint(std::string_view name) override;

  bool supports_advisory_locks() const override { return false; }
  bool try_advisory_lock(std::int64_t key) override;
  bool advisory_lock(std::int64_t key, std::chrono::milliseconds timeout) override;
  void advisory_unlock(std::int64_t key) override;

  std::string current_schema() override { return "main"; }
  std::string current_user() override { return {}; }
  bool table_exists(std::string_view schema, std::string_view table) override;
  SchemaSnapshot introspect(std::string_view schema = {}) override;

  std::string quote_identifier(std::string_view name) const override;

 private:
  // Runs one statement (the first of `sql`; the rest must be empty) and collects its rows.
  ResultSet run(std::string_view sql, const std::vector<Value>& params, std::int64_t* changes);
  [[noreturn]] void fail(std::string_view sql) const;

  sqlite3* db_ = nullptr;
  std::string display_url_;
};

}  // namespace pm::db
