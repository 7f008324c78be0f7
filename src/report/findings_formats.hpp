// Findings in the formats CI systems read: JUnit XML, GitHub workflow annotations, SARIF 2.1.0.
// Text and JSON live with the commands; these three are shared by validate and lint.
#pragma once

#include <string>

#include "model/diagnostic.hpp"

namespace pm::report {

std::string to_junit(const model::Diagnostics& findings, const std::string& suite_name);
std::string to_github_annotations(const model::Diagnostics& findings);
std::string to_sarif(const model::Diagnostics& findings, const std::string& tool_version);

}  // namespace pm::report
