// flyway.conf and <script>.conf files: Java properties as Flyway reads them
// (ConfigUtils.loadConfigurationFromString, then java.util.Properties.load).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace pm::flyway {

struct PropertyValue {
  std::string value;
  int line = 0;  // 1-based line where the key stands
};

// Flyway first trims every line and doubles every backslash, so that a backslash is literal
// except at the end of a line followed by more of the same value (a continuation). Unless `raw`,
// ${NAME} is then replaced by environment variable NAME ("" when unset). Then Properties.load:
// `#`/`!` comments, `key=value`, `key: value` or `key value`, a later key wins.
std::map<std::string, PropertyValue> parse_flyway_properties(
    std::string_view text, const std::map<std::string, std::string>& env, bool raw = false);

}  // namespace pm::flyway
