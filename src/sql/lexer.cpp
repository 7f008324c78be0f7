// SQL lexer: one pass over the bytes, tracking line and column, with the dialect's quoting rules
// taken from LexerRules. Strings follow standard_conforming_strings=on (backslash is plain).
#include "sql/lexer.hpp"

namespace pm::sql {

namespace {

bool is_ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Both dialects allow '$' inside an unquoted identifier (PostgreSQL: "a$b"; SQLite: IdChar).
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c) || c == '$'; }

// Dollar-quote tags are identifiers without '$'.
bool is_tag_char(char c) { return is_ident_start(c) || is_digit(c); }

}  // namespace

LexerRules lexer_rules(model::Dialect dialect) {
  LexerRules rules;
  switch (dialect) {
    case model::Dialect::postgresql:
      rules.nested_block_comments = true;
      rules.dollar_quotes = true;
      rules.escape_strings = true;
      rules.unicode_strings = true;
      break;
    case model::Dialect::sqlite:
      rules.backtick_identifiers = true;
      rules.bracket_identifiers = true;
      rules.named_parameters = true;
      break;
  }
  return rules;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool is_keyword(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

Lexer::Lexer(std::string_view text, model::Dialect dialect)
    : text_(text), rules_(lexer_rules(dialect)) {}

char Lexer::peek(std::size_t ahead) const {
  return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
}

void Lexer::advance(std::size_t count) {
  for (std::size_t i = 0; i < count && pos_ < text_.size(); ++i) {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
}

void Lexer::skip_to(std::size_t offset) {
  if (offset > pos_) advance(offset - pos_);
}

bool Lexer::fail(std::string message, int line, int column) {
  error_ = LexError{std::move(message), line, column};
  return false;
}

// At the opening quote. Returns false when the text ends before the closing quote.
bool Lexer::read_quoted(char close, bool doubled_escape, bool backslash_escape) {
  advance();
  while (pos_ < text_.size()) {
    const char c = peek();
    if (backslash_escape && c == '\\') {
      advance(2);
      continue;
    }
    if (c == close) {
      if (doubled_escape && peek(1) == close) {
        advance(2);
        continue;
      }
      advance();
      return true;
    }
    advance();
  }
  return false;
}

bool Lexer::read_block_comment(int line, int column) {
  advance(2);
  int depth = 1;
  while (pos_ < text_.size()) {
    if (peek() == '*' && peek(1) == '/') {
      advance(2);
      if (--depth == 0) return true;
    } else if (rules_.nested_block_comments && peek() == '/' && peek(1) == '*') {
      advance(2);
      ++depth;
    } else {
      advance();
    }
  }
  return fail("unterminated block comment", line, column);
}

// `tag_end` is the offset of the '$' closing the opening delimiter.
bool Lexer::read_dollar_string(std::size_t tag_end, int line, int column) {
  const std::string_view delimiter = text_.substr(pos_, tag_end - pos_ + 1);
  const std::size_t close = text_.find(delimiter, tag_end + 1);
  if (close == std::string_view::npos) {
    return fail("unterminated dollar-quoted string " + std::string(delimiter), line, column);
  }
  skip_to(close + delimiter.size());
  return true;
}

void Lexer::read_word() {
  while (pos_ < text_.size() && is_ident_char(peek())) advance();
}

void Lexer::read_number() {
  bool hex = peek() == '0' && (peek(1) == 'x' || peek(1) == 'X');
  while (pos_ < text_.size()) {
    const char c = peek();
    if (!hex && (c == 'e' || c == 'E') && (peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))) {
      advance(2);
    } else if (is_digit(c) || is_ident_start(c) || c == '.') {
      // A second '.' cannot belong to a number; stop so "1..2" stays visible.
      if (c == '.' && peek(1) == '.') break;
      advance();
    } else {
      break;
    }
  }
}

std::optional<Token> Lexer::next() {
  if (error_) return std::nullopt;
  while (pos_ < text_.size()) {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      advance();
    } else {
      break;
    }
  }
  if (pos_ >= text_.size()) return std::nullopt;

  Token token;
  token.offset = pos_;
  token.line = line_;
  token.column = column_;
  const char c = peek();
  bool ok = true;

  auto quoted = [&](TokenKind kind, char close, bool doubled, bool backslash, const char* what) {
    token.kind = kind;
    if (!read_quoted(close, doubled, backslash)) ok = fail(what, token.line, token.column);
  };

  if (c == '-' && peek(1) == '-') {
    token.kind = TokenKind::line_comment;
    while (pos_ < text_.size() && peek() != '\n') advance();
  } else if (c == '/' && peek(1) == '*') {
    token.kind = TokenKind::block_comment;
    ok = read_block_comment(token.line, token.column);
  } else if (c == '\'') {
    quoted(TokenKind::string, '\'', true, false, "unterminated quoted string");
  } else if (c == '"') {
    quoted(TokenKind::quoted_identifier, '"', true, false, "unterminated quoted identifier");
  } else if (c == '`' && rules_.backtick_identifiers) {
    quoted(TokenKind::quoted_identifier, '`', true, false, "unterminated quoted identifier");
  } else if (c == '[' && rules_.bracket_identifiers) {
    quoted(TokenKind::quoted_identifier, ']', false, false, "unterminated quoted identifier");
  } else if (rules_.escape_strings && (c == 'e' || c == 'E') && peek(1) == '\'') {
    advance();
    quoted(TokenKind::string, '\'', true, true, "unterminated escape string");
  } else if (rules_.unicode_strings && (c == 'u' || c == 'U') && peek(1) == '&' &&
             (peek(2) == '\'' || peek(2) == '"')) {
    const bool identifier = peek(2) == '"';
    advance(2);
    if (identifier) {
      quoted(TokenKind::quoted_identifier, '"', true, false, "unterminated quoted identifier");
    } else {
      quoted(TokenKind::string, '\'', true, false, "unterminated Unicode string");
    }
  } else if (c == '$' && rules_.dollar_quotes && (peek(1) == '$' || is_ident_start(peek(1)))) {
    std::size_t tag_end = pos_ + 1;
    while (tag_end < text_.size() && is_tag_char(text_[tag_end])) ++tag_end;
    if (tag_end < text_.size() && text_[tag_end] == '$') {
      token.kind = TokenKind::dollar_string;
      ok = read_dollar_string(tag_end, token.line, token.column);
    } else {
      token.kind = TokenKind::operator_;  // "$x" outside a tag is not valid PostgreSQL
      advance();
    }
  } else if (c == '$' && is_digit(peek(1))) {
    token.kind = TokenKind::parameter;
    advance();
    while (is_digit(peek())) advance();
  } else if (rules_.named_parameters &&
             ((c == '?') || ((c == ':' || c == '@' || c == '$') && is_ident_char(peek(1))))) {
    token.kind = TokenKind::parameter;
    advance();
    read_word();
  } else if (is_ident_start(c)) {
    token.kind = TokenKind::word;
    read_word();
  } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
    token.kind = TokenKind::number;
    read_number();
  } else {
    switch (c) {
      case '(':
        token.kind = TokenKind::open_paren;
        break;
      case ')':
        token.kind = TokenKind::close_paren;
        break;
      case ',':
        token.kind = TokenKind::comma;
        break;
      case '.':
        token.kind = TokenKind::dot;
        break;
      case ';':
        token.kind = TokenKind::semicolon;
        break;
      default:
        token.kind = TokenKind::operator_;
        break;
    }
    advance();
  }
  if (!ok) return std::nullopt;
  token.length = pos_ - token.offset;
  return token;
}

LexResult tokenize(std::string_view text, model::Dialect dialect) {
  LexResult result;
  Lexer lexer(text, dialect);
  while (auto token = lexer.next()) result.tokens.push_back(*token);
  result.error = lexer.error();
  return result;
}

}  // namespace pm::sql
