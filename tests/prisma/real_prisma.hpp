// The real Prisma CLI (npm prisma@6.19.3, installed into the build folder by the ctest fixture
// "prisma_cli", tests/npm/install.sh) run on a project the way a user runs it, with
// the wasm schema engine behind a driver adapter (tests/prisma/interop/prisma.config.*.ts).
// When the CLI is not installed the tests fail: they are never skipped.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/script.hpp"
#include "support/run_process.hpp"

namespace pm::test {

// A database both tools can open.
struct PrismaDatabase {
  model::Dialect dialect = model::Dialect::sqlite;
  std::string polymigrate_url;  // sqlite:/abs/file.db, postgresql://user@host:port/db
  std::string prisma_url;       // file:/abs/file.db, or the same PostgreSQL URL
};

PrismaDatabase sqlite_prisma_database(const std::filesystem::path& file);
PrismaDatabase postgres_prisma_database();  // a fresh database on the test server

// Makes `project` runnable by the real CLI on `db`: the schema's provider set to the database's,
// prisma.config.ts for the dialect, node_modules linked to the installed CLI.
void prepare_prisma_project(const std::filesystem::path& project, const PrismaDatabase& db);

// `prisma <args>` in `project`; throws when the CLI is not installed.
ProcessResult run_prisma(const std::filesystem::path& project, const PrismaDatabase& db,
                         const std::vector<std::string>& args);

}  // namespace pm::test
