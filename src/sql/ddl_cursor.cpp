// Token navigation for the DDL reader. Expressions are never rebuilt from tokens: their text is cut
// from the statement, so DEFAULT, CHECK and WHERE keep the author's exact spelling.
#include "sql/ddl_cursor.hpp"

namespace pm::sql {

DdlCursor::DdlCursor(std::string_view text, model::Dialect dialect)
    : text_(text), dialect_(dialect) {
  LexResult lexed = tokenize(text, dialect);
  lexed_ = !lexed.error.has_value();
  for (const Token& token : lexed.tokens) {
    if (!token.is_comment() && token.kind != TokenKind::semicolon) tokens_.push_back(token);
  }
}

bool DdlCursor::peek_keyword(std::string_view keyword, std::size_t ahead) const {
  const std::size_t i = index_ + ahead;
  return i < tokens_.size() && tokens_[i].kind == TokenKind::word &&
         is_keyword(token_text(text_, tokens_[i]), keyword);
}

bool DdlCursor::accept(std::string_view keyword) {
  if (!peek_keyword(keyword)) return false;
  ++index_;
  return true;
}

bool DdlCursor::accept(std::initializer_list<std::string_view> keywords) {
  std::size_t ahead = 0;
  for (auto keyword : keywords) {
    if (!peek_keyword(keyword, ahead++)) return false;
  }
  index_ += keywords.size();
  return true;
}

bool DdlCursor::peek_kind(TokenKind kind, std::size_t ahead) const {
  return index_ + ahead < tokens_.size() && tokens_[index_ + ahead].kind == kind;
}

bool DdlCursor::accept_kind(TokenKind kind) {
  if (!peek_kind(kind)) return false;
  ++index_;
  return true;
}

bool DdlCursor::accept_operator(char op) {
  if (!peek_kind(TokenKind::operator_) || text_[tokens_[index_].offset] != op) return false;
  ++index_;
  return true;
}

std::string DdlCursor::fold(const Token& token) const {
  const std::string_view raw = token_text(text_, token);
  if (token.kind == TokenKind::word) {
    if (dialect_ == model::Dialect::postgresql) {
      std::string lower(raw);
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      return lower;
    }
    return std::string(raw);
  }
  // Quoted: drop the prefix (U&), the quotes, and undouble the closing quote.
  std::string_view body = raw;
  if (body.size() >= 2 && (body[0] == 'U' || body[0] == 'u') && body[1] == '&')
    body.remove_prefix(2);
  const char close = body.front() == '[' ? ']' : body.front();
  body = body.substr(1, body.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == close && close != ']' && i + 1 < body.size() && body[i + 1] == close) ++i;
  }
  return out;
}

std::optional<std::string> DdlCursor::identifier() {
  if (!peek_kind(TokenKind::word) && !peek_kind(TokenKind::quoted_identifier)) return std::nullopt;
  return fold(tokens_[index_++]);
}

std::optional<model::QualifiedName> DdlCursor::qualified_name() {
  auto first = identifier();
  if (!first) return std::nullopt;
  if (!peek_kind(TokenKind::dot)) return model::QualifiedName{"", *first};
  ++index_;
  auto second = identifier();
  if (!second) return std::nullopt;
  return model::QualifiedName{*first, *second};
}

std::optional<std::vector<std::string>> DdlCursor::column_list() {
  if (!accept_kind(TokenKind::open_paren)) return std::nullopt;
  std::vector<std::string> names;
  while (true) {
    auto name = identifier();
    if (!name) return std::nullopt;
    names.push_back(*name);
    if (accept("COLLATE") && !identifier()) return std::nullopt;
    if (!accept("ASC")) accept("DESC");
    if (accept_kind(TokenKind::comma)) continue;
    if (accept_kind(TokenKind::close_paren)) return names;
    return std::nullopt;
  }
}

std::optional<std::string> DdlCursor::expression(std::initializer_list<std::string_view> stop) {
  const std::size_t first = index_;
  int depth = 0;
  while (index_ < tokens_.size()) {
    const Token& token = tokens_[index_];
    if (token.kind == TokenKind::open_paren) {
      ++depth;
    } else if (token.kind == TokenKind::close_paren) {
      if (depth == 0) break;
      --depth;
    } else if (depth == 0 && token.kind == TokenKind::comma) {
      break;
    } else if (depth == 0 && index_ > first && token.kind == TokenKind::word) {
      bool stops = false;
      for (auto keyword : stop) stops = stops || is_keyword(token_text(text_, token), keyword);
      if (stops) break;
    }
    ++index_;
  }
  if (index_ == first) return std::nullopt;
  return text_between(first, index_ - 1);
}

std::optional<std::string> DdlCursor::parenthesized() {
  if (!accept_kind(TokenKind::open_paren)) return std::nullopt;
  const std::size_t first = index_;
  int depth = 1;
  while (index_ < tokens_.size()) {
    if (tokens_[index_].kind == TokenKind::open_paren) ++depth;
    if (tokens_[index_].kind == TokenKind::close_paren && --depth == 0) break;
    ++index_;
  }
  if (index_ >= tokens_.size()) return std::nullopt;
  const std::size_t last = index_++;
  if (last == first) return std::string();
  return text_between(first, last - 1);
}

std::string DdlCursor::text_between(std::size_t first, std::size_t last) const {
  const std::size_t begin = tokens_[first].offset;
  return std::string(text_.substr(begin, tokens_[last].end() - begin));
}

std::string DdlCursor::rest() const {
  if (at_end()) return {};
  return text_between(index_, tokens_.size() - 1);
}

std::optional<std::string> DdlCursor::string_literal() {
  if (!peek_kind(TokenKind::string)) return std::nullopt;
  const std::string_view raw = token_text(text_, tokens_[index_]);
  if (raw.front() != '\'') return std::nullopt;  // E'' and U&'' values need unescaping: not here
  ++index_;
  std::string out;
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    out += raw[i];
    if (raw[i] == '\'' && raw[i + 1] == '\'') ++i;
  }
  return out;
}

}  // namespace pm::sql
