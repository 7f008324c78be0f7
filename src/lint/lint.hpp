// `lint`: zero-downtime safety of a history, migration by migration. The checker walks the
// history in apply order over the replayed schema, so it knows which tables existed before each
// migration and which the migration itself creates (most rules are moot on a new table).
//
// Read in this order: rule.hpp and rule_catalogue.hpp (what is checked and how to fix it),
// checker.cpp (the walk), suppressions.hpp and lint_config.hpp (what users turn off), this file
// (the classification of each migration).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/rule.hpp"
#include "model/diagnostic.hpp"
#include "model/project.hpp"

namespace pm::lint {

// additive: nothing unsafe found; breaking: at least one error finding; unknown: code or SQL
// lint cannot read and no error finding (never reported as additive).
enum class Classification { additive, breaking, unknown };

const char* to_string(Classification classification);

struct Finding {
  model::Diagnostic diagnostic;  // code PM5xx, severity, message, file, line
  const Rule* rule = nullptr;
  std::vector<RecipeStep> recipe;  // for the project's framework
};

struct MigrationLint {
  std::string key;
  std::string file;
  Classification classification = Classification::additive;
  std::vector<Finding> findings;  // in step order
  int suppressed = 0;             // findings an ignore comment turned off
};

struct LintOptions {
  model::Dialect dialect = model::Dialect::postgresql;
  std::set<std::string> disabled;  // rule codes
};

struct LintResult {
  std::string framework;
  model::Dialect dialect = model::Dialect::postgresql;
  std::set<std::string> disabled;
  std::vector<MigrationLint> migrations;  // apply order
  // Reading the project (PM1xx...) and ignore comments naming no rule (PM599).
  model::Diagnostics diagnostics;

  // Every finding as a diagnostic (project diagnostics first), for the CI formats.
  model::Diagnostics all_diagnostics() const;
  int count(model::Severity severity) const;
};

LintResult lint_project(const model::Project& project, const LintOptions& options);

// --dialect, else the project's (its config, else its URL), else PostgreSQL.
struct DialectChoice {
  model::Dialect dialect = model::Dialect::postgresql;
  std::string origin;  // "--dialect", "project", "default"
};
DialectChoice choose_dialect(const std::optional<model::Dialect>& flag,
                             const model::Project& project);

}  // namespace pm::lint
