#include "adapters/flyway/placeholders.hpp"

#include <algorithm>

namespace pm::flyway {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

}  // namespace

const std::vector<BuiltinPlaceholder>& builtin_placeholders() {
  static const std::vector<BuiltinPlaceholder> names = {
      {"defaultSchema", false},    {"user", true},        {"database", true},
      {"timestamp", true},         {"filename", false},   {"table", false},
      {"workingDirectory", false}, {"environment", false}};
  return names;
}

PlaceholderResult replace_placeholders(std::string_view text,
                                       const std::map<std::string, std::string>& values,
                                       const PlaceholderSyntax& syntax) {
  // Most scripts hold no placeholder at all: without the whole prefix anywhere, Flyway's reader
  // passes the text through unchanged.
  if (syntax.prefix.empty() || text.find(syntax.prefix) == std::string_view::npos) {
    PlaceholderResult unchanged;
    unchanged.text = std::string(text);
    return unchanged;
  }
  std::map<std::string, std::string> by_lower;
  for (const auto& [key, value] : values) by_lower[lower(key)] = value;

  PlaceholderResult result;
  result.text.reserve(text.size());
  const std::string& prefix = syntax.prefix;
  const std::string& suffix = syntax.suffix;
  int line = 1;
  std::size_t i = 0;
  auto copy = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      result.text += text[k];
      if (text[k] == '\n') ++line;
    }
  };

  while (i < text.size()) {
    if (prefix.empty()) {  // Flyway's read-ahead never completes an empty prefix: no replacement
      copy(i, text.size());
      break;
    }
    // Read ahead while what was read is still the beginning of the prefix.
    std::size_t n = 0;
    while (i + n < text.size()) {
      ++n;
      if (n >= prefix.size() || text.substr(i, n) != std::string_view(prefix).substr(0, n)) break;
    }
    if (n < prefix.size() || text.substr(i, n) != prefix) {
      copy(i, i + n);
      i += n;
      continue;
    }
    // A placeholder: the name runs to the first suffix (or to the end of the text).
    std::size_t start = i + prefix.size();
    std::size_t end = suffix.empty() ? start : text.find(suffix, start);
    bool terminated = end != std::string_view::npos;
    std::string name(text.substr(start, terminated ? end - start : std::string_view::npos));
    std::size_t after = terminated ? end + suffix.size() : text.size();

    auto found = by_lower.find(lower(name));
    if (found == by_lower.end()) {
      PlaceholderProblem problem;
      problem.name = name;
      problem.line = line;
      std::string canonical = prefix + name + suffix;
      if (name.rfind("flyway" + syntax.separator, 0) == 0) {
        problem.message = "Failed to populate value for default placeholder: " + canonical;
        problem.unresolved_builtin = true;
      } else {
        problem.message =
            "No value provided for placeholder: " + canonical + ".  Check your configuration!";
      }
      result.problems.push_back(std::move(problem));
      copy(i, after);
    } else {
      result.text += found->second;
      line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(i),
                                          text.begin() + static_cast<std::ptrdiff_t>(after), '\n'));
    }
    i = after;
  }
  return result;
}

}  // namespace pm::flyway
