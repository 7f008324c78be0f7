// alembic.ini read with Python configparser's rules: [sections], `key = value` or `key: value`,
// indented continuation lines, # and ; comments, lower-cased keys, a DEFAULT section, and
// BasicInterpolation (%(name)s, %%) with Alembic's `here` default.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::alembic {

class IniFile {
 public:
  // `defaults` play the role of ConfigParser(defaults=...): Alembic passes {"here": <ini dir>}.
  static IniFile parse(std::string_view text, std::map<std::string, std::string> defaults = {});

  bool has_section(const std::string& section) const { return sections_.count(section) > 0; }
  // The interpolated value; nullopt when the key is absent. Bad interpolation leaves the raw text
  // and sets `error`.
  std::optional<std::string> get(const std::string& section, const std::string& key,
                                 std::string* error = nullptr) const;
  std::optional<std::string> raw(const std::string& section, const std::string& key) const;
  std::vector<std::string> keys(
      const std::string& section) const;  // in file order, defaults excluded
  int line_of(const std::string& section, const std::string& key) const;

 private:
  struct Entry {
    std::string value;
    int line = 0;
  };
  std::map<std::string, std::vector<std::pair<std::string, Entry>>> sections_;
  std::map<std::string, std::string> defaults_;
  const Entry* find(const std::string& section, const std::string& key) const;
  std::string interpolate(const std::string& section, const std::string& value, int depth,
                          std::string& error) const;
};

}  // namespace pm::alembic
