// Keyword tests over a statement's tokens (comments left out): what the statement classifiers
// (runner flags, lint) ask of its leading words, without regexes over raw text.
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "sql/lexer.hpp"

namespace pm::sql {

// A statement's tokens read as words. Holds references: the text and tokens must outlive it.
class Words {
 public:
  Words(std::string_view text, const std::vector<Token>& tokens) : text_(text), tokens_(tokens) {}

  std::size_t size() const { return tokens_.size(); }

  // True when the token at `index` is an unquoted word equal to `keyword` (upper case).
  bool is(std::size_t index, std::string_view keyword) const {
    return index < tokens_.size() && tokens_[index].kind == TokenKind::word &&
           is_keyword(token_text(text_, tokens_[index]), keyword);
  }

  bool is_any(std::size_t index, std::initializer_list<std::string_view> keywords) const {
    for (auto keyword : keywords) {
      if (is(index, keyword)) return true;
    }
    return false;
  }

  const Token& token(std::size_t index) const { return tokens_[index]; }
  std::string_view text(std::size_t index) const { return token_text(text_, tokens_[index]); }

  // Index of the first word `keyword` at or after `from`, or size().
  std::size_t find(std::size_t from, std::string_view keyword) const {
    for (std::size_t i = from; i < tokens_.size(); ++i) {
      if (is(i, keyword)) return i;
    }
    return tokens_.size();
  }

  // Index of the first `first second` pair at or after `from`, or size().
  std::size_t find_pair(std::size_t from, std::string_view first, std::string_view second) const {
    for (std::size_t i = from; i + 1 < tokens_.size(); ++i) {
      if (is(i, first) && is(i + 1, second)) return i;
    }
    return tokens_.size();
  }

  // Skips a parenthesized option list such as REINDEX (VERBOSE) starting at `index`.
  std::size_t skip_parens(std::size_t index) const {
    if (index >= tokens_.size() || tokens_[index].kind != TokenKind::open_paren) return index;
    int depth = 0;
    for (; index < tokens_.size(); ++index) {
      if (tokens_[index].kind == TokenKind::open_paren) ++depth;
      if (tokens_[index].kind == TokenKind::close_paren && --depth == 0) return index + 1;
    }
    return index;
  }

 private:
  std::string_view text_;
  const std::vector<Token>& tokens_;
};

}  // namespace pm::sql
