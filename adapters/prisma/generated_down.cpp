#include "adapters/prisma/generated_down.hpp"

#include "adapters/prisma/prisma_script.hpp"
#include "schema/rollback.hpp"

namespace pm::prisma {

namespace {

bool is_foreign_keys_pragma(const std::string& statement) {
  return statement.rfind("PRAGMA foreign_keys", 0) == 0;
}

std::string script_text(const schema::Rollback& rollback, model::Dialect dialect) {
  std::vector<ScriptSection> sections;
  bool rebuilds = false;
  for (const auto& step : rollback.steps) {
    ScriptSection section{step_description(step.op, step.statements), {}};
    for (const auto& statement : step.statements) {
      // Inside the transaction below the pragma would be a silent no-op: it moves outside.
      if (dialect == model::Dialect::sqlite && is_foreign_keys_pragma(statement)) {
        rebuilds = true;
        continue;
      }
      section.statements.push_back(statement);
    }
    sections.push_back(std::move(section));
  }
  std::vector<std::string> warnings;
  for (const auto& warning : rollback.warnings) warnings.push_back(warning.message);
  const std::string body = render_prisma_script(sections, warnings);
  if (dialect != model::Dialect::sqlite) return body;
  std::string script;
  if (rebuilds) script += "PRAGMA foreign_keys = OFF;\n";
  script += "BEGIN;\n" + body + (body.empty() || body.back() == '\n' ? "" : "\n") + "COMMIT;\n";
  if (rebuilds) script += "PRAGMA foreign_keys = ON;\n";
  return script;
}

}  // namespace

adapters::GeneratedDowns generate_prisma_downs(
    const model::Project& project, model::Dialect dialect,
    const std::vector<const model::Migration*>& to_revert) {
  adapters::GeneratedDowns out;
  if (to_revert.empty()) return out;
  const schema::RollbackGenerator generator(project.history, dialect);
  for (const auto* migration : to_revert) {
    auto rollback = generator.rollback(*migration);
    out.refusals.insert(out.refusals.end(), rollback.blockers.begin(), rollback.blockers.end());
    out.warnings.insert(out.warnings.end(), rollback.warnings.begin(), rollback.warnings.end());
    if (!rollback.ok()) continue;
    model::SqlStep step;
    step.text = script_text(rollback, dialect);
    step.line = 1;
    step.understood = true;
    out.scripts.emplace(migration->key, model::Script{std::move(step)});
  }
  return out;
}

}  // namespace pm::prisma
