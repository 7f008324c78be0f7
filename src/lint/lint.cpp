// The classification's words, the flattened findings for the CI formats, and where the dialect
// comes from when --dialect is not given.
#include "lint/lint.hpp"

#include "db/database_url.hpp"

namespace pm::lint {

const char* to_string(Classification classification) {
  switch (classification) {
    case Classification::additive:
      return "additive";
    case Classification::breaking:
      return "breaking";
    case Classification::unknown:
      return "unknown";
  }
  return "unknown";
}

model::Diagnostics LintResult::all_diagnostics() const {
  model::Diagnostics out = diagnostics;
  for (const auto& migration : migrations)
    for (const auto& finding : migration.findings) out.push_back(finding.diagnostic);
  return out;
}

int LintResult::count(model::Severity severity) const {
  int n = 0;
  for (const auto& d : all_diagnostics()) n += d.severity == severity;
  return n;
}

DialectChoice choose_dialect(const std::optional<model::Dialect>& flag,
                             const model::Project& project) {
  if (flag) return {*flag, "--dialect"};
  if (project.config.dialect) return {*project.config.dialect, "project"};
  if (project.config.database_url) {
    try {
      return {db::parse_database_url(*project.config.database_url).dialect, "project"};
    } catch (const std::exception&) {
      // A URL polymigrate cannot read says nothing about the dialect; `status` reports it.
    }
  }
  return {model::Dialect::postgresql, "default"};
}

}  // namespace pm::lint
