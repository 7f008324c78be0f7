// Findings in the formats CI systems read: JUnit XML, GitHub workflow annotations, SARIF 2.1.0.
// Text and JSON live with the commands; these three are shared by validate and lint.
#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.hpp"

namespace pm::report {

std::string to_junit(const model::Diagnostics& findings, const std::string& suite_name);
std::string to_github_annotations(const model::Diagnostics& findings);

// What SARIF's tool.driver.rules[] says of a code: code scanning UIs show the name, the short
// description and the help next to each result.
struct RuleMetadata {
  std::string id;    // the code, e.g. "PM502"
  std::string name;  // e.g. "drop-column"
  std::string short_description;
  std::string full_description;
  std::string help;
  model::Severity default_level = model::Severity::error;
};

// Every code in `findings` gets a rules[] entry; a code with metadata in `rules` gets all of it,
// and every rule in `rules` is listed even when nothing found it (the checks that ran).
std::string to_sarif(const model::Diagnostics& findings, const std::string& tool_version,
                     const std::vector<RuleMetadata>& rules = {});

// A JUnit report as CI test views show it: one suite per subject (a migration), one test case
// per check; a check fails with its error findings and passes with its warnings as output.
struct JunitCase {
  std::string name;             // e.g. "PM502 drop-column"
  model::Diagnostics findings;  // empty: the check passed
};
struct JunitSuite {
  std::string name;  // e.g. the migration's key
  std::string file;  // relative to the project root; "" when not about a file
  std::vector<JunitCase> cases;
};
std::string to_junit(const std::vector<JunitSuite>& suites, const std::string& report_name);

}  // namespace pm::report
