// `down` for Prisma, which writes no down scripts: each migration's rollback generated from the
// schema replay (src/schema/rollback.hpp), laid out as Prisma lays out migration.sql, and sent the
// way `migrate deploy` sends a script (one call: on PostgreSQL one multi-statement simple query,
// so all-or-nothing). On SQLite the script is wrapped in BEGIN ... COMMIT, with foreign keys
// switched off around the transaction when it rebuilds a table (SQLite ignores that pragma
// inside one), so a failing rollback leaves nothing half-done.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::prisma {

adapters::GeneratedDowns generate_prisma_downs(
    const model::Project& project, model::Dialect dialect,
    const std::vector<const model::Migration*>& to_revert);

}  // namespace pm::prisma
