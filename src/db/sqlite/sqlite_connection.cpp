// SqliteConnection: statements, values, transactions. Introspection is in sqlite_introspection.cpp.
#include "db/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pm::db {

namespace {

// The first non-blank line of a statement, short enough for an error message.
std::string first_line(std::string_view sql) {
  std::size_t start = 0;
  while (start < sql.size() && std::isspace(static_cast<unsigned char>(sql[start]))) ++start;
  std::string_view rest = sql.substr(start);
  std::string line(rest.substr(0, rest.find('\n')));
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

// True when `text` holds nothing SQLite would run: blanks, ';' and comments.
bool only_blank(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      std::size_t nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl + 1;
    } else if (text.compare(i, 2, "/*") == 0) {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

void bind_value(sqlite3_stmt* stmt, int index, const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    sqlite3_bind_int64(stmt, index, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    sqlite3_bind_double(stmt, index, *d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } else if (const auto* b = std::get_if<bool>(&value)) {
    sqlite3_bind_int64(stmt, index, *b ? 1 : 0);  // SQLite has no boolean storage class
  } else {
    sqlite3_bind_null(stmt, index);
  }
}

Value column_value(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, column);
    case SQLITE_NULL:
      return Null{};
    default: {  // TEXT, and BLOB as its bytes
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
      int size = sqlite3_column_bytes(stmt, column);
      return std::string(data ? data : "", data ? static_cast<std::size_t>(size) : 0);
    }
  }
}

// Parameter names are "$N" (the one placeholder syntax of the Connection contract); SQLite treats
// "$1" as a named parameter, so the same "$1" written twice is one parameter, bound once by name.
int parameter_number(const char* name) {
  if (name == nullptr || name[0] != '$') return 0;
  std::string_view digits(name + 1);
  int number = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return 0;
  return number;
}

}  // namespace

SqliteConnection::SqliteConnection(const DatabaseUrl& url) : display_url_(url.masked()) {
  int rc =
      sqlite3_open_v2(url.path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DatabaseError("cannot open SQLite database " + display_url_ + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  // A native tool holding the file (knex, prisma) makes us wait rather than fail at once.
  sqlite3_busy_timeout(db_, 5000);
  // Knex and Prisma both switch foreign keys on for every connection; migrations written for them
  // (ON DELETE CASCADE, FK checks) behave the same only with it on.
  exec_script("PRAGMA foreign_keys = ON");
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

std::string SqliteConnection::server_version() const { return sqlite3_libversion(); }

int SqliteConnection::server_version_num() const { return sqlite3_libversion_number(); }

void SqliteConnection::fail(std::string_view sql) const {
  std::string message = "SQLite: " + std::string(sqlite3_errmsg(db_));
  std::string line = first_line(sql);
  if (!line.empty()) message += " (in: " + line + ")";
  throw DatabaseError(mask_passwords(message));
}

void SqliteConnection::exec_script(std::string_view sql) {
  // The loop sqlite3_exec runs (prepare, step to the end, next statement), written out so an
  // error names the statement that failed rather than the start of the script.
  while (!sql.empty()) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail) !=
        SQLITE_OK) {
      fail(sql);
    }
    Statement stmt(raw);
    std::size_t used = static_cast<std::size_t>(tail - sql.data());
    std::string_view text = sql.substr(0, used);
    if (raw != nullptr) {
      int rc;
      while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      }
      if (rc != SQLITE_DONE) fail(text);
    }
    if (used == 0) break;
    sql.remove_prefix(used);
  }
}

