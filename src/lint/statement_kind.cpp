// Leading keywords decide the kind, as PostgreSQL's grammar does; names are read from the tokens
// that follow them, quoted identifiers unquoted.
#include "lint/statement_kind.hpp"

#include <vector>

#include "sql/lexer.hpp"
#include "sql/word_tokens.hpp"

namespace pm::lint {

namespace {

using sql::TokenKind;
using sql::Words;

// The name that starts at `index` (`a`, `"a"`, `s.a`), unquoted; `next` gets the index after it.
std::string read_name(const Words& w, std::size_t index, std::size_t& next) {
  std::string name;
  next = index;
  while (next < w.size()) {
    const auto kind = w.token(next).kind;
    if (kind != TokenKind::word && kind != TokenKind::quoted_identifier) break;
    std::string_view part = w.text(next);
    if (kind == TokenKind::quoted_identifier && part.size() >= 2)
      part = part.substr(1, part.size() - 2);
    name += part;
    ++next;
    if (next < w.size() && w.token(next).kind == TokenKind::dot) {
      name += '.';
      ++next;
    } else {
      break;
    }
  }
  return name;
}

// Whether a word appears outside parentheses from `from` on: a WHERE inside a subquery of the
// SET list does not bound the UPDATE.
bool top_level_word(const Words& w, std::size_t from, std::string_view keyword) {
  int depth = 0;
  for (std::size_t i = from; i < w.size(); ++i) {
    const auto kind = w.token(i).kind;
    if (kind == TokenKind::open_paren) ++depth;
    if (kind == TokenKind::close_paren) --depth;
    if (depth == 0 && w.is(i, keyword)) return true;
  }
  return false;
}

// A '...' literal's value ('' inside it is one quote); "" when the token is not one.
std::string string_at(const Words& w, std::size_t index) {
  if (index >= w.size() || w.token(index).kind != TokenKind::string) return "";
  const std::string_view quoted = w.text(index);
  if (quoted.size() < 2 || quoted.front() != '\'') return "";
  std::string value;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    value += quoted[i];
    if (quoted[i] == '\'' && quoted[i + 1] == '\'') ++i;
  }
  return value;
}

StatementFacts alter_type(const Words& w) {
  std::size_t at = 2;
  StatementFacts facts;
  facts.verb = "ALTER TYPE";
  facts.object = read_name(w, at, at);
  if (w.is(at, "RENAME") && w.is(at + 1, "VALUE")) {
    facts.kind = StatementKind::enum_rename_value;
    facts.old_value = string_at(w, at + 2);
    if (w.is(at + 3, "TO")) facts.new_value = string_at(w, at + 4);
  } else if (w.is(at, "ADD") && w.is(at + 1, "VALUE")) {
    std::size_t value = at + 2;
    if (w.is(value, "IF") && w.is(value + 1, "NOT") && w.is(value + 2, "EXISTS")) value += 3;
    facts.new_value = string_at(w, value);
    const bool positioned =
        w.find(at + 2, "BEFORE") < w.size() || w.find(at + 2, "AFTER") < w.size();
    facts.kind =
        positioned ? StatementKind::enum_add_value_positioned : StatementKind::enum_add_value;
  }
  return facts;
}

StatementFacts alter_table_using_index(const Words& w) {
  StatementFacts facts;
  facts.verb = "ALTER TABLE";
  std::size_t at = 2;
  if (w.is(at, "IF") && w.is(at + 1, "EXISTS")) at += 2;
  if (w.is(at, "ONLY")) ++at;
  facts.object = read_name(w, at, at);
  if (!w.is(at, "ADD")) return facts;
  std::size_t rest = at + 1;
  if (w.is(rest, "CONSTRAINT")) read_name(w, rest + 1, rest);
  const bool key = w.is(rest, "UNIQUE") || (w.is(rest, "PRIMARY") && w.is(rest + 1, "KEY"));
  const std::size_t using_at = w.find_pair(rest, "USING", "INDEX");
  bool one_action = true;
  for (std::size_t i = at; i < w.size(); ++i) one_action &= w.token(i).kind != TokenKind::comma;
  if (key && using_at < w.size() && one_action) facts.kind = StatementKind::constraint_using_index;
  return facts;
}

StatementFacts data_statement(const Words& w) {
  StatementFacts facts;
  facts.verb = sql::upper(w.text(0));
  std::size_t at = 1;
  if (w.is(0, "UPDATE")) {
    if (w.is(at, "ONLY")) ++at;
    facts.object = read_name(w, at, at);
    facts.kind = StatementKind::data_change;
    facts.bounded = top_level_word(w, at, "WHERE");
  } else if (w.is(0, "DELETE")) {
    if (w.is(at, "FROM")) ++at;
    if (w.is(at, "ONLY")) ++at;
    facts.object = read_name(w, at, at);
    facts.kind = StatementKind::data_change;
    facts.bounded = top_level_word(w, at, "WHERE");
  } else if (w.is(0, "TRUNCATE")) {
    if (w.is(at, "TABLE")) ++at;
    if (w.is(at, "ONLY")) ++at;
    facts.object = read_name(w, at, at);
    facts.kind = StatementKind::data_change;
    facts.bounded = false;
  } else if (w.is(0, "MERGE")) {
    if (w.is(at, "INTO")) ++at;
    facts.object = read_name(w, at, at);
    facts.kind = StatementKind::data_change;
  } else if (w.is(0, "INSERT")) {
    if (w.is(at, "INTO")) ++at;
    facts.object = read_name(w, at, at);
    const bool from_query = w.find(at, "SELECT") < w.size();
    facts.kind = from_query ? StatementKind::data_change : StatementKind::data_insert;
    facts.bounded = !from_query;
  }
  return facts;
}

// SELECT set_config('lock_timeout', ...): the function form of SET, which some teams write
// because it takes the value as an expression. Any set_config call of the query counts.
bool sets_lock_timeout_by_function(const Words& w) {
  for (std::size_t i = 1; i + 2 < w.size(); ++i) {
    if (!w.is(i, "SET_CONFIG") || w.token(i + 1).kind != TokenKind::open_paren) continue;
    const auto& name = w.token(i + 2);
    if (name.kind == TokenKind::string && sql::is_keyword(w.text(i + 2), "'LOCK_TIMEOUT'"))
      return true;
  }
  return false;
}

}  // namespace

