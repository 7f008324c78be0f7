// Whether adding a column makes the database compute a value for every existing row: on
// PostgreSQL 11+ only a volatile default does (a constant or stable one is stored once); SQLite
// refuses any default that is not a constant.
#pragma once

#include "model/column.hpp"
#include "model/script.hpp"

namespace pm::lint {

// The reason in a few words ("default gen_random_uuid()", "serial"), or "" when the column can
// be added without touching existing rows.
std::string row_by_row_default(const model::Column& column, model::Dialect dialect);

}  // namespace pm::lint
