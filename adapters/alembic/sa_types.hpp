// SQLAlchemy column types as revision files spell them (sa.String(50), postgresql.JSONB(),
// sa.Enum('a', 'b', name='mood'), ...) turned into the model's logical column types.
#pragma once

#include <optional>
#include <string>

#include "adapters/alembic/python_syntax.hpp"
#include "model/column.hpp"

namespace pm::alembic {

// The type an expression names, called (`sa.Integer()`) or not (`sa.Integer`). nullopt with
// `why` set when the expression is not a type polymigrate knows.
std::optional<model::ColumnType> sa_column_type(const parse::SyntaxTree& tree, TSNode expression,
                                                std::string& why);

// Whether an expression looks like a type (so sa.Column's second positional argument can be told
// from a ForeignKey or a constraint).
bool looks_like_type(const parse::SyntaxTree& tree, TSNode expression);

}  // namespace pm::alembic