StatementFacts classify_statement_for_lint(std::string_view text, model::Dialect dialect) {
  sql::LexResult lexed = sql::tokenize(text, dialect);
  if (lexed.error) return {};
  std::vector<sql::Token> tokens;
  for (const auto& token : lexed.tokens) {
    if (!token.is_comment()) tokens.push_back(token);
  }
  const Words w(text, tokens);
  StatementFacts harmless;
  harmless.kind = StatementKind::harmless;
  if (w.size() == 0) return harmless;
  harmless.verb = sql::upper(w.text(0));

  if (w.is(0, "SET")) {
    std::size_t at = 1;
    if (w.is_any(at, {"SESSION", "LOCAL"})) ++at;
    if (w.is(at, "LOCK_TIMEOUT")) return {.kind = StatementKind::sets_lock_timeout, .verb = "SET"};
    return harmless;
  }
  if (w.is_any(0, {"RESET", "COMMENT", "ANALYZE", "BEGIN", "COMMIT", "END", "ROLLBACK"}) ||
      (w.is(0, "START") && w.is(1, "TRANSACTION")) ||
      (w.is(0, "PRAGMA") && dialect == model::Dialect::sqlite)) {
    return harmless;
  }
  if (w.is(0, "SELECT") && sets_lock_timeout_by_function(w))
    return {.kind = StatementKind::sets_lock_timeout, .verb = "SELECT"};
  // A query changes nothing, unless it makes a table (SELECT ... INTO).
  if (w.is_any(0, {"SELECT", "VALUES"}) && !top_level_word(w, 1, "INTO")) return harmless;
  if (w.is(0, "WITH")) {
    for (const char* verb : {"UPDATE", "DELETE", "INSERT", "MERGE"}) {
      // The data-changing part may sit inside a CTE's parentheses.
      if (w.find(1, verb) < w.size()) {
        StatementFacts facts{.kind = StatementKind::data_change,
                             .verb = "WITH ... " + std::string(verb)};
        return facts;
      }
    }
    return top_level_word(w, 1, "INTO") ? StatementFacts{} : harmless;
  }
  if (w.is(0, "ALTER") && w.is(1, "TYPE")) return alter_type(w);
  if (w.is(0, "ALTER") && w.is(1, "TABLE")) return alter_table_using_index(w);
  if (w.is_any(0, {"UPDATE", "DELETE", "TRUNCATE", "MERGE", "INSERT"})) return data_statement(w);
  StatementFacts unknown;
  unknown.verb = sql::upper(w.text(0));
  return unknown;
}

}  // namespace pm::lint
