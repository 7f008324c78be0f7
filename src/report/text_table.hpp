// A plain-text table with a header row and column widths fitted to the content, like the
// tables `flyway info` prints.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace pm::report {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pm::report
