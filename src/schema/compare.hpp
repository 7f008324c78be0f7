// Compares a replayed schema with one introspected from a live database (from_snapshot) and
// lists the differences as sentences; empty means the history describes the database exactly.
#pragma once

#include <string>
#include <vector>

#include "schema/schema_state.hpp"

namespace pm::schema {

// Tolerates only what the catalog cannot tell apart (each rule is documented in compare.cpp):
// serial vs integer + nextval default, type spellings of one logical type, SQLite affinity
// spellings, deparsed expressions (casts, parentheses, case), database-generated constraint
// names, default ON DELETE/UPDATE actions, and what a catalog does not report at all (SQLite
// CHECK constraints and constraint names, PostgreSQL view text as written).
struct CompareOptions {
  // Off when comparing two states where columns were added in another order on purpose (a diff
  // re-adds a dropped column at the end).
  bool column_order = true;
  // How the sentences name the two sides: "table t is replayed but not in the database". Other
  // callers compare two live states (verify: before a migration and after its rollback).
  std::string expected = "replayed";
  std::string actual = "in the database";
};

std::vector<std::string> compare(const SchemaState& replayed, const SchemaState& introspected,
                                 const CompareOptions& options = {});

}  // namespace pm::schema
