// Prisma Migrate: prisma/schema.prisma with its migrations/<timestamp>_<name>/migration.sql.
// Detected today; reading and running it is the Prisma adapter issue.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::prisma {
const adapters::Adapter& prisma_adapter();
}
