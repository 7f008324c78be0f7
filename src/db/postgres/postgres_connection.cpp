// PostgresConnection: session, statements, values, transactions, advisory locks.
// Introspection is in postgres_introspection.cpp.
#include "db/postgres/postgres_connection.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <pqxx/pqxx>
#include <thread>

namespace pm::db {

namespace {

std::string first_line(std::string_view sql) {
  std::size_t start = 0;
  while (start < sql.size() && std::isspace(static_cast<unsigned char>(sql[start]))) ++start;
  std::string_view rest = sql.substr(start);
  std::string line(rest.substr(0, rest.find('\n')));
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

// Type OIDs from pg_type.dat; stable across server versions.
constexpr unsigned kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
                   kFloat8 = 701;

Value field_value(const pqxx::field& field, unsigned type) {
  if (field.is_null()) return Null{};
  const char* text = field.c_str();
  switch (type) {
    case kBool:
      return text[0] == 't';
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid: {
      std::int64_t out = 0;
      std::string_view view(text);
      auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), out);
      if (error == std::errc() && end == view.data() + view.size()) return out;
      return std::string(view);
    }
    case kFloat4:
    case kFloat8:
      return std::strtod(text, nullptr);  // also reads NaN and Infinity
    default:
      // numeric stays text: a double would lose digits a migration checksum or money column has.
      return std::string(text, field.size());
  }
}

}  // namespace

struct PostgresConnection::Session {
  explicit Session(const std::string& conninfo) : connection(conninfo) {}
  pqxx::connection connection;
};

