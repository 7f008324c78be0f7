// Diagnostic codes the Prisma adapter reports while reading a project (PM12x: structure of the
// files, Prisma-specific). Messages carry Prisma's own words and error code where it has them.
#pragma once

namespace pm::prisma {

inline constexpr const char* kMissingScript =
    "PM120";  // a migration folder without migration.sql (P3015)
inline constexpr const char* kInvalidUtf8 =
    "PM121";  // migration.sql is not valid UTF-8 (read as U+FFFD)
inline constexpr const char* kSchemaProblem =
    "PM122";  // schema not found, no datasource, unknown provider
inline constexpr const char* kEnvConflict = "PM123";  // .env and prisma/.env disagree

}  // namespace pm::prisma
