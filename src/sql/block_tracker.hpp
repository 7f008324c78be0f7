// Tracks what is open inside one statement (parentheses, SQLite trigger BEGIN ... END bodies,
// PostgreSQL BEGIN ATOMIC ... END bodies, CASE ... END inside them) so ';' only splits at depth 0.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/script.hpp"
#include "sql/lexer.hpp"

namespace pm::sql {

class BlockTracker {
 public:
  BlockTracker(std::string_view text, model::Dialect dialect) : text_(text), dialect_(dialect) {}

  // Starts a new statement.
  void reset();
  // Feeds the statement's next token; comments must not be fed.
  void feed(const Token& token);
  // True while a ';' would not end the statement.
  bool inside() const { return !open_.empty(); }

  struct Open {
    std::string construct;  // "BEGIN ... END block", "CASE", "parenthesis", ...
    int line = 0;
    int column = 0;
  };
  // The outermost construct still open: where the error points when the script ends inside it.
  std::optional<Open> outermost() const;

 private:
  enum class Kind { paren, begin, atomic, case_ };
  struct Entry {
    Kind kind;
    int line;
    int column;
  };

  bool is_trigger_statement() const;

  std::string_view text_;
  model::Dialect dialect_;
  std::vector<Entry> open_;
  int blocks_ = 0;                 // BEGIN / ATOMIC entries in open_: CASE only counts inside one
  std::vector<std::string> head_;  // first three words, upper-cased
  std::optional<Token> previous_;
};

}  // namespace pm::sql
