// The pieces `plan` (engine/expand_contract.hpp) builds its phases from, one builder per kind of
// breaking change: each returns the phase migrations in run order and the notes the user must
// read. Shared by the builders' files; not part of the library's interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/expand_contract.hpp"
#include "lint/lint.hpp"
#include "schema/schema_state.hpp"

namespace pm::engine::planning {

// What every builder reads: the breaking migration and the schema just before it.
struct PlanContext {
  const model::Project& project;
  model::Dialect dialect;
  const model::Migration& target;
  const schema::SchemaState& before;
  const PlanOptions& options;
  // PostgreSQL outside Prisma: a DO block commits batch by batch outside a transaction.
  bool batched = false;
};

struct Phases {
  std::vector<PlanPhase> phases;
  std::vector<std::string> notes;
};

model::Step sql_step(std::string text, bool no_transaction = false);
model::Step op_step(model::Op op);

[[noreturn]] void not_planned(const lint::Finding& finding, const std::string& why);

// The primary key's columns (a table constraint, else the columns marked primary).
std::vector<std::string> primary_key(const schema::Table& table);

// UPDATE `table` SET `set` for the rows matching `unfilled`: on PostgreSQL outside Prisma a DO
// block committing every `batch` rows, lowest keys first (marked to run outside the migration's
// transaction); else one UPDATE (SQLite has no loops in SQL; Prisma runs the file as one
// transaction, where a DO block cannot commit).
model::Step backfill_step(const PlanContext& context, const model::QualifiedName& table,
                          const std::vector<std::string>& key, const std::string& set,
                          const std::string& unfilled);

// The note about how the backfill runs, for the plan's notes.
std::string backfill_note(const PlanContext& context);

// The value rows without one get before NOT NULL holds: the default the migration sets (expand
// sets it too, so new rows get it), else the column's default.
struct NotNullFill {
  std::optional<std::string> value;
  bool set_default = false;
};

// PM506 on PostgreSQL: a NOT VALID CHECK (col IS NOT NULL), the backfill of the fill value when
// there is one, VALIDATE in a later migration, then SET NOT NULL.
Phases not_null_phases(const PlanContext& context, const lint::Finding& finding,
                       const model::AlterColumn& alter, const NotNullFill& fill);

// PM512/PM513: a foreign key or check added NOT VALID, validated in a later migration. `column`:
// the column an ADD COLUMN adds with the constraint (added first, without it), when there is one.
struct ConstraintAdd {
  model::QualifiedName table;
  model::Constraint constraint;
  std::optional<model::Column> column;
};
Phases constraint_phases(const PlanContext& context, const std::vector<ConstraintAdd>& adds);

// PM509: each index built CONCURRENTLY in a migration of its own, outside a transaction.
Phases index_phases(const PlanContext& context, const std::vector<model::CreateIndex>& indexes);

// PM503: the table renamed and a view with its old name in the same migration; the view dropped
// in the contract.
Phases rename_table_phases(const PlanContext& context, const lint::Finding& finding,
                           const model::RenameTable& rename);

}  // namespace pm::engine::planning
