// `new` and `generate` for Knex: <UTC yyyymmddhhmmss>_<name>.<ext> in the last configured
// migrations folder, as `knex migrate:make NAME` writes it (MigrationGenerator.js), in the shape
// of Knex's own stub for the extension (lib/migrations/migrate/stub/js.stub, ts.stub, mjs.stub),
// with up and down bodies written as schema-builder chains (step_writer.hpp).
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::knex {

// The extension Knex's migrate:make uses for the project: migrations.extension when set, else
// TypeScript when the knexfile or the newest migration is TypeScript, else "js".
std::string new_migration_extension(const model::Project& project);

std::vector<adapters::WrittenFile> knex_new_migration_files(
    const model::Project& project, model::Dialect dialect, const adapters::NewMigration& migration);

}  // namespace pm::knex
