// open_connection: the one place that maps a URL's dialect to a Connection implementation.
#include "db/connection.hpp"
#include "db/postgres/postgres_connection.hpp"
#include "db/sqlite/sqlite_connection.hpp"

namespace pm::db {

std::unique_ptr<Connection> open_connection(const DatabaseUrl& url) {
  switch (url.dialect) {
    case model::Dialect::sqlite:
      return std::make_unique<SqliteConnection>(url);
    case model::Dialect::postgresql:
      return std::make_unique<PostgresConnection>(url);
  }
  throw DatabaseError("no connection for this database dialect");
}

}  // namespace pm::db
