// Row ids of `_prisma_migrations`: what the engine's Uuid::new_v4().to_string() gives, a random
// version-4 UUID as 36 lowercase hyphenated characters.
#pragma once

#include <string>

namespace pm::prisma {

std::string new_uuid_v4();

}  // namespace pm::prisma
