// Reads a whole file as bytes, for the loaders: a migrations folder holds thousands of small
// files, and one open + fstat + read + close per file costs less than a stream's buffering.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace pm::adapters {

// The file's bytes as they are on disk; nullopt when it cannot be opened or read (a folder
// included).
std::optional<std::string> read_file_bytes(const std::filesystem::path& path);
// The same for a path held as text (no std::filesystem::path to build for it).
std::optional<std::string> read_file_bytes(const std::string& path);

}  // namespace pm::adapters
