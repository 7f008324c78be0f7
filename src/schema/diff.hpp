// Diff of two schema states: the ops that turn `from` into `to`, for generated rollbacks and drift
// reports. A name that disappears and another that appears are a drop and a create: renames are
// never guessed, since a wrong guess would keep data the user meant to lose (or the reverse).
#pragma once

#include <vector>

#include "model/op.hpp"
#include "schema/schema_state.hpp"

namespace pm::schema {

// In a dependency-safe order: views and foreign keys are dropped before what they use, tables are
// dropped children first and created parents first, foreign keys between new tables that form a
// cycle are added after all tables exist, views are created last. Names follow `to`'s dialect.
// Whether two column types are the same type to a diff: the logical type and its parameters;
// the spelling only for a type without a logical kind.
bool same_column_type(const model::ColumnType& a, const model::ColumnType& b);

std::vector<model::Op> diff(const SchemaState& from, const SchemaState& to);

}  // namespace pm::schema
