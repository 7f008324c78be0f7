// Prisma Migrate: prisma/schema.prisma with its migrations/<timestamp>_<name>/migration.sql, run
// as `prisma migrate deploy` runs them, recorded in `_prisma_migrations` as the engine records.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::prisma {

const adapters::Adapter& prisma_adapter();

// The connector type Prisma compares with migration_lock.toml for a connection of `dialect`
// ("postgresql", "cockroachdb" when the schema says so, "sqlite").
std::string connector_type(const model::Project& project, model::Dialect dialect);

// P3019 when migration_lock.toml names another provider than the connection's; no lock file, no
// check (as the engine's error_on_changed_provider).
void check_lock_provider(const model::Project& project, model::Dialect dialect);

}  // namespace pm::prisma
