// Statement splitter: lexes the script, feeds tokens to the block tracker, and cuts at ';' when
// nothing is open. COPY ... FROM STDIN data is read as raw lines, as Flyway and psql do.
#include "sql/splitter.hpp"

#include "sql/block_tracker.hpp"
#include "sql/lexer.hpp"
#include "sql/statement_flags.hpp"

namespace pm::sql {

namespace {

struct CopyDataEnd {
  std::size_t text_end = 0;  // just after "\." (the statement text ends here)
  std::size_t line_end = 0;  // just after the "\." line, where lexing resumes
};

// Data starts on the line after the ';' (the rest of that line is skipped, as Flyway does) and
// ends at the first line that is "\." once trimmed.
std::optional<CopyDataEnd> find_copy_data_end(std::string_view script,
                                              std::size_t after_semicolon) {
  std::size_t newline = script.find('\n', after_semicolon);
  while (newline != std::string_view::npos) {
    const std::size_t start = newline + 1;
    newline = script.find('\n', start);
    const std::size_t stop = newline == std::string_view::npos ? script.size() : newline;
    std::string_view line = script.substr(start, stop - start);
    const std::size_t first = line.find_first_not_of(" \t\r");
    const std::size_t last = line.find_last_not_of(" \t\r");
    if (first != std::string_view::npos && line.substr(first, last - first + 1) == "\\.") {
      return CopyDataEnd{start + last + 1, stop};
    }
  }
  return std::nullopt;
}

class Splitter {
 public:
  Splitter(std::string_view script, model::Dialect dialect)
      : script_(script), dialect_(dialect), lexer_(script, dialect), blocks_(script, dialect) {}

  SplitResult run() {
    while (auto token = lexer_.next()) {
      if (token->is_comment()) continue;
      if (token->kind == TokenKind::semicolon && !blocks_.inside()) {
        if (!finish(token)) return std::move(result_);
        continue;
      }
      tokens_.push_back(*token);
      blocks_.feed(*token);
    }
    if (const auto& error = lexer_.error()) {
      result_.error = SplitError{error->message, error->line, error->column};
      return std::move(result_);
    }
    if (auto open = blocks_.outermost()) {
      const std::string message = open->construct == "parenthesis"
                                      ? "unclosed parenthesis"
                                      : open->construct + " without END";
      result_.error = SplitError{message, open->line, open->column};
      return std::move(result_);
    }
    finish(std::nullopt);
    return std::move(result_);
  }

 private:
  // Emits the statement made of tokens_; false on an error that stops the split.
  bool finish(const std::optional<Token>& semicolon) {
    if (tokens_.empty()) return true;
    Statement statement;
    statement.offset = tokens_.front().offset;
    statement.line = tokens_.front().line;
    statement.column = tokens_.front().column;
    std::size_t end = tokens_.back().end();

    const StatementFlags flags = classify_statement(script_, tokens_, dialect_);
    statement.no_transaction = flags.no_transaction;
    statement.adds_enum_value = flags.adds_enum_value;
    statement.transaction_control = flags.transaction_control;
    // Without a ';' there is no data to read: the statement is the script's last.
    statement.copy_from_stdin = flags.copy_from_stdin && semicolon.has_value();
    if (statement.copy_from_stdin) {
      const auto data = find_copy_data_end(script_, semicolon->end());
      if (!data) {
        result_.error = SplitError{"COPY ... FROM STDIN data without a terminating \\. line",
                                   statement.line, statement.column};
        return false;
      }
      end = data->text_end;
      lexer_.skip_to(data->line_end);
    }
    statement.text = std::string(script_.substr(statement.offset, end - statement.offset));
    result_.statements.push_back(std::move(statement));
    tokens_.clear();
    blocks_.reset();
    return true;
  }

  std::string_view script_;
  model::Dialect dialect_;
  Lexer lexer_;
  BlockTracker blocks_;
  std::vector<Token> tokens_;  // the current statement's tokens, without comments
  SplitResult result_;
};

}  // namespace

SplitResult split_statements(std::string_view script, model::Dialect dialect) {
  return Splitter(script, dialect).run();
}

}  // namespace pm::sql
