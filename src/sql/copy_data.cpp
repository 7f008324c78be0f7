// The command ends at the first ';' token (a COPY command has no block that could hold one);
// the data starts on the next line, as the splitter read it.
#include "sql/copy_data.hpp"

#include "sql/lexer.hpp"

namespace pm::sql {

CopyParts copy_parts(const Statement& statement, model::Dialect dialect) {
  const std::string_view text = statement.text;
  if (!statement.copy_from_stdin) return CopyParts{text, {}};
  Lexer lexer(text, dialect);
  std::size_t command_end = 0;
  std::size_t semicolon_end = text.size();
  while (auto token = lexer.next()) {
    if (token->kind == TokenKind::semicolon) {
      semicolon_end = token->end();
      break;
    }
    if (!token->is_comment()) command_end = token->end();
  }
  CopyParts parts{text.substr(0, command_end), {}};
  const std::size_t newline = text.find('\n', semicolon_end);
  const std::size_t last_line = text.rfind('\n');
  if (newline != std::string_view::npos && last_line != std::string_view::npos &&
      last_line > newline) {
    parts.data = text.substr(newline + 1, last_line - newline);
  }
  return parts;
}

}  // namespace pm::sql
