// What SQLite's catalog keeps only inside the CREATE text in sqlite_master: the keys and WHERE
// clause of an index (expression keys), and constraint names and CHECK constraints of a table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::db::sqlite_sql {

struct IndexParts {
  std::vector<std::string> keys;  // as written, one per key ("lower(note)", "a DESC")
  std::string where;              // partial index predicate, "" if none
};

IndexParts parse_create_index(std::string_view sql);

struct DeclaredConstraint {
  std::string kind;                  // "primary_key" | "unique" | "foreign_key" | "check"
  std::string name;                  // "" when not named with CONSTRAINT
  std::vector<std::string> columns;  // the key columns; for a column-level CHECK its column
  std::string check;                 // "CHECK (...)" as written
};

// Constraints as declared in CREATE TABLE, in order. Not a validating parser: it reads SQL that
// SQLite already accepted, and what it cannot place it leaves out.
std::vector<DeclaredConstraint> parse_create_table(std::string_view sql);

}  // namespace pm::db::sqlite_sql
