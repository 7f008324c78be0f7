#include "adapters/alembic/ini_config.hpp"

#include <algorithm>
#include <cctype>

namespace pm::alembic {

namespace {

std::string trim(std::string_view text) {
  const char* ws = " \t\r\n\f\v";
  auto b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = text.find_last_not_of(ws);
  return std::string(text.substr(b, e - b + 1));
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

IniFile IniFile::parse(std::string_view text, std::map<std::string, std::string> defaults) {
  IniFile ini;
  for (auto& [k, v] : defaults) ini.defaults_[lower(k)] = v;
  std::string section;
  Entry* current = nullptr;
  std::size_t current_indent = 0;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string stripped = trim(line);
    // Full-line comments only: configparser's default inline_comment_prefixes is None.
    if (!stripped.empty() && (stripped[0] == '#' || stripped[0] == ';')) continue;
    const std::size_t indent = line.find_first_not_of(" \t");
    if (stripped.empty()) {
      // An empty line inside a multi-line value is kept (empty_lines_in_values), trailing ones
      // are stripped when the value ends.
      if (current) current->value += "\n";
      continue;
    }
    if (current && indent != std::string_view::npos && indent > current_indent) {
      current->value += "\n" + stripped;
      continue;
    }
    if (current) current->value = trim(current->value);
    current = nullptr;
    if (stripped.front() == '[' && stripped.back() == ']' && stripped.size() > 2) {
      section = stripped.substr(1, stripped.size() - 2);
      if (section != "DEFAULT") ini.sections_[section];
      continue;
    }
    auto sep = stripped.find_first_of("=:");
    if (sep == std::string::npos || section.empty())
      continue;  // configparser would raise; be lenient
    std::string key = lower(trim(std::string_view(stripped).substr(0, sep)));
    std::string value = trim(std::string_view(stripped).substr(sep + 1));
    if (section == "DEFAULT") {
      ini.defaults_[key] = value;
      continue;
    }
    auto& entries = ini.sections_[section];
    auto it =
        std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; });
    if (it == entries.end()) {
      entries.push_back({key, {value, line_no}});
      current = &entries.back().second;
    } else {
      it->second = {value, line_no};
      current = &it->second;
    }
    current_indent = indent;
  }
  if (current) current->value = trim(current->value);
  // Trailing blank lines of the last value of each section were trimmed as values ended.
  for (auto& [name, entries] : ini.sections_)
    for (auto& [k, e] : entries) e.value = trim(e.value) == "" ? std::string() : e.value;
  return ini;
}

const IniFile::Entry* IniFile::find(const std::string& section, const std::string& key) const {
  auto s = sections_.find(section);
  if (s == sections_.end()) return nullptr;
  for (const auto& [k, e] : s->second)
    if (k == key) return &e;
  return nullptr;
}

std::optional<std::string> IniFile::raw(const std::string& section, const std::string& key) const {
  if (const Entry* e = find(section, lower(key))) return e->value;
  if (!has_section(section)) return std::nullopt;
  auto d = defaults_.find(lower(key));
  if (d != defaults_.end()) return d->second;
  return std::nullopt;
}

std::string IniFile::interpolate(const std::string& section, const std::string& value, int depth,
                                 std::string& error) const {
  if (depth > 10) {
    error = "interpolation is too deep (a reference loop?)";
    return value;
  }
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '(') {
      auto close = value.find(")s", i + 2);
      if (close != std::string::npos) {
        std::string name = lower(value.substr(i + 2, close - i - 2));
        auto ref = raw(section, name);
        if (!ref) {
          error = "bad interpolation: no option '" + name + "' in section [" + section + "]";
          out += value.substr(i, close + 2 - i);
        } else {
          out += interpolate(section, *ref, depth + 1, error);
        }
        i = close + 1;
        continue;
      }
    }
    error = "'%' must be followed by '%' or '(' in: " + value;
    out += '%';
  }
  return out;
}

std::optional<std::string> IniFile::get(const std::string& section, const std::string& key,
                                        std::string* error) const {
  auto value = raw(section, key);
  if (!value) return std::nullopt;
  std::string e;
  std::string result = interpolate(section, *value, 0, e);
  if (error) *error = e;
  return result;
}

std::vector<std::string> IniFile::keys(const std::string& section) const {
  std::vector<std::string> out;
  auto s = sections_.find(section);
  if (s != sections_.end())
    for (const auto& [k, e] : s->second) out.push_back(k);
  return out;
}

int IniFile::line_of(const std::string& section, const std::string& key) const {
  const Entry* e = find(section, lower(key));
  return e ? e->line : 0;
}

}  // namespace pm::alembic
