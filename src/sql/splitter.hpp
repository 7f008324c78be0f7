// Splits an SQL script into statements with a real lexer, as Flyway's parser does: strings,
// quoted identifiers, comments (nested on PostgreSQL), dollar quotes, BEGIN ... END bodies and
// COPY ... FROM STDIN data. Each statement keeps its exact text and where it starts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/script.hpp"

namespace pm::sql {

struct Statement {
  std::string text;         // exact original text, without the terminating ';'
  std::size_t offset = 0;   // byte offset of the first character in the script
  int line = 1;             // 1-based line of the first character
  int column = 1;           // 1-based column (bytes) of the first character
  // Runner flags (PostgreSQL): cannot run inside a transaction block.
  bool no_transaction = false;
  // ALTER TYPE ... ADD VALUE: cannot run inside a transaction before PostgreSQL 12.
  bool adds_enum_value = false;
  // BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK inside the script.
  bool transaction_control = false;
  // COPY ... FROM STDIN: `text` includes the data lines up to and including "\.".
  bool copy_from_stdin = false;
};

struct SplitError {
  std::string message;  // "unterminated dollar-quoted string $body$"
  int line = 0;         // where the unterminated construct starts
  int column = 0;
};

struct SplitResult {
  std::vector<Statement> statements;  // statements up to the error, when there is one
  std::optional<SplitError> error;
};

// Comments and blank text between statements are not statements. A script with only comments
// yields none.
SplitResult split_statements(std::string_view script, model::Dialect dialect);

}  // namespace pm::sql
