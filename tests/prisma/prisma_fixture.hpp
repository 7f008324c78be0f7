// Test helpers for the Prisma adapter: a writable copy of a fixture project, and file writing
// that keeps bytes exact (CRLF, BOM).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

namespace pm::test {

// fixtures/prisma/<name> copied into `dir`/<name>; returns the copy's root.
inline std::filesystem::path copy_prisma_fixture(const std::string& name, const TempDir& dir) {
  const auto target = dir.path() / name;
  std::filesystem::copy(source_path("fixtures/prisma/" + name), target,
                        std::filesystem::copy_options::recursive);
  return target;
}

inline void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace pm::test
