// Specification of the SQL lexer: token kinds, exact extents and positions per dialect.
#include "sql/lexer.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

using pm::model::Dialect;
using pm::sql::TokenKind;

namespace {

using Kinds = std::vector<std::pair<TokenKind, std::string>>;

Kinds lex(const std::string& text, Dialect dialect) {
  const auto result = pm::sql::tokenize(text, dialect);
  REQUIRE_FALSE(result.error);
  Kinds out;
  for (const auto& token : result.tokens) {
    out.emplace_back(token.kind, std::string(pm::sql::token_text(text, token)));
  }
  return out;
}

}  // namespace

TEST_CASE("lexer: PostgreSQL token kinds", "[sql][lexer]") {
  const Kinds expected = {
      {TokenKind::word, "SELECT"},
      {TokenKind::string, "E'a\\'b'"},
      {TokenKind::comma, ","},
      {TokenKind::string, "U&'x'"},
      {TokenKind::comma, ","},
      {TokenKind::dollar_string, "$f$ $$ $f$"},
      {TokenKind::comma, ","},
      {TokenKind::parameter, "$12"},
      {TokenKind::operator_, ":"},
      {TokenKind::operator_, ":"},
      {TokenKind::word, "int"},
      {TokenKind::comma, ","},
      {TokenKind::number, "1.5e-3"},
      {TokenKind::comma, ","},
      {TokenKind::quoted_identifier, "\"A\"\"b\""},
      {TokenKind::dot, "."},
      {TokenKind::word, "c$d"},
      {TokenKind::block_comment, "/* /* n */ */"},
      {TokenKind::open_paren, "("},
      {TokenKind::close_paren, ")"},
      {TokenKind::line_comment, "-- end"},
      {TokenKind::semicolon, ";"},
  };
  CHECK(lex("SELECT E'a\\'b', U&'x', $f$ $$ $f$, $12::int, 1.5e-3, \"A\"\"b\".c$d "
            "/* /* n */ */() -- end\n;",
            Dialect::postgresql) == expected);
}

TEST_CASE("lexer: SQLite token kinds", "[sql][lexer]") {
  const Kinds expected = {
      {TokenKind::quoted_identifier, "`a``b`"},
      {TokenKind::quoted_identifier, "[c d]"},
      {TokenKind::parameter, "?1"},
      {TokenKind::parameter, ":name"},
      {TokenKind::parameter, "$x"},
      {TokenKind::word, "E"},
      {TokenKind::string, "'\\'"},
      {TokenKind::block_comment, "/* /* */"},
      {TokenKind::operator_, "*"},
      {TokenKind::operator_, "/"},
  };
  CHECK(lex("`a``b` [c d] ?1 :name $x E'\\' /* /* */ */", Dialect::sqlite) == expected);
}

TEST_CASE("lexer: positions count lines and byte columns", "[sql][lexer]") {
  const std::string text = "a\n  'x\ny' b\r\n\tc";
  const auto result = pm::sql::tokenize(text, Dialect::postgresql);
  REQUIRE(result.tokens.size() == 4);
  CHECK(result.tokens[1].line == 2);
  CHECK(result.tokens[1].column == 3);
  CHECK(result.tokens[2].line == 3);
  CHECK(result.tokens[2].column == 4);
  CHECK(result.tokens[3].line == 4);
  CHECK(result.tokens[3].column == 2);
}
