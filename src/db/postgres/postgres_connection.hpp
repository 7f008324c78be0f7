// Connection to a PostgreSQL server through libpqxx 6.4, one long-lived session.
// Transactions are plain BEGIN/COMMIT sent on that session, so the engine decides their bounds.
//
// Introspection follows the rule of sqlite_connection.hpp: indexes that back a PRIMARY KEY,
// UNIQUE or EXCLUDE constraint are reported as constraints only; `indexes` holds the others.
#pragma once

#include <memory>
#include <string>

#include "db/connection.hpp"

namespace pqxx {
class connection_base;
}

namespace pm::db {

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const DatabaseUrl& url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  model::Dialect dialect() const override { return model::Dialect::postgresql; }
  std::string server_version() const override { return server_version_; }
  int server_version_num() const override { return server_version_num_; }
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

  bool supports_advisory_locks() const override { return true; }
  bool try_advisory_lock(std::int64_t key) override;
  bool advisory_lock(std::int64_t key, std::chrono::milliseconds timeout) override;
  void advisory_unlock(std::int64_t key) override;

  std::string current_schema() override;
  std::string current_user() override;
  bool table_exists(std::string_view schema, std::string_view table) override;
  SchemaSnapshot introspect(std::string_view schema = {}) override;

  std::string quote_identifier(std::string_view name) const override;

 private:
  struct Session;
  // Runs one statement; `params` empty and `simple` true sends it by the simple query protocol.
  ResultSet run(std::string_view sql, const std::vector<Value>& params, bool simple,
                std::int64_t* affected) const;

  std::unique_ptr<Session> session_;
  std::string display_url_;
  std::string server_version_;
  int server_version_num_ = 0;
};

}  // namespace pm::db
