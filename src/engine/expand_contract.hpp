// `plan`: the expand/contract migrations that replace one breaking migration. For each breaking
// change lint finds in it (a renamed column, a changed column type), three migrations in the
// project's own framework, written through Adapter::new_migration_files like `new`:
//   expand   - the new column, and triggers that keep old and new in step while both run;
//   backfill - the new column filled from the old, in batches by primary key, outside the
//              migration's transaction where the framework allows it;
//   contract - the triggers and the old column dropped.
// The breaking migration is left in place: the user deletes it once the phases are written.
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
  std::string role;  // "expand", "backfill", "contract"
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

// Throws InputError (unknown key, not the newest migration, no breaking change, a table without
// a primary key) or NotPlanned (a breaking change with no expand/contract recipe here).
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
