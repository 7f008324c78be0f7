// Alembic's upgrade/downgrade targets (alembic/script/revision.py _parse_upgrade_target,
// _parse_downgrade_target, _relative_destination): head, heads, base, full or partial ids,
// branch labels, label@head, +N, -N, rev+N, label@-N, resolved to what the engine plans with.
#pragma once

#include <stdexcept>
#include <string>
#include <unordered_set>

#include "adapters/alembic/revision_graph.hpp"

namespace pm::alembic {

// A target Alembic would refuse, with Alembic's message.
class TargetError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The engine's form of a target: a revision id, "base" or "latest" (every head).
// `applied`: revisions the database has applied (the current heads and their ancestors).
std::string resolve_alembic_target(const RevisionGraph& graph,
                                   const std::unordered_set<std::string>& applied,
                                   const std::string& target, bool upgrade);

// A revision id for a symbol: exact id, branch label, or a unique prefix (Alembic's
// _revision_for_ident). Throws TargetError.
std::string resolve_revision(const RevisionGraph& graph, const std::string& symbol);

}  // namespace pm::alembic