PostgresConnection::PostgresConnection(const DatabaseUrl& url) : display_url_(url.masked()) {
  try {
    session_ = std::make_unique<Session>(url.libpq_conninfo());
  } catch (const std::exception& error) {
    std::string message = mask_passwords(trim(error.what()));
    // libpq never echoes the password, but a message must not be the first to do it.
    if (!url.password.empty()) {
      for (std::size_t at; (at = message.find(url.password)) != std::string::npos;) {
        message.replace(at, url.password.size(), "***");
      }
    }
    throw DatabaseError("cannot connect to PostgreSQL at " + display_url_ + ": " + message,
                        "08001");
  }
  // libpqxx 6 would silently reconnect after a lost connection and carry on outside the
  // transaction, advisory lock and search_path this session held; fail instead.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  session_->connection.inhibit_reactivation(true);
#pragma GCC diagnostic pop

  std::string schema = url.schema();
  if (!schema.empty()) {
    // JDBC's currentSchema may list several schemas, comma-separated, as search_path does.
    std::string path;
    std::size_t start = 0;
    while (start <= schema.size()) {
      std::size_t comma = schema.find(',', start);
      std::string item = trim(schema.substr(start, comma - start));
      if (!item.empty()) path += (path.empty() ? "" : ", ") + quote_identifier(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    exec_script("SET search_path TO " + path);
  }
  ResultSet version = query(
      "SELECT current_setting('server_version'), "
      "current_setting('server_version_num')::int");
  std::string text = as_text(version.rows.at(0).at(0)).value_or("");
  server_version_ = text.substr(0, text.find(' '));  // "15.18 (Debian 15.18-0+deb12u1)"
  server_version_num_ = static_cast<int>(as_int(version.rows.at(0).at(1)).value_or(0));
}

PostgresConnection::~PostgresConnection() = default;

ResultSet PostgresConnection::run(std::string_view sql, const std::vector<Value>& params,
                                  bool simple, std::int64_t* affected) const {
  try {
    // A nontransaction sends the text as it is, without BEGIN/COMMIT around it: transaction
    // bounds are the engine's, issued as plain statements on this one session.
    pqxx::nontransaction work(session_->connection);
    pqxx::result result;
    if (simple && params.empty()) {
      result = work.exec(std::string(sql));  // PQexec: simple query protocol
    } else {
      std::vector<std::string> texts;
      texts.reserve(params.size());  // keeps the pointers below valid
      std::vector<const char*> pointers;
      for (const Value& value : params) {
        std::optional<std::string> text = as_text(value);
        if (!text) {
          pointers.push_back(nullptr);  // libpqxx binds a null pointer as SQL NULL
        } else {
          texts.push_back(std::move(*text));
          pointers.push_back(texts.back().c_str());
        }
      }
      result = work.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(pointers));
    }
    work.commit();
    if (affected) *affected = static_cast<std::int64_t>(result.affected_rows());

    ResultSet out;
    const auto columns = result.columns();
    std::vector<unsigned> types;
    for (pqxx::row::size_type c = 0; c < columns; ++c) {
      out.columns.emplace_back(result.column_name(c));
      types.push_back(result.column_type(c));
    }
    out.rows.reserve(result.size());
    for (const auto& row : result) {
      std::vector<Value> values;
      values.reserve(columns);
      for (pqxx::row::size_type c = 0; c < columns; ++c) {
        values.push_back(field_value(row[c], types[c]));
      }
      out.rows.push_back(std::move(values));
    }
    return out;
  } catch (const pqxx::sql_error& error) {
    throw DatabaseError(
        mask_passwords("PostgreSQL: " + trim(error.what()) + " (in: " + first_line(sql) + ")"),
        error.sqlstate());
  } catch (const pqxx::broken_connection& error) {
    throw DatabaseError(mask_passwords("PostgreSQL: connection to " + display_url_ +
                                       " lost: " + trim(error.what())),
                        "08006");
  } catch (const pqxx::failure& error) {
    throw DatabaseError(
        mask_passwords("PostgreSQL: " + trim(error.what()) + " (in: " + first_line(sql) + ")"));
  } catch (const pqxx::usage_error& error) {
    throw DatabaseError(mask_passwords("PostgreSQL: " + trim(error.what())));
  }
}

void PostgresConnection::exec_script(std::string_view sql) { run(sql, {}, true, nullptr); }

std::int64_t PostgresConnection::exec(std::string_view sql, const std::vector<Value>& params) {
  std::int64_t affected = 0;
  run(sql, params, false, &affected);
  return affected;
}

ResultSet PostgresConnection::query(std::string_view sql, const std::vector<Value>& params) {
  return run(sql, params, false, nullptr);
}

void PostgresConnection::begin() { exec_script("BEGIN"); }

void PostgresConnection::commit() {
  // COMMIT of a transaction that already failed succeeds as a ROLLBACK; only the state before
  // tells the two apart, and the engine must not record a migration that was rolled back.
  bool aborted = false;
  try {
    run("SELECT 1", {}, true, nullptr);
  } catch (const DatabaseError& error) {
    if (error.sqlstate() != "25P02") throw;
    aborted = true;
  }
  exec_script("COMMIT");
  if (aborted) {
    throw DatabaseError(
        "PostgreSQL: COMMIT rolled back: an earlier statement of the transaction "
        "failed",
        "25P02");
  }
}

void PostgresConnection::rollback() { exec_script("ROLLBACK"); }  // outside one: a warning only

bool PostgresConnection::in_transaction() const {
  // libpqxx 6 does not expose PQtransactionStatus. Outside a transaction block every statement is
  // its own transaction, so both timestamps are the same instant; inside one they differ.
  try {
    ResultSet r = run("SELECT transaction_timestamp() <> statement_timestamp()", {}, true, nullptr);
    return as_bool(r.rows.at(0).at(0)).value_or(false);
  } catch (const DatabaseError& error) {
    if (error.sqlstate() == "25P02") return true;  // in a failed transaction block
    throw;
  }
}

void PostgresConnection::savepoint(std::string_view name) {
  exec_script("SAVEPOINT " + quote_identifier(name));
}

void PostgresConnection::release_savepoint(std::string_view name) {
  exec_script("RELEASE SAVEPOINT " + quote_identifier(name));
}

void PostgresConnection::rollback_to_savepoint(std::string_view name) {
  exec_script("ROLLBACK TO SAVEPOINT " + quote_identifier(name));
}

bool PostgresConnection::try_advisory_lock(std::int64_t key) {
  ResultSet r = query("SELECT pg_try_advisory_lock($1::bigint)", {key});
  return as_bool(r.rows.at(0).at(0)).value_or(false);
}

bool PostgresConnection::advisory_lock(std::int64_t key, std::chrono::milliseconds timeout) {
  // Polling pg_try_advisory_lock rather than pg_advisory_lock under statement_timeout: nothing
  // in the session's settings changes, and a cancelled wait cannot leave an error behind inside
  // the caller's transaction.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (try_advisory_lock(key)) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(50), deadline - now));
  }
}

void PostgresConnection::advisory_unlock(std::int64_t key) {
  // Unlocking a lock this session does not hold is a server warning, not an error; the engine's
  // cleanup path may unlock after a failed lock.
  query("SELECT pg_advisory_unlock($1::bigint)", {key});
}

std::string PostgresConnection::current_schema() {
  ResultSet r = query("SELECT current_schema()");
  return as_text(r.rows.at(0).at(0)).value_or("");  // NULL when no search_path schema exists
}

std::string PostgresConnection::current_user() {
  ResultSet r = query("SELECT current_user::text");
  return as_text(r.rows.at(0).at(0)).value_or("");
}

bool PostgresConnection::table_exists(std::string_view schema, std::string_view table) {
  ResultSet r = query(
      "SELECT 1 FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relname = $1 AND c.relkind IN ('r', 'p') "
      "AND n.nspname = COALESCE(NULLIF($2::text, ''), current_schema())",
      {std::string(table), std::string(schema)});
  return !r.rows.empty();
}

std::string PostgresConnection::quote_identifier(std::string_view name) const {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace pm::db
