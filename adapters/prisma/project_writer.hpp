// Model -> a Prisma project, for conversion: prisma/schema.prisma with a datasource,
// prisma/migrations/<timestamp>_<name>/migration.sql in apply order, and migration_lock.toml, as
// `prisma migrate dev` writes them (packages/migrate/src/utils/createMigration.ts).
//
// A migration read from SQL keeps its text byte for byte (so a Prisma project written back has
// the same checksums); ops that came from code are rendered for the dialect in the engine's
// layout ("-- CreateTable" sections). Code polymigrate could not translate is carried as
// comments, followed by a statement that stops Prisma there (adapters/sql_writing.hpp). The
// schema's models are not written: migrate commands need only the datasource (`prisma db pull`
// writes models from a migrated database).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "schema/schema_state.hpp"

namespace pm::prisma {

// Folder names for the migrations: a Prisma project's own names are kept; any other migration
// gets <UTC YYYYMMDDHHMMSS>_<slug>, the timestamps counting seconds up from 2000-01-01 00:00:00
// in apply order (deterministic, and sorted as the history is), the slug as Prisma makes one.
std::string migration_folder_name(const model::Project& project, std::size_t index,
                                  const model::Migration& migration);

// @sindresorhus/slugify with separator '_' as the CLI calls it, for ASCII: camelCase split,
// lower case, every run of other characters one '_', none at the ends; at most 200 characters.
std::string slugify(const std::string& text);

// migration.sql of one migration. `state` is the schema before it, kept up to date step by step
// so that ops from code render with the definition a SQLite rebuild needs. A migration of one SQL
// text is that text, byte for byte. Throws std::invalid_argument ("file:line: ...").
std::string prisma_migration_script(const model::Migration& migration, schema::SchemaState state,
                                    model::Dialect dialect);

// The files of the project, paths relative to the output folder; nothing is written here.
std::vector<adapters::WrittenFile> prisma_project_files(const model::Project& project,
                                                        model::Dialect dialect);

}  // namespace pm::prisma
