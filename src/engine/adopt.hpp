// `adopt`: after `convert`, moves a live database's history from the source tool's version table
// to the target tool's, so the target tool sees every migration the source tool applied as
// applied, without running any of them again.
//
// Refused, with nothing changed (RefusedError, codes PM41x), when: the source table records a
// failed, changed or unknown migration (the PM2xx findings of `status`) or one the map does not
// know (PM411); the applied migrations are not the first ones of the converted order (PM412); the
// live schema differs from the schema the applied source migrations build (PM413, each difference
// listed); the target table already holds rows (PM414); a source migration changed since the
// convert (PM415). The target's rows are written as its own tool writes them (VersionTable
// before_apply/after_apply: native checksums, ranks, one batch, heads), all in one transaction;
// a dry run rolls it back. The source table is left in place.
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "engine/project_loader.hpp"
#include "model/migration.hpp"

namespace pm::engine {

struct AdoptResult {
  std::string source_table;
  std::string target_table;
  std::vector<std::string> adopted;  // target keys recorded, in order
  std::vector<model::Applied> rows;  // the target table afterwards (on a dry run: as it would be)
};

// `target` is the converted project (its root holds polymigrate-map.json); `source` the project
// it was converted from. Throws InputError when the map does not belong to these projects or to
// this database's dialect.
AdoptResult adopt(db::Connection& conn, const LoadedProject& target, const LoadedProject& source,
                  bool dry_run);

}  // namespace pm::engine
