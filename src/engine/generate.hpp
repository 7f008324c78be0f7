// `generate`: the difference between two schemas (a project's applied history and its drifted
// database, or two databases) as one new migration, up and down. Renames are never guessed: a
// dropped and an added column of one type in one table (or a dropped and a created table with
// the same columns) are offered as a rename in a note, and written as drop + add unless the
// caller names the rename.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "model/op.hpp"
#include "schema/schema_state.hpp"

namespace pm::engine {

// `--rename table.old:new` (a column of that table), or `old:new` (a table, or the one table's
// column of that name).
struct Rename {
  std::string table;  // empty: found by name
  std::string from;
  std::string to;
};

// Throws InputError for text of another shape.
Rename parse_rename(const std::string& text);

struct SchemaChange {
  std::vector<model::Op> up;                 // `from` -> `to`, the named renames first
  std::vector<model::Op> down;               // `to` -> `from`, the renames undone last
  std::vector<std::string> offered_renames;  // sentences, each with the --rename that says it

  bool empty() const { return up.empty(); }
};

// Throws InputError for a rename that matches no dropped and added pair (or several).
SchemaChange schema_change(const schema::SchemaState& from, const schema::SchemaState& to,
                           const std::vector<Rename>& renames);

// The change as a migration named `name`, its ops rendered against `from`.
adapters::NewMigration generated_migration(const std::string& name, const SchemaChange& change,
                                           const schema::SchemaState& from);

}  // namespace pm::engine
