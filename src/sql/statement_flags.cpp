// Statement flags from leading keywords. Flyway matches regexes on the upper-cased statement with
// comments removed and whitespace collapsed; comparing word tokens is the same test, without regex.
#include "sql/statement_flags.hpp"

#include "sql/word_tokens.hpp"

namespace pm::sql {

namespace {

bool postgres_no_transaction(const Words& w) {
  if (w.is_any(0, {"CREATE", "DROP"}) && w.is_any(1, {"DATABASE", "TABLESPACE", "SUBSCRIPTION"})) {
    return true;
  }
  if (w.is(0, "ALTER") && w.is(1, "SYSTEM")) return true;
  if (w.is_any(0, {"CREATE", "DROP"})) {
    const std::size_t index = w.is(1, "UNIQUE") ? 2 : 1;
    if (w.is(index, "INDEX") && w.is(index + 1, "CONCURRENTLY")) return true;
  }
  if (w.is(0, "REINDEX")) {
    std::size_t index = w.skip_parens(1);
    if (w.is(index, "VERBOSE")) ++index;
    if (w.is_any(index, {"SCHEMA", "DATABASE", "SYSTEM"})) return true;
    for (std::size_t i = index; i < w.size() && i < index + 3; ++i) {
      if (w.is(i, "CONCURRENTLY")) return true;
    }
  }
  if (w.is(0, "VACUUM")) return true;
  if (w.is(0, "DISCARD") && w.is(1, "ALL")) return true;
  if (w.is_any(0, {"COMMIT", "ROLLBACK"}) && w.is(1, "PREPARED")) return true;
  return false;
}

bool transaction_control(const Words& w, model::Dialect dialect) {
  if (w.is_any(0, {"BEGIN", "COMMIT", "END"})) return !w.is(1, "PREPARED");
  if (w.is(0, "ROLLBACK")) {
    if (w.is(1, "PREPARED")) return false;
    const std::size_t index = w.is_any(1, {"WORK", "TRANSACTION"}) ? 2 : 1;
    return !w.is(index, "TO");
  }
  if (dialect == model::Dialect::postgresql) {
    if (w.is(0, "START") && w.is(1, "TRANSACTION")) return true;
    if (w.is(0, "ABORT")) return true;
    if (w.is(0, "PREPARE") && w.is(1, "TRANSACTION")) return true;
  }
  return false;
}

}  // namespace

StatementFlags classify_statement(std::string_view text, const std::vector<Token>& tokens,
                                  model::Dialect dialect) {
  const Words w(text, tokens);
  StatementFlags flags;
  flags.transaction_control = transaction_control(w, dialect);
  switch (dialect) {
    case model::Dialect::postgresql:
      flags.no_transaction = postgres_no_transaction(w);
      flags.adds_enum_value =
          w.is(0, "ALTER") && w.is(1, "TYPE") && w.find_pair(2, "ADD", "VALUE") < w.size();
      flags.copy_from_stdin = w.is(0, "COPY") && w.find_pair(1, "FROM", "STDIN") < w.size();
      break;
    case model::Dialect::sqlite:
      flags.no_transaction = w.is(0, "VACUUM") || (w.is(0, "PRAGMA") && w.is(1, "FOREIGN_KEYS"));
      break;
  }
  return flags;
}

}  // namespace pm::sql
