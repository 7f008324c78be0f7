// Constraints PostgreSQL can add without scanning under a lock: NOT VALID first (new rows are
// checked at once, a brief lock), VALIDATE in a later migration (a scan that lets writes go on:
// SHARE UPDATE EXCLUSIVE). NOT NULL rides on the same: PostgreSQL 12+ skips its scan when a
// valid CHECK (col IS NOT NULL) already proves it.
#include <algorithm>

#include "engine/plan_phase_builders.hpp"
#include "lint/rule_catalogue.hpp"
#include "sql/renderer.hpp"

namespace pm::engine::planning {

namespace {

using model::Dialect;
using sql::quote_identifier;
using sql::quote_name;

std::string alter_table(const model::QualifiedName& table) {
  return "ALTER TABLE " + quote_name(table) + " ";
}

std::string validate(const model::QualifiedName& table, const std::string& name) {
  return alter_table(table) + "VALIDATE CONSTRAINT " + quote_identifier(name);
}

std::string drop_constraint(const model::QualifiedName& table, const std::string& name) {
  return alter_table(table) + "DROP CONSTRAINT IF EXISTS " + quote_identifier(name);
}

std::string phase_note(std::size_t index, std::size_t count, const std::string& key,
                       const std::string& what) {
  return "phase " + std::to_string(index + 1) + " of " + std::to_string(count) + " replacing " +
         key + " (polymigrate plan): " + what;
}

void number(std::vector<PlanPhase>& phases, const std::vector<std::string>& what,
            const std::string& key) {
  for (std::size_t i = 0; i < phases.size(); ++i)
    phases[i].migration.notes.insert(phases[i].migration.notes.begin(),
                                     phase_note(i, phases.size(), key, what[i]));
}

// PostgreSQL's own name for an unnamed constraint (table_column_fkey, table_column_check), so the
// VALIDATE of the later migration can name it.
std::string constraint_name(const ConstraintAdd& add) {
  if (!add.constraint.name.empty()) return add.constraint.name;
  const std::string column =
      add.constraint.columns.empty() ? "" : "_" + add.constraint.columns.front();
  return add.table.name + column +
         (add.constraint.kind == model::ConstraintKind::foreign_key ? "_fkey" : "_check");
}

}  // namespace

Phases not_null_phases(const PlanContext& context, const lint::Finding& finding,
                       const model::AlterColumn& alter, const NotNullFill& fill) {
  if (context.dialect != Dialect::postgresql)
    not_planned(finding,
                "SQLite has no NOT VALID check to prove NOT NULL without a scan, and changes "
                "nullability only by rebuilding the table (copy, drop, rename) under the "
                "database's write lock, which is what this migration's framework already does: "
                "keep the migration, run it when writes can wait, and deploy code that always "
                "writes the column first");
  const schema::Table* table = context.before.find_table(alter.table);
  const model::Column* column = table ? table->find_column(alter.column, context.dialect) : nullptr;
  if (!column)
    not_planned(finding, "the replayed schema has no column " + alter.table.display() + "." +
                             alter.column + " before this migration");
  const std::string check = alter.table.name + "_" + column->name + "_not_null";
  const std::string col = quote_identifier(column->name);
  const model::QualifiedName& name = table->name;

  Phases out;
  PlanPhase expand{"expand", {}};
  std::vector<std::string> what{"new rows must have " + column->name + " (NOT VALID: no scan)"};
  if (fill.set_default) {
    // The default first, so rows written from now on have the value the backfill writes.
    expand.migration.up.push_back(
        sql_step(alter_table(name) + "ALTER COLUMN " + col + " SET DEFAULT " + *fill.value));
  }
  expand.migration.up.push_back(sql_step(alter_table(name) + "ADD CONSTRAINT " +
                                         quote_identifier(check) + " CHECK (" + col +
                                         " IS NOT NULL) NOT VALID"));
  expand.migration.down = model::Script{sql_step(drop_constraint(name, check))};
  if (fill.set_default)
    expand.migration.down->push_back(
        sql_step(alter_table(name) + "ALTER COLUMN " + col + " DROP DEFAULT"));
  expand.migration.name = "expand_" + name.name + "_" + column->name + "_not_null";
  out.phases.push_back(std::move(expand));

  if (fill.value) {
    const std::vector<std::string> key = primary_key(*table);
    if (key.empty())
      not_planned(finding, "table " + name.display() +
                               " has no primary key: the backfill batches find rows by it");
    PlanPhase backfill{"backfill", {}};
    backfill.migration.up.push_back(
        backfill_step(context, name, key, col + " = " + *fill.value, col + " IS NULL"));
    backfill.migration.down_note = "The backfill only wrote data: there is nothing to undo.";
    backfill.migration.name = "backfill_" + name.name + "_" + column->name;
    out.phases.push_back(std::move(backfill));
    what.push_back("rows without " + column->name + " get " + *fill.value + "; " +
                   backfill_note(context));
  } else {
    out.notes.push_back("no default or value is given for " + name.display() + "." + column->name +
                        ": rows that hold NULL make the validate phase fail; fill them (in "
                        "batches) before it runs");
  }

  PlanPhase check_phase{"validate", {}};
  check_phase.migration.up.push_back(sql_step(validate(name, check)));
  check_phase.migration.down_note = "VALIDATE only checked the rows: there is nothing to undo.";
  check_phase.migration.name = "validate_" + name.name + "_" + column->name + "_not_null";
  out.phases.push_back(std::move(check_phase));
  what.push_back("scans the rows without blocking writes (SHARE UPDATE EXCLUSIVE)");

  PlanPhase contract{"contract", {}};
  contract.migration.up.push_back(
      sql_step(alter_table(name) + "ALTER COLUMN " + col + " SET NOT NULL"));
  contract.migration.up.push_back(sql_step(drop_constraint(name, check)));
  contract.migration.down =
      model::Script{sql_step(alter_table(name) + "ADD CONSTRAINT " + quote_identifier(check) +
                             " CHECK (" + col + " IS NOT NULL) NOT VALID"),
                    sql_step(alter_table(name) + "ALTER COLUMN " + col + " DROP NOT NULL")};
  contract.migration.name = "contract_" + name.name + "_" + column->name + "_not_null";
  out.phases.push_back(std::move(contract));
  what.push_back(
      "SET NOT NULL uses the valid check and skips the scan (PostgreSQL 12+), then the check "
      "goes");
  number(out.phases, what, context.target.key);
  out.notes.push_back("deploy code that always writes " + name.display() + "." + column->name +
                      " before the expand phase: from then on the check refuses NULL");
  return out;
}

Phases constraint_phases(const PlanContext& context, const std::vector<ConstraintAdd>& adds) {
  Phases out;
  PlanPhase expand{"expand", {}};
  PlanPhase check_phase{"validate", {}};
  expand.migration.down.emplace();
  for (const ConstraintAdd& add : adds) {
    model::Constraint constraint = add.constraint;
    constraint.name = constraint_name(add);
    constraint.not_valid = true;
    if (add.column) {
      model::Column bare = *add.column;
      bare.references.reset();
      bare.check.reset();
      expand.migration.up.push_back(op_step(model::AddColumn{add.table, bare, false}));
    }
    for (auto& text : sql::render(model::AddConstraint{add.table, constraint}, context.dialect))
      expand.migration.up.push_back(sql_step(std::move(text)));
    expand.migration.down->insert(expand.migration.down->begin(),
                                  sql_step(drop_constraint(add.table, constraint.name)));
    if (add.column)
      expand.migration.down->push_back(op_step(model::DropColumn{add.table, add.column->name}));
    check_phase.migration.up.push_back(sql_step(validate(add.table, constraint.name)));
  }
  const ConstraintAdd& first = adds.front();
  const std::string subject = first.table.name + "_" + constraint_name(first);
  expand.migration.name = "expand_" + subject;
  check_phase.migration.name = "validate_" + subject;
  check_phase.migration.down_note = "VALIDATE only checked the rows: there is nothing to undo.";
  out.phases.push_back(std::move(expand));
  out.phases.push_back(std::move(check_phase));
  number(out.phases,
         {"the constraint checks new rows at once (NOT VALID: no scan, a brief lock)",
          "checks the existing rows without blocking writes (SHARE UPDATE EXCLUSIVE; a foreign "
          "key's table gets ROW SHARE)"},
         context.target.key);
  out.notes.push_back(
      "rows that break the constraint make the validate phase fail: fix them before it runs");
  return out;
}

}  // namespace pm::engine::planning
