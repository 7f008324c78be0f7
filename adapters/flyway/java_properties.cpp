#include "adapters/flyway/java_properties.hpp"

#include <cctype>
#include <vector>

namespace pm::flyway {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }

std::string trim(std::string_view s) {
  // String.trim(): every char <= ' ' at both ends.
  std::size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return std::string(s.substr(b, e - b));
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// SqlScriptMetadata.isMultilineBooleanExpression
bool is_multiline_boolean_expression(std::string_view line) {
  return !starts_with(line, "shouldExecute") &&
         (line.find("==") != std::string_view::npos || line.find("!=") != std::string_view::npos);
}

std::vector<std::string> split_lines_lf(std::string_view text) {
  // configuration.replace("\r\n", "\n").split("\n"): trailing empty lines vanish.
  std::string t;
  t.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    t += text[i];
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || t[i] == '\n') {
      lines.push_back(t.substr(start, i - start));
      start = i + 1;
    }
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string expand_environment_variables(std::string_view text,
                                         const std::map<std::string, std::string>& env) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      std::size_t j = i + 2;
      while (j < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
        ++j;
      if (j > i + 2 && j < text.size() && text[j] == '}') {
        auto found = env.find(std::string(text.substr(i + 2, j - i - 2)));
        if (found != env.end()) out += found->second;
        i = j + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

// java.util.Properties.load over the prepared text.
std::map<std::string, PropertyValue> load_properties(std::string_view text) {
  std::map<std::string, PropertyValue> out;
  std::size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    // Skip leading white space and blank lines.
    while (i < text.size() && (is_space(text[i]) || text[i] == '\n' || text[i] == '\r')) {
      if (text[i] == '\n') ++line;
      ++i;
    }
    if (i >= text.size()) break;
    int key_line = line;
    if (text[i] == '#' || text[i] == '!') {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
      continue;
    }
    // Gather one logical line, undoing continuations (odd count of trailing backslashes).
    std::string logical;
    while (i < text.size()) {
      std::size_t end = i;
      while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
      std::string_view natural = text.substr(i, end - i);
      std::size_t slashes = 0;
      while (slashes < natural.size() && natural[natural.size() - 1 - slashes] == '\\') ++slashes;
      i = end;
      if (i < text.size()) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
      }
      if (slashes % 2 == 1) {
        logical.append(natural.substr(0, natural.size() - 1));
        while (i < text.size() && is_space(text[i])) ++i;
        continue;
      }
      logical.append(natural);
      break;
    }
    // Key up to the first unescaped '=', ':' or white space.
    std::string key;
    std::size_t k = 0;
    auto unescape = [&](std::size_t& pos) -> std::string {
      char c = logical[++pos];
      ++pos;
      switch (c) {
        case 't':
          return "\t";
        case 'n':
          return "\n";
        case 'r':
          return "\r";
        case 'f':
          return "\f";
        case 'u': {
          unsigned cp = 0;
          for (int d = 0; d < 4 && pos < logical.size(); ++d, ++pos)
            cp = cp * 16 +
                 static_cast<unsigned>(
                     std::isdigit(static_cast<unsigned char>(logical[pos]))
                         ? logical[pos] - '0'
                         : (std::tolower(static_cast<unsigned char>(logical[pos])) - 'a' + 10));
          std::string u;
          if (cp < 0x80) {
            u += static_cast<char>(cp);
          } else if (cp < 0x800) {
            u += static_cast<char>(0xC0 | (cp >> 6));
            u += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            u += static_cast<char>(0xE0 | (cp >> 12));
            u += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            u += static_cast<char>(0x80 | (cp & 0x3F));
          }
          return u;
        }
        default:
          return std::string(1, c);
      }
    };
    while (k < logical.size()) {
      char c = logical[k];
      if (c == '\\' && k + 1 < logical.size()) {
        key += unescape(k);
        continue;
      }
      if (c == '=' || c == ':' || is_space(c)) break;
      key += c;
      ++k;
    }
    while (k < logical.size() && is_space(logical[k])) ++k;
    if (k < logical.size() && (logical[k] == '=' || logical[k] == ':')) ++k;
    while (k < logical.size() && is_space(logical[k])) ++k;
    std::string value;
    while (k < logical.size()) {
      if (logical[k] == '\\' && k + 1 < logical.size()) {
        value += unescape(k);
        continue;
      }
      value += logical[k++];
    }
    out[key] = PropertyValue{value, key_line};
  }
  return out;
}

}  // namespace

std::map<std::string, PropertyValue> parse_flyway_properties(
    std::string_view text, const std::map<std::string, std::string>& env, bool raw) {
  std::vector<std::string> lines = split_lines_lf(text);
  std::string prepared;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line;
    for (char c : trim(lines[i])) {
      line += c;
      if (c == '\\') line += '\\';
    }
    if (ends_with(line, "\\\\") && i + 1 < lines.size()) {
      const std::string& next = lines[i + 1];
      bool restore = false;
      if (next.empty()) {
        // a blank line ends the value
      } else if (starts_with(trim(next), "flyway.") && next.find('=') != std::string::npos) {
        restore = is_multiline_boolean_expression(next);
      } else {
        restore = true;
      }
      if (restore) line = line.substr(0, line.size() - 2) + "\\";
    }
    prepared += line;
    prepared += '\n';
  }
  if (!raw) prepared = expand_environment_variables(prepared, env);
  return load_properties(prepared);
}

}  // namespace pm::flyway
