// Conversions of bound and fetched values; the only place that decides how a Value prints as text
// or as an SQL literal, so dry-run output and reads agree on both dialects.
#include "db/value.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>
#include <type_traits>

namespace pm::db {

namespace {

// Shortest text that reads back as the same double (std::to_chars), so values round-trip.
std::string format_double(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool is_null(const Value& value) { return std::holds_alternative<Null>(value); }

std::optional<std::string> as_text(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::optional<std::string> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>)
          return std::nullopt;
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(v);
        else if constexpr (std::is_same_v<T, double>)
          return format_double(v);
        else if constexpr (std::is_same_v<T, bool>)
          return std::string(v ? "true" : "false");
        else
          return v;
      },
      value);
}

std::optional<std::int64_t> as_int(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::optional<std::int64_t> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? 1 : 0;
        } else if constexpr (std::is_same_v<T, double>) {
          // Only exact integers: a checksum or a batch number must never be silently truncated.
          if (!std::isfinite(v) || std::trunc(v) != v || std::fabs(v) > 9.2e18) return std::nullopt;
          return static_cast<std::int64_t>(v);
        } else {
          std::string_view text = trim(v);
          if (!text.empty() && text.front() == '+') text.remove_prefix(1);
          std::int64_t out = 0;
          auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
          if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
            return std::nullopt;
          }
          return out;
        }
      },
      value);
}

std::optional<bool> as_bool(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::optional<bool> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return v != 0;  // SQLite stores booleans as integers; any non-zero is true there
        } else if constexpr (std::is_same_v<T, double>) {
          return v != 0.0;
        } else {
          const std::string text = lower(trim(v));
          if (text == "1" || text == "t" || text == "true" || text == "yes" || text == "on") {
            return true;
          }
          if (text == "0" || text == "f" || text == "false" || text == "no" || text == "off") {
            return false;
          }
          return std::nullopt;
        }
      },
      value);
}

std::string to_sql_literal(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) {
          return "NULL";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "TRUE" : "FALSE";  // both dialects read TRUE/FALSE (SQLite since 3.23)
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isnan(v)) return "'NaN'";
          if (std::isinf(v)) return v > 0 ? "'Infinity'" : "'-Infinity'";
          return format_double(v);
        } else {
          // Standard SQL string: only the quote doubles. Backslashes stay literal, as they are
          // with PostgreSQL's default standard_conforming_strings=on and in SQLite.
          std::string out = "'";
          for (char c : v) {
            if (c == '\'') out += '\'';
            out += c;
          }
          out += '\'';
          return out;
        }
      },
      value);
}

int ResultSet::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace pm::db
