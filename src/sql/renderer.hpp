// Renders model ops as SQL statements for PostgreSQL and SQLite: what `polymigrate sql` prints and
// what the engine runs for ops that came from code (Alembic op.*, Knex schema builders).
//
// Every identifier is double-quoted (both dialects accept it), so names keep the case the model
// holds. SQLite cannot ALTER COLUMN, ADD CONSTRAINT or DROP CONSTRAINT: those ops render as the
// table rebuild of https://www.sqlite.org/lang_altertable.html ("Making Other Kinds Of Table
// Schema Changes"), which needs the table's current definition from RenderContext::state. The
// recipe starts with PRAGMA foreign_keys = OFF, which SQLite ignores inside a transaction: a
// runner must run it outside one, or with foreign keys already off, or parent rows' children go
// with the DROP TABLE.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "model/op.hpp"
#include "model/script.hpp"

namespace pm::schema {
class SchemaState;
}

namespace pm::sql {

class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RenderContext {
  // The schema before the op; required for the SQLite rebuild recipe.
  const schema::SchemaState* state = nullptr;
  // Write a column's type as the source spelled it (ColumnType::native) when there is one. Off
  // when converting between dialects: the logical type's spelling for the target is used.
  bool prefer_native = true;
};

// The statements, without terminating ';'. Ops with no meaning on a dialect (an enum type or
// VALIDATE CONSTRAINT on SQLite) render as no statement. Throws RenderError when the op cannot
// be rendered correctly (a rebuild without state, a table the state does not have).
std::vector<std::string> render(const model::Op& op, model::Dialect dialect,
                                const RenderContext& context = {});

// Pieces other renderers reuse.
std::string quote_identifier(std::string_view name);
std::string quote_name(const model::QualifiedName& name);
std::string render_type(const model::ColumnType& type, model::Dialect dialect,
                        bool prefer_native = true);

}  // namespace pm::sql
