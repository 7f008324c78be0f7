// Small projects of each framework written into a temp folder, so every lint rule is tried on
// what each framework's own syntax writes: SQL files for Flyway and Prisma, op.* calls for
// Alembic, schema-builder chains and knex.raw for Knex.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "lint/lint.hpp"
#include "model/script.hpp"

namespace pm::test {

// One migration's source: SQL (Flyway, Prisma), the body of upgrade() (Alembic, one statement
// a line), the body of `exports.up = async function (knex) {...}` (Knex). Knex text starting
// with "exports." or "module.exports" is the whole file.
struct LintProjectSpec {
  std::string framework;  // flyway, prisma, alembic, knex
  model::Dialect dialect = model::Dialect::postgresql;
  std::vector<std::string> migrations;
  std::map<std::string, std::string> extra_files;  // relative path -> content (Flyway .conf, ...)
};

// Writes the project under `root` and returns the path of each migration's file, relative.
std::vector<std::string> write_lint_project(const std::filesystem::path& root,
                                            const LintProjectSpec& spec);

// Writes, loads and lints the project (the dialect passed as --dialect would be). Fails the
// test when the project does not load cleanly.
lint::LintResult lint_spec(const LintProjectSpec& spec, const lint::LintOptions* options = nullptr);

// The codes of a migration's findings.
std::vector<std::string> codes(const lint::MigrationLint& migration);

}  // namespace pm::test
