// One zero-downtime lint rule as users of Squawk, strong_migrations and Atlas expect it: a stable
// code and name, a severity, why the change is unsafe, and the expand/contract recipe that makes
// it safe, worded for each framework's own way of writing migrations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/script.hpp"

namespace pm::lint {

// Which databases a rule is about. PostgreSQL-only rules are off on SQLite (no CONCURRENTLY,
// no NOT VALID, one writer at a time anyway).
enum class RuleScope { any_dialect, postgresql_only, sqlite_only };

// One phase of a recipe. `text` says what to do; the per-framework strings say how to write it
// (nullptr: `text` alone is the whole instruction, as for an application release).
struct RecipePhase {
  const char* phase;    // "expand", "release", "migrate", "contract", "review"
  const char* text;     // framework-neutral
  const char* sql;      // Flyway and Prisma: SQL in a migration file
  const char* alembic;  // an Alembic revision with op.*
  const char* knex;     // a Knex migration with the schema builder
};

struct Rule {
  const char* code;  // stable: PM5xx
  const char* name;  // stable kebab-case name, accepted wherever the code is
  model::Severity severity;
  RuleScope scope;
  const char* summary;     // one line
  const char* why;         // why it is unsafe on PostgreSQL (or any database)
  const char* why_sqlite;  // SQLite's own reason, nullptr when `why` holds for it too
  std::vector<RecipePhase> recipe;
};

// A recipe phase as written for one framework, the finding's names filled in.
struct RecipeStep {
  std::string phase;
  std::string text;
};

// Names a recipe's {table}, {column}, {index}, {constraint} and {type} stand for, and what its
// <new> and <old> placeholders stand for when the finding knows them (the new name of a rename,
// an enum's new and old value); unknown ones stay as placeholders for the user to fill in.
struct RecipeNames {
  std::string table = {};
  std::string column = {};
  std::string index = {};
  std::string constraint = {};
  std::string type = {};
  std::string new_name = {};
  std::string old_name = {};
};

std::vector<RecipeStep> recipe_for(const Rule& rule, std::string_view framework,
                                   const RecipeNames& names);

bool applies_to(const Rule& rule, model::Dialect dialect);

}  // namespace pm::lint
