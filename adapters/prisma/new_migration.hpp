// `new` and `generate` for Prisma: prisma/migrations/<UTC YYYYMMDDHHMMSS>_<slug>/migration.sql,
// as `prisma migrate dev --create-only --name NAME` names it. Prisma keeps no down script:
// `down` generates the rollback from the schema replay (prisma/generated_down.hpp).
#pragma once

#include <vector>

#include "adapters/adapter.hpp"

namespace pm::prisma {

std::vector<adapters::WrittenFile> prisma_new_migration_files(
    const model::Project& project, model::Dialect dialect, const adapters::NewMigration& migration);

}  // namespace pm::prisma