ResultSet SqliteConnection::run(std::string_view sql, const std::vector<Value>& params,
                                std::int64_t* changes) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail) != SQLITE_OK) {
    fail(sql);
  }
  Statement stmt(raw);
  if (raw == nullptr) {
    if (!params.empty()) {
      throw DatabaseError("SQLite: " + std::to_string(params.size()) +
                          " parameters given to an empty statement");
    }
    if (changes) *changes = 0;
    return {};
  }
  if (!only_blank(std::string_view(tail, sql.data() + sql.size() - tail))) {
    throw DatabaseError(
        "SQLite: exec() and query() run one statement; use exec_script() for several (in: " +
        first_line(sql) + ")");
  }

  int highest = 0;
  int count = sqlite3_bind_parameter_count(raw);
  for (int i = 1; i <= count; ++i) {
    int number = parameter_number(sqlite3_bind_parameter_name(raw, i));
    if (number < 1) {
      throw DatabaseError("SQLite: parameters are written $1, $2, ... (in: " + first_line(sql) +
                          ")");
    }
    if (static_cast<std::size_t>(number) > params.size()) {
      throw DatabaseError("SQLite: the statement uses $" + std::to_string(number) + " but " +
                          std::to_string(params.size()) +
                          " parameters were given (in: " + first_line(sql) + ")");
    }
    bind_value(raw, i, params[number - 1]);
    highest = std::max(highest, number);
  }
  // PostgreSQL refuses surplus parameters; refusing them here too keeps both dialects alike.
  if (params.size() > static_cast<std::size_t>(highest)) {
    throw DatabaseError("SQLite: " + std::to_string(params.size()) +
                        " parameters given but the statement uses " + std::to_string(highest) +
                        " (in: " + first_line(sql) + ")");
  }

  ResultSet result;
  int columns = sqlite3_column_count(raw);
  for (int c = 0; c < columns; ++c) result.columns.emplace_back(sqlite3_column_name(raw, c));

  sqlite3_int64 before = sqlite3_total_changes64(db_);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    std::vector<Value> row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) row.push_back(column_value(raw, c));
    result.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) fail(sql);
  if (changes) {
    // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE even after a DDL
    // statement; a total that did not move means this statement changed nothing.
    *changes = sqlite3_total_changes64(db_) == before ? 0 : sqlite3_changes64(db_);
  }
  return result;
}

std::int64_t SqliteConnection::exec(std::string_view sql, const std::vector<Value>& params) {
  std::int64_t changes = 0;
  run(sql, params, &changes);
  return changes;
}

ResultSet SqliteConnection::query(std::string_view sql, const std::vector<Value>& params) {
  return run(sql, params, nullptr);
}

void SqliteConnection::begin() { exec_script("BEGIN"); }

void SqliteConnection::commit() { exec_script("COMMIT"); }

void SqliteConnection::rollback() {
  // SQLite may already have rolled back on its own (SQLITE_FULL, RAISE(ROLLBACK)); rolling back
  // nothing is not an error for the engine's cleanup path.
  if (in_transaction()) exec_script("ROLLBACK");
}

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void SqliteConnection::savepoint(std::string_view name) {
  exec_script("SAVEPOINT " + quote_identifier(name));
}

void SqliteConnection::release_savepoint(std::string_view name) {
  exec_script("RELEASE SAVEPOINT " + quote_identifier(name));
}

void SqliteConnection::rollback_to_savepoint(std::string_view name) {
  exec_script("ROLLBACK TO SAVEPOINT " + quote_identifier(name));
}

bool SqliteConnection::try_advisory_lock(std::int64_t) {
  throw DatabaseError("SQLite has no advisory locks (the version table's lock row is the lock)");
}

bool SqliteConnection::advisory_lock(std::int64_t, std::chrono::milliseconds) {
  throw DatabaseError("SQLite has no advisory locks (the version table's lock row is the lock)");
}

void SqliteConnection::advisory_unlock(std::int64_t) {
  throw DatabaseError("SQLite has no advisory locks (the version table's lock row is the lock)");
}

bool SqliteConnection::table_exists(std::string_view schema, std::string_view table) {
  std::string master = "sqlite_master";
  if (schema == "temp") {
    master = "sqlite_temp_master";
  } else if (!schema.empty() && schema != "main") {
    master = quote_identifier(schema) + ".sqlite_master";
  }
  // SQLite identifiers are case-insensitive: "Foo" exists when "foo" does.
  ResultSet rows =
      query("SELECT 1 FROM " + master + " WHERE type = 'table' AND name = $1 COLLATE NOCASE",
            {std::string(table)});
  return !rows.rows.empty();
}

std::string SqliteConnection::quote_identifier(std::string_view name) const {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace pm::db
