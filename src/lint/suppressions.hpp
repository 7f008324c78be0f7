// `polymigrate:ignore RULE[,RULE]` comments, as Squawk's and Atlas's users write them: on the
// statement's line or the line just above it, in the comment syntax of the file's language
// (SQL `--` and `/* */`, Python `#`, JavaScript `//`). RULE is a code (PM502) or a name
// (drop-column).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"

namespace pm::lint {

class Suppressions {
 public:
  explicit Suppressions(std::filesystem::path root) : root_(std::move(root)) {}

  // Whether `code` is ignored at `line` of `file` (relative to the root). Files are read once.
  bool ignored(const std::string& file, int line, const std::string& code);

  // Rules named in ignore comments that the catalogue does not have (PM599 warnings), once per
  // comment.
  const model::Diagnostics& problems() const { return problems_; }

 private:
  struct FileComments {
    std::map<int, std::vector<std::string>> codes_by_line;  // rule codes, already resolved
  };
  const FileComments& comments(const std::string& file);

  std::filesystem::path root_;
  std::map<std::string, FileComments> files_;
  model::Diagnostics problems_;
};

}  // namespace pm::lint
