// Generated rollbacks: the inverse of a migration, computed from the schema replayed before and
// after it (diff of after -> before), for frameworks that write no down scripts (Prisma), a
// migration without one (Flyway without an undo file), and conversions that need one.
//
// A rollback is refused (PM320) when the migration does something the schema states cannot
// undo: SQL the DDL reader did not understand, a data change (INSERT, UPDATE, DELETE) on a table
// that existed before, code polymigrate cannot read. PM321: the migration's replay reported a
// problem, or the generated ops do not lead back to the schema before it. PM322 warns about data
// a rollback cannot bring back (a dropped table or column re-created empty, a type changed back).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/history.hpp"
#include "model/op.hpp"
#include "schema/replay.hpp"

namespace pm::schema {

inline constexpr const char* kRollbackUnknowable = "PM320";
inline constexpr const char* kRollbackInconsistent = "PM321";
inline constexpr const char* kRollbackDataLoss = "PM322";

// One inverse op with the statements that run it on the dialect (rendered against the schema
// state it applies to, so SQLite table rebuilds get the table's definition).
struct RollbackStep {
  model::Op op;
  std::vector<std::string> statements;  // without terminating ';'
};

struct Rollback {
  std::string key;
  std::vector<RollbackStep> steps;  // in the order they run
  model::Diagnostics warnings;      // PM322, about the migration's file
  model::Diagnostics blockers;      // PM320 / PM321; empty when the rollback can run

  bool ok() const { return blockers.empty(); }
};

// Replays the history once; each rollback() is then a diff of two kept states.
class RollbackGenerator {
 public:
  RollbackGenerator(const model::History& history, model::Dialect dialect);

  // The rollback of one migration of the history (by key); a key the history does not have is a
  // PM321 blocker.
  Rollback rollback(const model::Migration& migration) const;

 private:
  model::Dialect dialect_;
  HistoryReplay replay_;
  std::unordered_map<std::string, std::size_t> index_;  // key -> replay_.migrations index
};

}  // namespace pm::schema
