// A cursor over one statement's tokens (comments removed) for the DDL reader: keyword tests,
// identifiers folded per dialect, and exact source text of expressions between tokens.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/op.hpp"
#include "model/script.hpp"
#include "sql/lexer.hpp"

namespace pm::sql {

class DdlCursor {
 public:
  DdlCursor(std::string_view text, model::Dialect dialect);

  bool lexed() const { return lexed_; }
  bool at_end() const { return index_ >= tokens_.size(); }
  std::size_t position() const { return index_; }
  void seek(std::size_t position) { index_ = position; }
  void skip_rest() { index_ = tokens_.size(); }
  model::Dialect dialect() const { return dialect_; }

  // Keyword tests look at unquoted words only: "end" in quotes is a name, never a keyword.
  bool peek_keyword(std::string_view keyword, std::size_t ahead = 0) const;
  bool accept(std::string_view keyword);
  // Accepts the whole sequence or nothing.
  bool accept(std::initializer_list<std::string_view> keywords);
  bool peek_kind(TokenKind kind, std::size_t ahead = 0) const;
  bool accept_kind(TokenKind kind);
  // '[' and ']' are operator tokens on PostgreSQL.
  bool accept_operator(char op);

  // An identifier (word or quoted), folded: PostgreSQL lower-cases unquoted names, quoted ones
  // keep their case; SQLite names are case-insensitive and stay as written.
  std::optional<std::string> identifier();
  // [schema.]name
  std::optional<model::QualifiedName> qualified_name();
  // ( a, b, ... ) of plain column names, each optionally followed by ASC/DESC/COLLATE x.
  std::optional<std::vector<std::string>> column_list();

  // Consumes an expression up to a ',' or ')' at depth 0, the end, or (at depth 0) one of the
  // `stop` keywords; returns its exact source text, or nullopt when it is empty.
  std::optional<std::string> expression(std::initializer_list<std::string_view> stop = {});
  // At '(': consumes through the matching ')' and returns the text between them.
  std::optional<std::string> parenthesized();
  // Text from token `first` through token `last` (inclusive), exactly as written.
  std::string text_between(std::size_t first, std::size_t last) const;
  // The rest of the statement, exactly as written.
  std::string rest() const;

  // A single-quoted string literal's value.
  std::optional<std::string> string_literal();

 private:
  std::string fold(const Token& token) const;

  std::string_view text_;
  model::Dialect dialect_;
  std::vector<Token> tokens_;
  std::size_t index_ = 0;
  bool lexed_ = false;
};

}  // namespace pm::sql
