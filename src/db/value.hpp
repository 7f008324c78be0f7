// Values bound to and read from a database. Every value written goes through a bound parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pm::db {

struct Null {
  bool operator==(const Null&) const = default;
};

using Value = std::variant<Null, std::int64_t, double, std::string, bool>;

bool is_null(const Value& value);
std::optional<std::string> as_text(const Value& value);     // null -> nullopt; numbers printed
std::optional<std::int64_t> as_int(const Value& value);     // text parsed when it is an integer
std::optional<bool> as_bool(const Value& value);            // 0/1, t/f, true/false
// Rendered as an SQL literal (for dry-run output only, never to run).
std::string to_sql_literal(const Value& value);

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  int column(std::string_view name) const;  // index, or -1
};

}  // namespace pm::db
