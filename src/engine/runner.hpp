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
};

struct MigrationFailure {
  const model::Migration* migration = nullptr;
  std::string message;  // the database's words, password masked
  std::string file;     // the step's file and line
  int line = 0;
  bool rolled_back = true;  // false: the migration ran outside a transaction and may be partial
};

struct RunResult {
  std::vector<MigrationRun> completed;
  std::optional<MigrationFailure> failure;
  std::int64_t total_ms = 0;
};

struct RunOptions {
  // Called before each migration (progress display).
  std::function<void(std::size_t index, std::size_t total, const model::Migration&)> on_start;
};

// Runs a plan's migrations up (plan.direction == up) or down. The caller holds the lock.
RunResult run_plan(db::Connection& conn, adapters::VersionTable& table,
                   const adapters::RunPolicy& policy, const Plan& plan,
                   const RunOptions& options = {});

}  // namespace pm::engine
