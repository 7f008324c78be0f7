// Timestamps in `_prisma_migrations` as the engine writes and shows them: chrono::Utc::now()
// bound as a parameter (PostgreSQL TIMESTAMPTZ; SQLite: integer Unix milliseconds, which is how
// quaint binds a DateTime on SQLite), and chrono's Display ("2024-01-15 09:30:00.123 UTC").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pm::prisma {

std::int64_t now_micros();  // microseconds since the Unix epoch, UTC

// chrono's Display for DateTime<Utc>: fraction left out when zero, else 3, 6 or 9 digits.
std::string chrono_display(std::int64_t micros);
// RFC 3339 with microseconds and "+00:00": the text bound to a PostgreSQL TIMESTAMPTZ.
std::string rfc3339(std::int64_t micros);

// Reads what a row may hold: "YYYY-MM-DD HH:MM:SS[.frac]" with 'T' or ' ', then "Z", "+hh[:mm]",
// "-hh[:mm]", " UTC" or nothing (UTC, as SQLite's current_timestamp). nullopt when not a timestamp.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace pm::prisma
