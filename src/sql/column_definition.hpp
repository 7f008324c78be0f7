// Reads the parts CREATE TABLE and ALTER TABLE share: a column definition with its inline
// constraints, a table constraint, a type, and a REFERENCES clause.
#pragma once

#include <optional>

#include "model/column.hpp"
#include "sql/ddl_cursor.hpp"

namespace pm::sql {

// Each returns nullopt when the text is not fully understood; the cursor is then unspecified.
std::optional<model::ColumnType> read_column_type(DdlCursor& cursor);
std::optional<model::Column> read_column_definition(DdlCursor& cursor);
bool at_table_constraint(const DdlCursor& cursor);
std::optional<model::Constraint> read_table_constraint(DdlCursor& cursor);
std::optional<model::ForeignKeyRef> read_references(DdlCursor& cursor);

}  // namespace pm::sql
