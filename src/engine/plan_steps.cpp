// The steps every phase builder writes with: SQL and op steps, the refusal naming the lint rule,
// the table's key, and the backfill that runs in batches where the framework lets it commit.
#include "engine/plan_phase_builders.hpp"
#include "sql/renderer.hpp"

namespace pm::engine::planning {

namespace {

using sql::quote_identifier;
using sql::quote_name;

std::string key_list(const std::vector<std::string>& key) {
  std::string out;
  for (const auto& column : key) out += (out.empty() ? "" : ", ") + quote_identifier(column);
  return out;
}

}  // namespace

model::Step sql_step(std::string text, bool no_transaction) {
  return model::SqlStep{std::move(text), 0, false, no_transaction};
}

model::Step op_step(model::Op op) { return model::OpStep{std::move(op), "", 0}; }

void not_planned(const lint::Finding& finding, const std::string& why) {
  const lint::Rule* rule = finding.rule;
  throw NotPlanned(finding.diagnostic.file + ":" + std::to_string(finding.diagnostic.line) + ": " +
                   finding.diagnostic.code + (rule ? std::string(" ") + rule->name : "") +
                   ": not planned for this change (" + why +
                   "); `polymigrate lint` prints the rule's manual recipe");
}

std::vector<std::string> primary_key(const schema::Table& table) {
  for (const auto& constraint : table.constraints)
    if (constraint.kind == model::ConstraintKind::primary_key) return constraint.columns;
  std::vector<std::string> out;
  for (const auto& column : table.columns)
    if (column.primary) out.push_back(column.name);
  return out;
}

// COMMIT inside DO is refused in a transaction block: the step is marked to run outside the
// migration's transaction, which each framework's writer turns into its own switch.
model::Step backfill_step(const PlanContext& context, const model::QualifiedName& table,
                          const std::vector<std::string>& key, const std::string& set,
                          const std::string& unfilled) {
  const std::string name = quote_name(table);
  if (!context.batched) return sql_step("UPDATE " + name + " SET " + set + " WHERE " + unfilled);
  const std::string keys = key_list(key);
  return sql_step(
      "DO $$\n"
      "DECLARE\n"
      "  changed integer;\n"
      "BEGIN\n"
      "  LOOP\n"
      "    UPDATE " +
          name + " SET " + set + " WHERE (" + keys + ") IN (SELECT " + keys + " FROM " + name +
          " WHERE " + unfilled + " ORDER BY " + keys + " LIMIT " +
          std::to_string(context.options.batch_size) +
          ");\n"
          "    GET DIAGNOSTICS changed = ROW_COUNT;\n"
          "    EXIT WHEN changed = 0;\n"
          "    COMMIT;\n"
          "  END LOOP;\n"
          "END\n"
          "$$",
      true);
}

std::string backfill_note(const PlanContext& context) {
  if (context.batched)
    return "runs outside a transaction, committing every " +
           std::to_string(context.options.batch_size) + " rows";
  return "one UPDATE of every row not yet filled";
}

}  // namespace pm::engine::planning
