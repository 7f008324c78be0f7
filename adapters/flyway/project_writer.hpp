// Model -> a Flyway project, for conversion: flyway.toml and sql/V<version>__<description>.sql in
// apply order, U files for the downs, R files for repeatables, a .sql.conf sidecar for a
// migration that must run outside a transaction.
//
// Versions: a Flyway project's own are kept; any other history is numbered 1, 2, 3 ... in apply
// order. SQL is written as it was read; ops from code are rendered for the dialect against the
// replayed schema (so SQLite table rebuilds know the table). Where the source has no down, the
// U file holds the rollback generated from the schema replay, with a data-loss warning where it
// re-creates what a migration dropped; where no rollback can be known, the U file fails when run,
// saying why. Code polymigrate could not translate is carried as comments, followed by a call to
// a function that does not exist, so Flyway stops there instead of skipping it.
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "schema/schema_state.hpp"

namespace pm::flyway {

// The description part of a file name: spaces become '_', characters Flyway would not read back
// the same (path separators, quotes, ...) are dropped.
std::string file_description(const std::string& description);

// A script's statements as Flyway SQL, one per line group. `state` is the schema before the
// script and follows it op by op, so ops from code render with the definition a SQLite rebuild
// needs; `file` names the source in errors (std::invalid_argument, "file:line: ...").
std::string flyway_script_sql(const model::Script& script, const std::string& file,
                              schema::SchemaState& state, model::Dialect dialect);

// A script file in `folder` and, when it must run outside a transaction (its source said so, or
// it holds a statement that cannot run in one, such as SQLite's PRAGMA foreign_keys of a table
// rebuild), the .conf sidecar that says so: without it Flyway refuses the mix (PM116).
void add_flyway_script(std::vector<adapters::WrittenFile>& files,
                       const std::filesystem::path& folder, const std::string& file_name,
                       std::string content, bool non_transactional, model::Dialect dialect);

// The files of the project, paths relative to the output folder; nothing is written here.
// Throws std::invalid_argument when an op cannot be rendered (the message names file and line).
std::vector<adapters::WrittenFile> flyway_project_files(const model::Project& project,
                                                        model::Dialect dialect);

}  // namespace pm::flyway
