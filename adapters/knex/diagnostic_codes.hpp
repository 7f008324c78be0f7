// Diagnostic codes the Knex adapter reports while reading a project (PM14x: structure of the
// files, Knex-specific). Messages carry Knex's own words where it has them.
#pragma once

namespace pm::knex::codes {

inline constexpr const char* knexfile = "PM140";     // a knexfile value polymigrate cannot read
inline constexpr const char* unparseable = "PM141";  // error: a migration is not valid JS/TS
inline constexpr const char* invalid_migration =
    "PM142";  // error: "Invalid migration: <name> must have both an up and down function"
inline constexpr const char* duplicate_name = "PM143";  // error: one file name in two folders
inline constexpr const char* opaque = "PM144";          // info: steps kept as JavaScript
inline constexpr const char* not_kept = "PM145";   // warning: a builder call with no model form
inline constexpr const char* directory = "PM146";  // error: a migrations folder Knex cannot read

}  // namespace pm::knex::codes
