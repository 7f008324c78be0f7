// A script as the writers of code frameworks need it (Alembic op.* calls, Knex schema-builder
// chains): every SQL step split into statements, and every statement the DDL reader understands
// turned into its ops, so the writer renders them in its own idiom instead of wrapping SQL.
#pragma once

#include <string>

#include "model/script.hpp"

namespace pm::sql {

// Op steps and opaque code are kept as they are. A SQL step becomes, statement by statement,
// the ops the DDL reader reads from it (their `sql` cleared: the writer renders them) or, for a
// statement the reader does not understand, a SqlStep holding that one statement. Lines are the
// statements' lines in `file`. Throws std::invalid_argument ("file:line: ...") when a SQL step
// cannot be split (an unterminated string or comment).
model::Script structured_script(const model::Script& script, model::Dialect dialect,
                                const std::string& file);

}  // namespace pm::sql
