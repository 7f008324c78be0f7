// Maps an SQL type as written ("character varying(20)", "timestamptz", "int8[]", "\"Role\"") to
// the model's logical ColumnType, keeping the written spelling in `native`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/column.hpp"

namespace pm::sql {

// `name`: the type's words, lower-cased, single-spaced, without arguments ("double precision",
// "timestamp with time zone"); `args`: the numeric arguments in parentheses; `native`: the exact
// text. Unknown names (enum types, domains, geometry, ...) give LogicalType::other.
model::ColumnType map_column_type(std::string_view name, const std::vector<int>& args, bool array,
                                  std::string native);

}  // namespace pm::sql
