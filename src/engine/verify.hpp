// `verify`: the staging check of a deployment pipeline. On a scratch database, every migration is
// applied on its own, reverted, and applied again, with the schema introspected at each step: a
// rollback that does not bring back the schema before it, or a migration that cannot run again
// after its rollback, is found here instead of in production.
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "db/connection.hpp"
#include "model/diagnostic.hpp"

namespace pm::engine {

// Finding codes (PM6xx):
//   PM601 error    the rollback does not restore the schema before the migration (one per
//   difference) PM602 error    the migration fails to apply PM603 warning  the migration has no
//   rollback polymigrate can run or generate: not reverted PM604 error    the rollback fails, or
//   leaves the migration recorded as applied PM605 error    the migration fails to apply again
//   after its rollback PM606 error    applied again, it builds another schema than the first time
//   (one per difference)
// One check made on a migration, in the order they run: "applies", "reverts", "restores the
// schema", "applies again", "builds the same schema again". A check that was never reached (an
// earlier one failed) is not listed.
struct VerifyCheck {
  std::string name;
  model::Diagnostics findings;  // empty: passed
};

struct VerifiedMigration {
  enum class Outcome { passed, not_reverted, failed, not_run };
  std::string key;
  std::string file;
  Outcome outcome = Outcome::not_run;
  std::vector<VerifyCheck> checks;
  model::Diagnostics findings() const;  // of every check, in order
};

struct VerifyReport {
  std::string database;                       // the scratch database, password masked
  std::vector<VerifiedMigration> migrations;  // in apply order
  model::Diagnostics findings() const;
};

const char* to_string(VerifiedMigration::Outcome outcome);

// `scratch` must be empty: it is filled and left to the caller to drop. The run stops at the first
// migration that cannot be applied, since every later one builds on it.
VerifyReport verify(db::Connection& scratch, const adapters::Adapter& adapter,
                    const model::Project& project);

}  // namespace pm::engine
