#include "adapters/prisma/dotenv.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace pm::prisma {

namespace {

bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// dotenv-expand: ${NAME}, ${NAME:-default} and $NAME; a backslash keeps a literal '$'.
std::string expand(const std::string& value, const EnvMap& outer, const EnvMap& file) {
  auto lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (auto it = outer.find(name); it != outer.end()) return it->second;
    if (auto it = file.find(name); it != file.end()) return it->second;
    return std::nullopt;
  };
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\\' && i + 1 < value.size() && value[i + 1] == '$') {
      out.push_back('$');
      ++i;
    } else if (c == '$' && i + 1 < value.size() && value[i + 1] == '{') {
      std::size_t close = value.find('}', i + 2);
      if (close == std::string::npos) {
        out.append(value.substr(i));
        break;
      }
      std::string inner = value.substr(i + 2, close - i - 2);
      std::string fallback;
      if (auto dash = inner.find(":-"); dash != std::string::npos) {
        fallback = inner.substr(dash + 2);
        inner = inner.substr(0, dash);
      }
      auto found = lookup(inner);
      out.append(found && !found->empty() ? *found : fallback);
      i = close;
    } else if (c == '$' && i + 1 < value.size() &&
               (std::isalpha(static_cast<unsigned char>(value[i + 1])) || value[i + 1] == '_')) {
      std::size_t end = i + 1;
      while (end < value.size() &&
             (std::isalnum(static_cast<unsigned char>(value[end])) || value[end] == '_'))
        ++end;
      out.append(lookup(value.substr(i + 1, end - i - 1)).value_or(""));
      i = end - 1;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

EnvMap parse_dotenv(std::string_view text, const EnvMap& outer) {
  EnvMap values;
  std::string content(text);
  // dotenv normalises line endings before parsing.
  for (std::size_t at; (at = content.find("\r\n")) != std::string::npos;)
    content.replace(at, 2, "\n");
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t eol = content.find('\n', pos);
    if (eol == std::string::npos) eol = content.size();
    std::size_t next = eol + 1;
    auto skip_blanks = [&](std::size_t i) {
      while (i < eol && (content[i] == ' ' || content[i] == '\t')) ++i;
      return i;
    };
    std::size_t i = skip_blanks(pos);
    if (content.compare(i, 7, "export ") == 0) i = skip_blanks(i + 7);
    const std::size_t key_start = i;
    while (i < eol && is_key_char(content[i])) ++i;
    std::string key = content.substr(key_start, i - key_start);
    i = skip_blanks(i);
    if (key.empty() || i >= eol || (content[i] != '=' && content[i] != ':')) {
      pos = next;
      continue;
    }
    const std::size_t value_start = skip_blanks(i + 1);
    std::string value;
    const char quote = value_start < eol ? content[value_start] : '\0';
    bool quoted = false;
    if (quote == '"' || quote == '\'' || quote == '`') {
      // A quoted value may run over several lines, up to its closing quote.
      std::size_t close = value_start + 1;
      while (close < content.size() && !(content[close] == quote && content[close - 1] != '\\'))
        ++close;
      if (close < content.size()) {
        quoted = true;
        value = content.substr(value_start + 1, close - value_start - 1);
        if (quote == '"') {
          for (std::size_t at; (at = value.find("\\n")) != std::string::npos;)
            value.replace(at, 2, "\n");
          for (std::size_t at; (at = value.find("\\r")) != std::string::npos;)
            value.replace(at, 2, "\r");
        }
        std::size_t close_eol = content.find('\n', close);
        next = close_eol == std::string::npos ? content.size() : close_eol + 1;
      }
    }
    if (!quoted) {
      std::string raw = content.substr(value_start, eol - value_start);
      if (!raw.empty() && raw[0] == '#') raw.clear();
      if (auto hash = raw.find(" #"); hash != std::string::npos) raw = raw.substr(0, hash);
      value = trim(raw);
    }
    if (quote != '\'' || !quoted) value = expand(value, outer, values);
    values[key] = value;
    pos = next;
  }
  return values;
}

std::optional<EnvMap> read_dotenv(const std::filesystem::path& file, const EnvMap& outer) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return parse_dotenv(text.str(), outer);
}

}  // namespace pm::prisma
