#include "lint/lint_config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "lint/rule_catalogue.hpp"

namespace pm::lint {

namespace {

[[noreturn]] void fail(const toml::source_region& where, const std::string& message) {
  throw std::invalid_argument(std::string(kLintConfigFile) + ":" +
                              std::to_string(where.begin.line) + ": " + message);
}

}  // namespace

LintConfig read_lint_config(const std::filesystem::path& root) {
  LintConfig config;
  const auto file = root / kLintConfigFile;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return config;
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  config.from_file = true;
  toml::table doc;
  try {
    doc = toml::parse(text.str(), file.string());
  } catch (const toml::parse_error& error) {
    fail(error.source(), std::string(error.description()));
  }
  const toml::node* lint = doc.get("lint");
  if (!lint) return config;
  const toml::table* table = lint->as_table();
  if (!table) fail(lint->source(), "[lint] must be a table");
  const toml::node* disable = table->get("disable");
  if (!disable) return config;
  const toml::array* list = disable->as_array();
  if (!list) fail(disable->source(), "lint.disable must be a list of rule codes or names");
  for (const toml::node& item : *list) {
    const auto* name = item.as_string();
    if (!name) fail(item.source(), "lint.disable must be a list of rule codes or names");
    const Rule* rule = find_rule(name->get());
    if (!rule)
      fail(item.source(),
           "lint.disable names " + name->get() +
               ", which is no lint rule (`polymigrate lint --list-rules` lists them)");
    config.disabled.insert(rule->code);
  }
  return config;
}

}  // namespace pm::lint
