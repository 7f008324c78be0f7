// Writes the files a writer produced under an output folder, and nowhere else: every path must
// stay inside the folder (a migration's name never climbs out of it), and an existing file is
// never overwritten. Every adapter's write() ends here.
#pragma once

#include <filesystem>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::adapters {

// Checks every path first (absolute, "..", an existing file: std::invalid_argument naming it),
// then creates folders and writes the bytes. Throws std::runtime_error when a write fails.
void write_project_files(const std::filesystem::path& out, const std::vector<WrittenFile>& files);

}  // namespace pm::adapters
