// The project's lint settings: `[lint] disable = ["PM501", "rename-column"]` in polymigrate.toml
// at the project root (codes or names, as in ignore comments).
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace pm::lint {

struct LintConfig {
  std::set<std::string> disabled;  // rule codes
  bool from_file = false;          // polymigrate.toml was there
};

inline constexpr const char* kLintConfigFile = "polymigrate.toml";

// No file: nothing disabled. Throws std::invalid_argument ("polymigrate.toml:LINE: ...") for a
// file toml++ cannot parse, a `disable` that is not a list of strings, or an unknown rule.
LintConfig read_lint_config(const std::filesystem::path& root);

}  // namespace pm::lint
