#include "report/lint_report.hpp"

#include <map>

#include "lint/rule_catalogue.hpp"
#include "report/json_report.hpp"
#include "report/json_writer.hpp"

namespace pm::report {

namespace {

bool rule_ran(const lint::Rule& rule, const lint::LintResult& result) {
  return lint::applies_to(rule, result.dialect) && !result.disabled.count(rule.code);
}

std::string recipe_text(const std::vector<lint::RecipeStep>& recipe, const std::string& indent) {
  std::string text;
  int number = 1;
  for (const auto& step : recipe) {
    text += indent + std::to_string(number++) + ". " + step.phase + ": " + step.text + "\n";
  }
  return text;
}

std::string location(const model::Diagnostic& d) {
  if (d.file.empty()) return "project";
  return d.file + (d.line > 0 ? ":" + std::to_string(d.line) : "");
}

}  // namespace

void write_lint_text(std::ostream& out, const lint::LintResult& result, const std::string& root) {
  out << "polymigrate lint: " << root << " (" << result.framework << ", "
      << model::to_string(result.dialect) << ")\n";
  for (const auto& d : result.diagnostics) out << model::format(d) << "\n";
  std::map<lint::Classification, int> counts;
  for (const auto& migration : result.migrations) {
    ++counts[migration.classification];
    out << "\n"
        << migration.key << "  " << migration.file << "  ["
        << lint::to_string(migration.classification) << "]";
    if (migration.suppressed > 0) out << "  (" << migration.suppressed << " ignored by comment)";
    out << "\n";
    for (const auto& finding : migration.findings) {
      const auto& d = finding.diagnostic;
      out << "  " << model::to_string(d.severity) << " " << d.code << " "
          << (finding.rule ? finding.rule->name : "") << "  " << location(d) << "\n"
          << "    " << d.message << "\n"
          << "    fix:\n"
          << recipe_text(finding.recipe, "      ");
    }
  }
  out << "\n"
      << result.migrations.size() << " migration(s): " << counts[lint::Classification::additive]
      << " additive, " << counts[lint::Classification::breaking] << " breaking, "
      << counts[lint::Classification::unknown] << " unknown; "
      << result.count(model::Severity::error) << " error(s), "
      << result.count(model::Severity::warning) << " warning(s)\n";
}

void write_lint_json(std::ostream& out, const lint::LintResult& result, const std::string& root) {
  JsonWriter json(out);
  json.begin_object()
      .field("framework", result.framework)
      .field("root", root)
      .field("dialect", model::to_string(result.dialect));
  json.key("disabled")
      .value(std::vector<std::string>(result.disabled.begin(), result.disabled.end()));
  std::map<lint::Classification, int> counts;
  for (const auto& migration : result.migrations) ++counts[migration.classification];
  json.key("summary")
      .begin_object()
      .field("migrations", result.migrations.size())
      .field("additive", counts[lint::Classification::additive])
      .field("breaking", counts[lint::Classification::breaking])
      .field("unknown", counts[lint::Classification::unknown])
      .field("errors", result.count(model::Severity::error))
      .field("warnings", result.count(model::Severity::warning))
      .end_object();
  json.key("diagnostics");
  write_diagnostics(json, result.diagnostics);
  json.key("migrations").begin_array();
  for (const auto& migration : result.migrations) {
    json.begin_object()
        .field("key", migration.key)
        .field("file", migration.file)
        .field("classification", lint::to_string(migration.classification))
        .field("suppressed", migration.suppressed);
    json.key("findings").begin_array();
    for (const auto& finding : migration.findings) {
      const auto& d = finding.diagnostic;
      json.begin_object()
          .field("severity", model::to_string(d.severity))
          .field("code", d.code)
          .field("rule", finding.rule ? finding.rule->name : "")
          .field("message", d.message)
          .field("file", d.file);
      json.key("line");
      if (d.line > 0)
        json.value(d.line);
      else
        json.null();
      json.key("recipe").begin_array();
      for (const auto& step : finding.recipe)
        json.begin_object().field("phase", step.phase).field("text", step.text).end_object();
      json.end_array().end_object();
    }
    json.end_array().end_object();
  }
  json.end_array().end_object();
}

std::vector<RuleMetadata> lint_rule_metadata(const lint::LintResult& result) {
  std::vector<RuleMetadata> out;
  for (const auto& rule : lint::rule_catalogue()) {
    if (!rule_ran(rule, result)) continue;
    const char* why =
        result.dialect == model::Dialect::sqlite && rule.why_sqlite ? rule.why_sqlite : rule.why;
    out.push_back(RuleMetadata{rule.code, rule.name, rule.summary, why,
                               recipe_text(lint::recipe_for(rule, result.framework, {}), ""),
                               rule.severity});
  }
  return out;
}

std::vector<JunitSuite> lint_junit_suites(const lint::LintResult& result) {
  std::vector<JunitSuite> suites;
  if (!result.diagnostics.empty()) {
    JunitSuite project{"project", "", {}};
    std::map<std::string, std::size_t> by_code;
    for (const auto& d : result.diagnostics) {
      auto [at, added] = by_code.emplace(d.code, project.cases.size());
      if (added) project.cases.push_back(JunitCase{d.code, {}});
      project.cases[at->second].findings.push_back(d);
    }
    suites.push_back(std::move(project));
  }
  for (const auto& migration : result.migrations) {
    JunitSuite suite{migration.key, migration.file, {}};
    for (const auto& rule : lint::rule_catalogue()) {
      if (!rule_ran(rule, result)) continue;
      JunitCase check{std::string(rule.code) + " " + rule.name, {}};
      for (const auto& finding : migration.findings)
        if (finding.diagnostic.code == rule.code) check.findings.push_back(finding.diagnostic);
      suite.cases.push_back(std::move(check));
    }
    suites.push_back(std::move(suite));
  }
  return suites;
}

model::Diagnostics lint_annotations(const lint::LintResult& result) {
  model::Diagnostics out = result.diagnostics;
  for (const auto& migration : result.migrations) {
    for (const auto& finding : migration.findings) {
      model::Diagnostic d = finding.diagnostic;
      if (finding.rule) d.message = std::string(finding.rule->name) + ": " + d.message;
      if (!finding.recipe.empty()) d.message += "\nFix:\n" + recipe_text(finding.recipe, "");
      out.push_back(std::move(d));
    }
  }
  return out;
}

void write_rule_list(std::ostream& out) {
  for (const auto& rule : lint::rule_catalogue()) {
    const char* scope = rule.scope == lint::RuleScope::postgresql_only ? "postgresql"
                        : rule.scope == lint::RuleScope::sqlite_only   ? "sqlite"
                                                                       : "any dialect";
    out << rule.code << "  " << rule.name << "  (" << model::to_string(rule.severity) << ", "
        << scope << ")\n    " << rule.summary << "\n";
  }
}

}  // namespace pm::report
