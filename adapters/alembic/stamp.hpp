// `alembic stamp`: write alembic_version rows for the given revisions without running any
// migration; --purge empties the table first (alembic/command.py stamp, StampStep).
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "model/project.hpp"

namespace pm::alembic {

struct StampResult {
  std::vector<std::string> before;  // heads in the table before
  std::vector<std::string> after;   // heads in the table after
};

// `revisions`: targets as Alembic reads them (ids, partial ids, labels, head, heads, base,
// label@head). Each replaces the current heads on its lineage. Throws TargetError.
StampResult stamp(db::Connection& conn, const model::Project& project,
                  const std::vector<std::string>& revisions, bool purge);

}  // namespace pm::alembic
