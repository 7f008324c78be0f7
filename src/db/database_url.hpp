// Database URLs as users write them: sqlite:rel.db, sqlite:///abs.db, sqlite::memory:,
// postgresql:// and postgres:// (user, password, host, port, database, query options), the JDBC
// forms Flyway configs use (jdbc:postgresql://..., jdbc:sqlite:...), and bare file paths ending in
// .db/.sqlite/.sqlite3. A password is kept only to connect: every display form masks it.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "model/script.hpp"

namespace pm::db {

class UrlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DatabaseUrl {
  model::Dialect dialect = model::Dialect::sqlite;

  // SQLite
  std::string path;  // file path as given (relative to the working directory), or ":memory:"

  // PostgreSQL
  std::string user;
  std::string password;
  std::string host;
  std::string port;
  std::string database;
  std::map<std::string, std::string> options;  // query parameters other than user/password

  // Schema picked by the URL (?schema= as Prisma, ?currentSchema= as JDBC); "" when none.
  std::string schema() const;
  // The URL with the password replaced by "***" (or left out when there is none).
  std::string masked() const;
  // libpq keyword/value connection string (values quoted); holds the password: never print it.
  std::string libpq_conninfo() const;
  // The URI that libpq, psycopg2 and node-postgres all read (sqlite:<path> for SQLite), password
  // included, options as libpq keywords (polymigrate's own, such as schema=, left out): handed to
  // a native tool's child process in its environment. Never print it.
  std::string libpq_uri() const;
};

// Throws UrlError; the message masks any password in the input.
DatabaseUrl parse_database_url(std::string_view text);

// Replaces the password of every URL found in free text (error messages, logs) with "***".
std::string mask_passwords(std::string_view text);

}  // namespace pm::db
