// A Connection for dry runs: reads go to the real database, writes are recorded as SQL text
// instead of being run, so `up --dry-run` prints exactly what `up` would send.
//
// Recorded: exec, exec_script, begin/commit/rollback, savepoints and advisory lock calls, each as
// one statement ending in ';', parameters substituted as literals (to_sql_literal). Passed through:
// query, introspect, table_exists, current_schema/user, versions. exec() returns 1, as if one row
// were affected, so callers that check "one row written" (a lock row, a version row) go on as in a
// real run; lock calls return true (acquired). Queries see the database as it was before the run.
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"

namespace pm::db {

// `sql` with $1, $2, ... replaced by `params` as SQL literals. Placeholders inside string
// literals, quoted identifiers, comments and dollar-quoted bodies are left alone, and $10 is
// never read as $1 followed by 0.
std::string substitute_parameters(std::string_view sql, const std::vector<Value>& params);

class RecordingConnection final : public Connection {
 public:
  explicit RecordingConnection(Connection& real) : real_(real) {}

  const std::vector<std::string>& statements() const { return statements_; }

  model::Dialect dialect() const override { return real_.dialect(); }
  std::string server_version() const override { return real_.server_version(); }
  int server_version_num() const override { return real_.server_version_num(); }
  std::string display_url() const override { return real_.display_url(); }

  void exec_script(std::string_view sql) override;
  std::int64_t exec(std::string_view sql, const std::vector<Value>& params = {}) override;
  ResultSet query(std::string_view sql, const std::vector<Value>& params = {}) override {
    return real_.query(sql, params);
  }

  void begin() override;
  void commit() override;
  void rollback() override;
  // The recorded transaction's state: the real connection never sees the BEGIN.
  bool in_transaction() const override { return depth_ > 0; }
  void savepoint(std::string_view name) override;
  void release_savepoint(std::string_view name) override;
  void rollback_to_savepoint(std::string_view name) override;

  bool supports_advisory_locks() const override { return real_.supports_advisory_locks(); }
  bool try_advisory_lock(std::int64_t key) override;
  bool advisory_lock(std::int64_t key, std::chrono::milliseconds timeout) override;
  void advisory_unlock(std::int64_t key) override;

  std::string current_schema() override { return real_.current_schema(); }
  std::string current_user() override { return real_.current_user(); }
  bool table_exists(std::string_view schema, std::string_view table) override {
    return real_.table_exists(schema, table);
  }
  SchemaSnapshot introspect(std::string_view schema = {}) override {
    return real_.introspect(schema);
  }

  std::string quote_identifier(std::string_view name) const override {
    return real_.quote_identifier(name);
  }

 private:
  void record(std::string_view sql);
  void require_advisory_locks() const;

  Connection& real_;
  std::vector<std::string> statements_;
  int depth_ = 0;
};

}  // namespace pm::db
