// Runner flags of one statement (no transaction, enum ADD VALUE, transaction control, COPY data),
// decided from its leading keywords as Flyway's PostgreSQLParser and SQLiteParser decide them.
#pragma once

#include <string_view>
#include <vector>

#include "model/script.hpp"
#include "sql/lexer.hpp"

namespace pm::sql {

struct StatementFlags {
  bool no_transaction = false;
  bool adds_enum_value = false;
  bool transaction_control = false;
  bool copy_from_stdin = false;
};

// `tokens`: the statement's tokens without comments, lexed from `text`.
//
// Decisions beyond Flyway's list, on purpose:
// - PostgreSQL `REINDEX ... CONCURRENTLY` and `COMMIT|ROLLBACK PREPARED` refuse a transaction
//   block, so they are no_transaction too.
// - `ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] x`, SAVEPOINT and RELEASE are NOT
//   transaction_control: they stay inside the current transaction, which the runner may own.
//   `PREPARE TRANSACTION` and `ABORT` end it, so they are.
// - SQLite: VACUUM fails inside a transaction, and `PRAGMA foreign_keys` is silently ignored
//   inside one (Flyway's SQLiteParser flags it as non-transactional too).
StatementFlags classify_statement(std::string_view text, const std::vector<Token>& tokens,
                                  model::Dialect dialect);

}  // namespace pm::sql
