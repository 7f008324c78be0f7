// A revision's steps made ready to run on one dialect: ops that came from op.* calls get the SQL
// the SQL renderer writes for them. Until the renderer exists the steps stay as they are, and the
// engine says plainly that it cannot run an op without SQL.
#pragma once

#include "model/migration.hpp"

namespace pm::alembic {

model::Script render_script(const model::Migration& migration, const model::Script& script,
                            model::Dialect dialect);

}  // namespace pm::alembic
