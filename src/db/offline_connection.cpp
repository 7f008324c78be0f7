#include "db/offline_connection.hpp"

#include <stdexcept>

namespace pm::db {

std::string OfflineConnection::server_version() const {
  return dialect_ == model::Dialect::postgresql ? "12.0" : "3.35.0";
}

int OfflineConnection::server_version_num() const {
  return dialect_ == model::Dialect::postgresql ? 120000 : 3035000;
}

std::string OfflineConnection::display_url() const {
  return std::string("offline ") + model::to_string(dialect_) + " (no database)";
}

void OfflineConnection::exec_script(std::string_view) {
  throw std::logic_error("an offline connection cannot run SQL");
}

std::int64_t OfflineConnection::exec(std::string_view, const std::vector<Value>&) {
  throw std::logic_error("an offline connection cannot run SQL");
}

ResultSet OfflineConnection::query(std::string_view sql, const std::vector<Value>& params) {
  return version_rows_ ? version_rows_->query(sql, params) : ResultSet{};
}

std::string OfflineConnection::quote_identifier(std::string_view name) const {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace pm::db
