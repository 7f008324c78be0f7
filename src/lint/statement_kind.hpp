// What lint needs to know of a SQL statement the DDL reader turns into no op: enum changes,
// lock_timeout, bulk data changes, harmless session statements, or nothing it can read. Decided
// from the statement's tokens (src/sql/lexer.hpp), never from regexes over raw text.
#pragma once

#include <string>
#include <string_view>

#include "model/script.hpp"

namespace pm::lint {

enum class StatementKind {
  unreadable,         // nothing lint knows: reported as unknown
  harmless,           // SET/RESET, COMMENT ON, transaction control, SELECT, ANALYZE
  sets_lock_timeout,  // SET [SESSION|LOCAL] lock_timeout, SELECT set_config('lock_timeout', ..)
  enum_add_value,     // ALTER TYPE t ADD VALUE 'v' (appended: safe)
  enum_add_value_positioned,  // ALTER TYPE t ADD VALUE 'v' BEFORE|AFTER 'w'
  enum_rename_value,          // ALTER TYPE t RENAME VALUE 'a' TO 'b'
  data_change,                // UPDATE, DELETE, INSERT ... SELECT, MERGE, TRUNCATE
  data_insert,                // INSERT ... VALUES the DDL reader left (ON CONFLICT, RETURNING)
  constraint_using_index,     // ALTER TABLE t ADD [CONSTRAINT c] UNIQUE|PRIMARY KEY USING INDEX i
};

struct StatementFacts {
  StatementKind kind = StatementKind::unreadable;
  std::string verb = {};    // the leading keyword(s) as written upper-cased: "UPDATE", "ALTER TYPE"
  std::string object = {};  // the table or type the statement is about, when it names one
  bool bounded = true;      // data_change: false for UPDATE/DELETE without WHERE, TRUNCATE
  // enum_rename_value: the value renamed and its new spelling; enum_add_value*: new_value only.
  std::string old_value = {};
  std::string new_value = {};
};

// `text`: one statement as the splitter returned it. A statement the lexer cannot read is
// unreadable.
StatementFacts classify_statement_for_lint(std::string_view text, model::Dialect dialect);

}  // namespace pm::lint
