// SQL lexer: turns a script into tokens with kinds and positions, per dialect, so the splitter
// and the DDL reader never mistake a ';' or a keyword inside a string, identifier or comment.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/script.hpp"

namespace pm::sql {

enum class TokenKind {
  word,               // keyword or unquoted identifier
  quoted_identifier,  // "x", `x`, [x], U&"x"
  string,             // 'x', E'x', U&'x'
  dollar_string,      // $$x$$, $tag$x$tag$ (PostgreSQL)
  number,
  parameter,  // $1 (PostgreSQL); ?1, :name, @name, $name (SQLite)
  open_paren,
  close_paren,
  comma,
  dot,
  semicolon,
  operator_,  // any other punctuation, one character per token
  line_comment,
  block_comment,
};

struct Token {
  TokenKind kind = TokenKind::word;
  std::size_t offset = 0;  // byte offset in the lexed text
  std::size_t length = 0;
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes

  std::size_t end() const { return offset + length; }
  bool is_comment() const {
    return kind == TokenKind::line_comment || kind == TokenKind::block_comment;
  }
};

// What differs between dialects. One table per dialect keeps MySQL (backslash escapes in every
// string, '#' comments, no nested comments) a new table rather than new branches everywhere.
struct LexerRules {
  bool nested_block_comments = false;  // PostgreSQL: /* /* */ */ is one comment
  bool dollar_quotes = false;          // PostgreSQL $tag$...$tag$
  bool escape_strings = false;         // PostgreSQL E'..\'..' (other strings: standard_conforming)
  bool unicode_strings = false;        // PostgreSQL U&'...' and U&"..."
  bool backtick_identifiers = false;   // SQLite, MySQL
  bool bracket_identifiers = false;    // SQLite [x]
  bool named_parameters = false;       // SQLite ?1 :name @name $name
};

LexerRules lexer_rules(model::Dialect dialect);

struct LexError {
  std::string message;  // names the construct: "unterminated quoted string"
  int line = 0;         // where the construct starts
  int column = 0;
};

// Pull lexer: the splitter asks for one token at a time and may skip raw text (COPY data),
// which is not SQL and must not be lexed.
class Lexer {
 public:
  Lexer(std::string_view text, model::Dialect dialect);

  // The next token, skipping whitespace; nullopt at the end of the text or on an error.
  std::optional<Token> next();
  const std::optional<LexError>& error() const { return error_; }

  std::size_t offset() const { return pos_; }
  // Moves forward to `offset` without lexing, keeping line and column right.
  void skip_to(std::size_t offset);

 private:
  char peek(std::size_t ahead = 0) const;
  void advance(std::size_t count = 1);
  bool fail(std::string message, int line, int column);

  bool read_quoted(char close, bool doubled_escape, bool backslash_escape);
  bool read_block_comment(int line, int column);
  bool read_dollar_string(std::size_t tag_end, int line, int column);
  void read_word();
  void read_number();

  std::string_view text_;
  LexerRules rules_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::optional<LexError> error_;
};

struct LexResult {
  std::vector<Token> tokens;  // up to the error, when there is one
  std::optional<LexError> error;
};

// The whole text at once, comments included (callers skip what they do not need).
LexResult tokenize(std::string_view text, model::Dialect dialect);

// The token's bytes in the text it was lexed from.
inline std::string_view token_text(std::string_view text, const Token& token) {
  return text.substr(token.offset, token.length);
}

// Upper-cased ASCII copy, for keyword comparison.
std::string upper(std::string_view text);

// Case-insensitive ASCII comparison of a word against an upper-case keyword.
bool is_keyword(std::string_view word, std::string_view keyword);

}  // namespace pm::sql
