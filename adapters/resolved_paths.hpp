// fs::weakly_canonical and fs::relative for the thousands of files of a few migration folders:
// each folder (and the project root) is resolved once, and a file's own name only when it is a
// symlink. Per file, the library calls resolve every component of the path again (an lstat and
// a readlink each), which cost more than reading the file.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace pm::adapters {

class ResolvedPaths {
 public:
  explicit ResolvedPaths(const std::filesystem::path& root);

  // fs::weakly_canonical(file), empty when it fails. `symlink`: the file's own entry is a
  // symlink (directory_entry::is_symlink, known from the listing without a syscall).
  std::filesystem::path canonical(const std::filesystem::path& file, bool symlink);

  // fs::relative(file, root) as generic text; the path as given when that fails or is empty.
  std::string relative(const std::filesystem::path& file, bool symlink);

 private:
  std::filesystem::path root_;
  std::filesystem::path canonical_root_;
  bool root_resolved_ = false;
  std::map<std::filesystem::path, std::filesystem::path> folders_;  // folder -> canonical, or ""
};

}  // namespace pm::adapters
