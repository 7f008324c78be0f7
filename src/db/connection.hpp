// The one way the engine and the adapters talk to a database. Implementations: sqlite/ and
// postgres/. A dry run wraps a real connection in a RecordingConnection that reads for real and
// records every write instead of running it.
//
// Parameters are written $1, $2, ... in SQL text for every dialect.
// Errors are thrown as DatabaseError; their text never holds a password.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "db/database_url.hpp"
#include "db/introspection.hpp"
#include "db/value.hpp"
#include "model/script.hpp"

namespace pm::db {

class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& message, std::string sqlstate = {})
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual model::Dialect dialect() const = 0;
  // Human text, e.g. "3.40.1" or "15.18"; and a number for comparisons (PostgreSQL's
  // server_version_num, e.g. 150018; SQLite's SQLITE_VERSION_NUMBER, e.g. 3040001).
  virtual std::string server_version() const = 0;
  virtual int server_version_num() const = 0;
  // The URL this connection was opened with, password masked.
  virtual std::string display_url() const = 0;

  // Several statements in one call, as the native multi-statement API runs them
  // (sqlite3_exec; PostgreSQL simple query protocol, one implicit transaction).
  virtual void exec_script(std::string_view sql) = 0;
  // One statement that writes; returns the number of affected rows.
  virtual std::int64_t exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // One statement that reads.
  virtual ResultSet query(std::string_view sql, const std::vector<Value>& params = {}) = 0;

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;
  virtual void savepoint(std::string_view name) = 0;
  virtual void release_savepoint(std::string_view name) = 0;
  virtual void rollback_to_savepoint(std::string_view name) = 0;

  // Session-level advisory locks where the server has them (PostgreSQL); false elsewhere.
  virtual bool supports_advisory_locks() const = 0;
  virtual bool try_advisory_lock(std::int64_t key) = 0;
  // Waits up to `timeout`; false on timeout.
  virtual bool advisory_lock(std::int64_t key, std::chrono::milliseconds timeout) = 0;
  virtual void advisory_unlock(std::int64_t key) = 0;

  virtual std::string current_schema() = 0;  // "public" (search_path's first), "main"
  virtual std::string current_user() = 0;    // "" on SQLite
  virtual bool table_exists(std::string_view schema, std::string_view table) = 0;  // schema "" = current
  virtual SchemaSnapshot introspect(std::string_view schema = {}) = 0;

  virtual std::string quote_identifier(std::string_view name) const = 0;
};

// Opens a connection for a parsed URL. Throws DatabaseError (password masked) when it cannot.
std::unique_ptr<Connection> open_connection(const DatabaseUrl& url);

}  // namespace pm::db
