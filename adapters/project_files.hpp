// Writes the files a writer produced under an output folder, and nowhere else: every path must
// stay inside the folder (a migration's name never climbs out of it), and an existing file is
// never overwritten. Every adapter's write() ends here.
#pragma once

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::adapters {

// Checks every path first (absolute, "..", an existing file: std::invalid_argument naming it),
// then creates folders and writes the bytes. Throws std::runtime_error when a write fails.
// 2000-01-01 00:00:00 UTC plus `seconds` as YYYYMMDDHHMMSS: the deterministic timestamps the
// Prisma and Knex writers give migrations that have none, one second apart in apply order.
std::string timestamp_after_2000(std::size_t seconds);

// `created` as UTC YYYYMMDDHHMMSS (Knex's yyyymmddhhmmss, Prisma's folder prefix), one second
// after the newest such timestamp that starts a name in `existing` when `created` is not later:
// a new migration must sort after the ones the tool already runs in name order.
std::string next_timestamp(std::time_t created, const std::vector<std::string>& existing);

// A migrations folder, given as an absolute path (adapters keep their config's locations in
// their own form), relative to the project root ("" when it is the root); std::invalid_argument
// when it lies outside the root.
std::filesystem::path folder_in_project(const model::Project& project,
                                        const std::filesystem::path& location);

void write_project_files(const std::filesystem::path& out, const std::vector<WrittenFile>& files);

}  // namespace pm::adapters
