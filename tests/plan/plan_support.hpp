// What the plan tests share: the files `plan` says it created, `up --to` one phase at a time, a
// column's value read back, and the rename-column walk through expand, backfill and contract.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "generate/project_copy.hpp"

namespace pm::test {

// The file names of plan's "created ..." lines, in order (Prisma: the folder names).
std::vector<std::string> created(const std::string& out);
std::vector<std::string> created_folders(const std::string& out);

// `up --db DB [--to TO]`, required to succeed.
void up(const ProjectCopy& project, const std::string& db, const std::string& to);

// The column's text in the row with that id (nullopt: NULL).
std::optional<std::string> text_at(db::Connection& conn, const std::string& table,
                                   const std::string& column, int id);

// Where to stop `up` for each phase of a rename-column plan.
struct Stops {
  std::string before;  // the migration before the breaking one
  std::string expand, backfill;
};

// Applies the history phase by phase on `db`, writing rows through the old and the new column
// while both exist; after contract only the new column is left, holding every value.
void runs_the_phases(const ProjectCopy& project, const std::string& db, const Stops& stops,
                     const std::string& table, const std::string& old_column,
                     const std::string& new_column, const std::vector<std::string>& skip);

// The names of the table's columns in the live database, in order.
std::vector<std::string> live_columns(const std::string& db, const std::string& table,
                                      const std::vector<std::string>& skip);

}  // namespace pm::test
