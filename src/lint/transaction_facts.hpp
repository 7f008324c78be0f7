// Whether a migration's statements share one transaction block on a dialect, as the native tool
// runs them: what makes CONCURRENTLY fail and a backfill hold the schema change's locks.
#pragma once

#include <string_view>

#include "model/migration.hpp"

namespace pm::lint {

// `statements`: how many statements and ops the migration's up script holds.
bool runs_in_one_transaction(std::string_view framework, model::Dialect dialect,
                             const model::Migration& migration, int statements);

}  // namespace pm::lint
