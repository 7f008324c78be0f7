// `flyway repair` and `flyway baseline` on flyway_schema_history, as DbRepair and DbBaseline do
// them: same rows, same order of steps, same refusals, in one transaction under Flyway's lock.
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "model/project.hpp"

namespace pm::flyway {

struct RepairResult {
  std::vector<std::string> removed;  // failed rows deleted ("1.2 (add email)")
  std::vector<std::string> deleted;  // rows without a file, marked by a DELETE row
  std::vector<std::string> aligned;  // rows whose checksum, description or type now match the file
};

// DbRepair.repair: removeFailedMigrations, then deleteMissingMigrations (unless the configured
// ignoreMigrationPatterns ignore them: *:future by default), then
// alignAppliedMigrationsWithResolvedMigrations.
RepairResult repair(db::Connection& conn, const model::Project& project);

// DbBaseline.baseline: creates the table with the baseline row (baselineVersion,
// baselineDescription), or accepts an identical existing baseline; refuses with Flyway's message
// when the table already holds another baseline or migrations. Returns the baseline version.
std::string baseline(db::Connection& conn, const model::Project& project);

}  // namespace pm::flyway
