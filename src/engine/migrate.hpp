// The commands that touch a database, as the library offers them: read the status, and move a
// database up or down under the native lock, with a dry run that records instead of writing.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "db/connection.hpp"
#include "engine/plan.hpp"
#include "engine/runner.hpp"
#include "engine/status.hpp"
#include "model/diagnostic.hpp"

namespace pm::engine {

// The database's state forbids the run (a failed migration recorded, a file gone, a file changed):
// the findings say why, in the native tool's terms.
class RefusedError : public std::runtime_error {
 public:
  RefusedError(std::string message, model::Diagnostics findings)
      : std::runtime_error(std::move(message)), findings_(std::move(findings)) {}
  const model::Diagnostics& findings() const { return findings_; }

 private:
  model::Diagnostics findings_;
};

StatusReport read_status(db::Connection& conn, const adapters::Adapter& adapter,
                         const model::Project& project);

// Database findings (PM2xx) from a status: failed, changed, missing.
model::Diagnostics status_findings(const StatusReport& status);

struct MigrateRequest {
  Plan::Direction direction = Plan::Direction::up;
  std::optional<std::string> target;
  bool dry_run = false;
  RunOptions run_options;
};

struct MigrateResult {
  Plan plan;
  RunResult run;
  std::vector<std::string> recorded_sql;  // dry run: every statement that would have run
  // `down` with rollbacks the adapter generated: the plan points at these copies, which carry
  // the generated down script; `warnings` says what data they cannot bring back.
  std::vector<std::unique_ptr<model::Migration>> generated_downs;
  model::Diagnostics warnings;
};

MigrateResult migrate(db::Connection& conn, const adapters::Adapter& adapter,
                      const model::Project& project, const MigrateRequest& request);

}  // namespace pm::engine
