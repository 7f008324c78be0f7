// A temporary folder removed when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace pm::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to `relative` inside the folder, creating the folders on the way; the full path.
  std::filesystem::path write(const std::filesystem::path& relative, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace pm::test
