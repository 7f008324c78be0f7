// `plan`: the expand/contract migrations that replace one breaking migration, in the project's
// own framework, written through Adapter::new_migration_files like `new`. By what lint finds:
//   renamed or retyped column (PM504, PM505): expand (the new column, triggers keeping old and
//     new in step), backfill (in batches by primary key, outside the migration's transaction
//     where the framework allows it), contract (the triggers and the old column dropped);
//   NOT NULL (PM506, PostgreSQL): a NOT VALID check, a backfill of the default, VALIDATE, then
//     SET NOT NULL; foreign key or check (PM512, PM513): NOT VALID, then VALIDATE;
//   index without CONCURRENTLY (PM509): CREATE INDEX CONCURRENTLY outside a transaction;
//   renamed table (PM503): the rename plus a view with the old name, then the view dropped.
// The builders are in plan_*.cpp (plan_phase_builders.hpp). The breaking migration is left in
// place: the user deletes it once the phases are written.
#pragma once

#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "engine/project_loader.hpp"

namespace pm::engine {

// A breaking change plan cannot write phases for: the message names the lint rule (exit 2).
class NotPlanned : public InputError {
 public:
  using InputError::InputError;
};

struct PlanPhase {
  std::string role;  // "expand", "backfill", "validate", "index", "contract"
  adapters::NewMigration migration;
};

struct ExpandContractPlan {
  std::string migration_key;  // the breaking migration
  std::string file;
  std::vector<std::string> changes;  // "PM505 renames column users.name to full_name", ...
  std::vector<PlanPhase> phases;     // in the order they run
  std::vector<std::string> notes;    // limits the user must know (said once, not per file)
};

struct PlanOptions {
  int batch_size = 1000;
  std::time_t created = 0;  // the first phase's time; the next ones follow by a second each
};

// Throws InputError (unknown key, not the newest migration, no breaking change, a migration that
// also does what the phases would not hold) or NotPlanned (a breaking change with no recipe
// here, a table without the primary key a recipe needs, two kinds of change in one migration).
ExpandContractPlan plan_expand_contract(const LoadedProject& loaded, model::Dialect dialect,
                                        const std::string& migration_key,
                                        const PlanOptions& options);

// Writes the phases one after another, each placed after the one before it as `new` places a
// migration (`reload` reads the project again with the phase just written); returns the files
// written, relative to the project root.
std::vector<std::filesystem::path> write_plan(const LoadedProject& loaded, model::Dialect dialect,
                                              const ExpandContractPlan& plan,
                                              const std::function<LoadedProject()>& reload);

}  // namespace pm::engine
