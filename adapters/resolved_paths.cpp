#include "adapters/resolved_paths.hpp"

namespace fs = std::filesystem;

namespace pm::adapters {

ResolvedPaths::ResolvedPaths(const fs::path& root) : root_(root) {
  std::error_code ec;
  canonical_root_ = fs::weakly_canonical(root, ec);
  root_resolved_ = !ec;
}

fs::path ResolvedPaths::canonical(const fs::path& file, bool symlink) {
  std::error_code ec;
  if (symlink || !file.has_parent_path()) {
    fs::path out = fs::weakly_canonical(file, ec);
    return ec ? fs::path() : out;
  }
  const fs::path folder = file.parent_path();
  auto found = folders_.find(folder);
  if (found == folders_.end()) {
    fs::path resolved = fs::weakly_canonical(folder, ec);
    found = folders_.emplace(folder, ec ? fs::path() : resolved).first;
  }
  // A folder that exists resolves fully, and a name that is not a symlink resolves to itself.
  if (found->second.empty()) {
    fs::path out = fs::weakly_canonical(file, ec);
    return ec ? fs::path() : out;
  }
  return found->second / file.filename();
}

std::string ResolvedPaths::relative(const fs::path& file, bool symlink) {
  fs::path resolved = canonical(file, symlink);
  if (!root_resolved_ || resolved.empty()) return file.string();
  fs::path rel = resolved.lexically_relative(canonical_root_);
  return rel.empty() ? file.string() : rel.generic_string();
}

}  // namespace pm::adapters
