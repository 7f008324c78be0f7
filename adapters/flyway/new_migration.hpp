// `new` and `generate` for Flyway: the next versioned script after the project's highest
// version, numbered in the style of that version, beside it, with the matching undo script when
// the project keeps undo scripts.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::flyway {

// The version after `last` as written in a file name ("12", "1.4.2", "1_1", "012", "20240101"):
// the last number one up, its width and the separators kept ("1.4.9" -> "1.4.10", "012" ->
// "013"). A date-like version (8, 10, 12 or 14 digits starting 19 or 20) becomes `created` (UTC)
// in the same number of digits when that is later, else one up. No version yet: "1".
std::string next_version(const std::string& last, std::time_t created);

std::vector<adapters::WrittenFile> flyway_new_migration_files(
    const model::Project& project, model::Dialect dialect, const adapters::NewMigration& migration);

}  // namespace pm::flyway
