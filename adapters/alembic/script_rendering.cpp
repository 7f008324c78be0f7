#include "adapters/alembic/script_rendering.hpp"

namespace pm::alembic {

model::Script render_script(const model::Migration& migration, const model::Script& script,
                            model::Dialect dialect) {
  (void)migration, (void)dialect;
  return script;
}

}  // namespace pm::alembic
