// A line holds an ignore comment when `polymigrate:ignore` follows a comment marker on it.
#include "lint/suppressions.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lint/rule_catalogue.hpp"

namespace pm::lint {

namespace {

constexpr std::string_view kMarker = "polymigrate:ignore";

bool after_comment_marker(std::string_view line, std::size_t at) {
  const std::string_view before = line.substr(0, at);
  for (std::string_view marker : {"--", "/*", "#", "//"}) {
    if (before.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

// RULE ( , RULE )*: the list ends at the first word not joined by a comma, so a reason may
// follow it ("polymigrate:ignore PM502 nothing reads it since 4.2").
std::vector<std::string> rule_words(std::string_view rest) {
  if (auto end = rest.find("*/"); end != std::string_view::npos) rest = rest.substr(0, end);
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::vector<std::string> words;
  std::size_t at = 0;
  while (true) {
    while (at < rest.size() && blank(rest[at])) ++at;
    const std::size_t begin = at;
    while (at < rest.size() && !blank(rest[at]) && rest[at] != ',') ++at;
    if (at == begin) break;
    words.emplace_back(rest.substr(begin, at - begin));
    while (at < rest.size() && blank(rest[at])) ++at;
    if (at >= rest.size() || rest[at] != ',') break;
    ++at;
  }
  return words;
}

}  // namespace

const Suppressions::FileComments& Suppressions::comments(const std::string& file) {
  if (auto found = files_.find(file); found != files_.end()) return found->second;
  FileComments parsed;
  std::ifstream in(root_ / file, std::ios::binary);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::size_t at = line.find(kMarker);
    if (at == std::string::npos || !after_comment_marker(line, at)) continue;
    for (const std::string& word : rule_words(std::string_view(line).substr(at + kMarker.size()))) {
      if (const Rule* rule = find_rule(word)) {
        parsed.codes_by_line[number].push_back(rule->code);
      } else {
        problems_.push_back(model::Diagnostic{
            model::Severity::warning, "PM599",
            "polymigrate:ignore names " + word +
                ", which is no lint rule (`polymigrate lint --list-rules` lists them)",
            file, number});
      }
    }
  }
  return files_.emplace(file, std::move(parsed)).first->second;
}

bool Suppressions::ignored(const std::string& file, int line, const std::string& code) {
  if (file.empty() || line <= 0) return false;
  const FileComments& parsed = comments(file);
  for (int at : {line, line - 1}) {
    auto found = parsed.codes_by_line.find(at);
    if (found == parsed.codes_by_line.end()) continue;
    if (std::find(found->second.begin(), found->second.end(), code) != found->second.end())
      return true;
  }
  return false;
}

}  // namespace pm::lint
