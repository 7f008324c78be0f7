// SQL scripts laid out as the schema engine writes migration.sql (render_script in
// sql-schema-connector/src/apply_migration.rs): a leading "/* Warnings: */" block when there are
// warnings, then per step "-- <Step>" and each statement followed by ";\n", a blank line between
// steps, and "-- This is an empty migration." when there is nothing to run.
#pragma once

#include <string>
#include <vector>

#include "model/op.hpp"

namespace pm::prisma {

struct ScriptSection {
  std::string description;              // the engine's step name: CreateTable, AlterTable, ...
  std::vector<std::string> statements;  // without terminating ';'
};

std::string render_prisma_script(const std::vector<ScriptSection>& sections,
                                 const std::vector<std::string>& warnings = {});

// The engine's step name for what an op renders to (SqlMigrationStep::description): SQLite table
// rebuilds are RedefineTables, column changes AlterTable, foreign keys Add/DropForeignKey.
std::string step_description(const model::Op& op, const std::vector<std::string>& statements);

}  // namespace pm::prisma
