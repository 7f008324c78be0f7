// A table's constraints in one list, whether the DDL wrote them on a column or on the table, with
// the name PostgreSQL generates for the unnamed ones (so DROP CONSTRAINT "t_email_key" finds them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/column.hpp"
#include "model/op.hpp"
#include "model/script.hpp"
#include "schema/schema_state.hpp"

namespace pm::schema {

struct TableConstraint {
  model::Constraint constraint;  // name filled with the generated one when none was written
  bool explicit_name = false;    // the DDL named it
  std::optional<std::size_t> column_index;  // set when it came from a column definition
  std::optional<std::size_t> table_index;   // set when it came from Table::constraints
};

// Column-level first in column order, then table-level, as PostgreSQL creates them.
std::vector<TableConstraint> table_constraints(const Table& table);

// PostgreSQL's choice for an unnamed constraint: t_pkey, t_a_b_key, t_a_fkey, t_a_check.
std::string generated_constraint_name(const std::string& table, model::ConstraintKind kind,
                                      const std::vector<std::string>& columns);

// The table a foreign key points at ("schema.name" or "name" in ForeignKeyRef::table).
model::QualifiedName referenced_table(const model::ForeignKeyRef& ref);

}  // namespace pm::schema
