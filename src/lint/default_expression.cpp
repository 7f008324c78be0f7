// PostgreSQL's volatile built-ins that appear as column defaults (pg_proc.provolatile = 'v');
// now() and CURRENT_TIMESTAMP are stable, so PostgreSQL evaluates them once for the whole ADD.
#include "lint/default_expression.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "sql/lexer.hpp"

namespace pm::lint {

namespace {

constexpr std::array<std::string_view, 9> kVolatileFunctions = {
    "RANDOM",           "GEN_RANDOM_UUID", "UUID_GENERATE_V1", "UUID_GENERATE_V1MC",
    "UUID_GENERATE_V4", "CLOCK_TIMESTAMP", "TIMEOFDAY",        "NEXTVAL",
    "SETSEED"};

constexpr std::array<std::string_view, 3> kSqliteTimeKeywords = {"CURRENT_TIME", "CURRENT_DATE",
                                                                 "CURRENT_TIMESTAMP"};

std::vector<sql::Token> code_tokens(std::string_view text, model::Dialect dialect) {
  std::vector<sql::Token> out;
  for (const auto& token : sql::tokenize(text, dialect).tokens) {
    if (!token.is_comment()) out.push_back(token);
  }
  return out;
}

// The last name of a function called in `text` (schema prefix left out) that is in `names`.
bool calls_any(std::string_view text, const std::vector<sql::Token>& tokens,
               const std::array<std::string_view, 9>& names) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].kind != sql::TokenKind::word || tokens[i + 1].kind != sql::TokenKind::open_paren)
      continue;
    for (auto name : names) {
      if (sql::is_keyword(sql::token_text(text, tokens[i]), name)) return true;
    }
  }
  return false;
}

std::string postgres_reason(const model::Column& column) {
  using model::LogicalType;
  if (column.type.kind == LogicalType::serial || column.type.kind == LogicalType::bigserial)
    return "a serial column";
  if (column.autoincrement) return "an identity column";
  if (column.generated) return "a stored generated column";
  if (column.default_sql) {
    const std::string& text = *column.default_sql;
    if (calls_any(text, code_tokens(text, model::Dialect::postgresql), kVolatileFunctions))
      return "the volatile default " + text;
  }
  return "";
}

std::string sqlite_reason(const model::Column& column) {
  if (!column.default_sql) return "";
  const std::string& text = *column.default_sql;
  const auto tokens = code_tokens(text, model::Dialect::sqlite);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto kind = tokens[i].kind;
    const bool call = kind == sql::TokenKind::word && i + 1 < tokens.size() &&
                      tokens[i + 1].kind == sql::TokenKind::open_paren;
    bool time_keyword = false;
    for (auto keyword : kSqliteTimeKeywords)
      time_keyword |= kind == sql::TokenKind::word &&
                      sql::is_keyword(sql::token_text(text, tokens[i]), keyword);
    if (call || time_keyword || (i == 0 && kind == sql::TokenKind::open_paren))
      return "the non-constant default " + text;
  }
  return "";
}

}  // namespace

std::string row_by_row_default(const model::Column& column, model::Dialect dialect) {
  return dialect == model::Dialect::postgresql ? postgres_reason(column) : sqlite_reason(column);
}

}  // namespace pm::lint
