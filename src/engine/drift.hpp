// Drift: the schema a project's applied migrations build (replayed, ops from code as the native
// tool runs them) against the schema a live database holds, both without the version tables.
// `diff` reports it, `generate` turns it into a migration, `adopt` refuses a drifted database.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "db/connection.hpp"
#include "engine/project_loader.hpp"
#include "model/diagnostic.hpp"
#include "model/op.hpp"
#include "schema/schema_state.hpp"

namespace pm::engine {

// The live schema without the tables named in `skip` (version and lock tables).
schema::SchemaState live_schema(db::Connection& conn, const std::vector<std::string>& skip);

// The schema the migrations with keys in `applied` build on `dialect`, replayed in apply order
// as the project's own tool runs them (convert.hpp as_native). Replay problems go to
// `diagnostics` when it is given.
schema::SchemaState applied_schema(const LoadedProject& loaded,
                                   const std::unordered_set<std::string>& applied,
                                   model::Dialect dialect,
                                   model::Diagnostics* diagnostics = nullptr);

struct Drift {
  std::vector<std::string> applied;         // keys of the applied migrations, in apply order
  std::vector<std::string> pending;         // keys of the migrations not applied, in apply order
  std::vector<std::string> version_tables;  // left out of both schemas
  schema::SchemaState expected;             // what the applied migrations build
  schema::SchemaState live;                 // what the database holds
  std::vector<std::string> differences;     // schema::compare's sentences; empty: no drift
  std::vector<model::Op> changes;           // schema::diff(expected, live): what changed, op by op
  model::Diagnostics replay_diagnostics;    // what the replay could not follow (PM3xx)
  int unread_steps = 0;  // SQL the DDL reader does not understand and code it cannot read

  bool drifted() const { return !differences.empty(); }
};

// Reads the project's version table on `conn` (the applied migrations), replays them and
// compares with the live schema.
Drift compute_drift(db::Connection& conn, const LoadedProject& loaded);

}  // namespace pm::engine
