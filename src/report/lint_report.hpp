// `lint`'s outputs: text (one block per migration: classification, findings, recipes), the JSON
// contract documented in the README, and what the CI formats of findings_formats.hpp need (SARIF
// rule metadata, one JUnit case per migration and check, GitHub annotations with the recipe).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "lint/lint.hpp"
#include "report/findings_formats.hpp"

namespace pm::report {

void write_lint_text(std::ostream& out, const lint::LintResult& result, const std::string& root);

// {framework, root, dialect, disabled, summary, diagnostics, migrations: [{key, file,
// classification, suppressed, findings: [{severity, code, rule, message, file, line, recipe}]}]}
void write_lint_json(std::ostream& out, const lint::LintResult& result, const std::string& root);

// Every rule that ran on the result's dialect and was not disabled.
std::vector<RuleMetadata> lint_rule_metadata(const lint::LintResult& result);

// One suite per migration, one case per rule that ran; the project's own diagnostics (and
// ignore comments naming no rule) in a first suite "project".
std::vector<JunitSuite> lint_junit_suites(const lint::LintResult& result);

// Findings with their recipe appended to the message (GitHub shows it in the annotation).
model::Diagnostics lint_annotations(const lint::LintResult& result);

// The catalogue as `lint --list-rules` prints it.
void write_rule_list(std::ostream& out);

}  // namespace pm::report
