// Runs a plan against a database: each migration's steps and its version-table write, wrapped in
// transactions as the adapter's RunPolicy says, timed, stopping at the first failure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "db/connection.hpp"
#include "engine/plan.hpp"

namespace pm::engine {

struct MigrationRun {
  const model::Migration* migration = nullptr;
  std::int64_t execution_ms = 0;
  bool delegated = false;  // run by the native tool
};

struct MigrationFailure {
  const model::Migration* migration = nullptr;
  std::string message;  // the database's words, password masked
  std::string file;     // the step's file and line
  int line = 0;
  bool rolled_back = true;  // false: the migration ran outside a transaction and may be partial
  bool delegated = false;  // the native tool ran it: what it left is its own transaction's business
};

struct RunResult {
  std::vector<MigrationRun> completed;
  std::optional<MigrationFailure> failure;
  std::int64_t total_ms = 0;
};

// `--delegate`: migrations holding code polymigrate could not translate are run by the native
// tool, one at a time, with polymigrate's lock handed over to it for that migration.
struct Delegation {
  adapters::NativeTool* tool = nullptr;
  bool dry_run = false;  // record the tool's command as a comment instead of running it
  // Whether the version table, read again, records `migration` as applied: what the tool did.
  std::function<bool(db::Connection&, const model::Migration&)> is_applied;
};

struct RunOptions {
  // Called before each migration (progress display).
  std::function<void(std::size_t index, std::size_t total, const model::Migration&)> on_start;
  // `--delegate`: migrations holding code polymigrate could not translate run with the native
  // tool, against this database (engine::migrate makes the Delegation). nullopt: such a
  // migration refuses the run.
  std::optional<adapters::NativeToolRequest> delegate;
};

// Whether a script holds code polymigrate could not translate.
bool has_opaque_steps(const model::Script& script);

// Runs a plan's migrations up (plan.direction == up) or down. The caller holds the lock.
RunResult run_plan(db::Connection& conn, adapters::VersionTable& table,
                   const adapters::RunPolicy& policy, const Plan& plan,
                   const RunOptions& options = {}, const Delegation* delegation = nullptr);

}  // namespace pm::engine
