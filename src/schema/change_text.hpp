// One sentence per schema op, for people: what `diff` lists as the changes between the schema
// a history builds and the one a database holds ("column users.age added: INTEGER, nullable").
#pragma once

#include <string>

#include "model/op.hpp"
#include "model/script.hpp"

namespace pm::schema {

// Types are spelled for `dialect` (sql::render_type).
std::string change_text(const model::Op& op, model::Dialect dialect);

}  // namespace pm::schema
