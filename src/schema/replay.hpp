// Replay: applies model ops to a schema state as the database would, and a whole history
// migration by migration, reporting what the database would refuse as PM3xx diagnostics.
//
// Codes: PM301 table created twice, PM302 table missing, PM303 column missing, PM304 column added
// twice, PM305 index created twice, PM306 index missing, PM307 index on a missing column, PM308
// constraint missing, PM309 foreign key to a missing table, PM310 view or type created twice,
// PM311 view or type missing, PM312 SQL the splitter could not split.
#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/history.hpp"
#include "model/op.hpp"
#include "schema/schema_state.hpp"

namespace pm::schema {

// Where an op came from, for its diagnostics.
struct OpSource {
  std::string file;
  int line = 0;
};

// Applies one op; on a problem the state changes as far as the op still makes sense (a second
// CREATE TABLE keeps the first table) and a diagnostic says why.
model::Diagnostics apply_op(SchemaState& state, const model::Op& op, const OpSource& source = {});

struct MigrationReplay {
  std::string key;
  SchemaState before;
  SchemaState after;
  int ops = 0;           // ops applied
  int skipped_sql = 0;   // SQL statements the DDL reader does not understand
  int opaque_steps = 0;  // code polymigrate cannot read (Python, JavaScript)
};

struct HistoryReplay {
  std::vector<MigrationReplay> migrations;  // in the history's apply order
  model::Diagnostics diagnostics;
  int skipped_sql = 0;
  int opaque_steps = 0;
  SchemaState state;  // after the last migration
};

// Replays the `up` script of every migration in apply order. SQL steps are split and read with
// the DDL reader; op steps are applied directly.
HistoryReplay replay_history(const model::History& history, model::Dialect dialect);

}  // namespace pm::schema
