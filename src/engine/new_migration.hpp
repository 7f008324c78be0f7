// `new` and `generate` write one migration into a project: the adapter names and renders it
// (Adapter::new_migration_files), the engine writes it, only inside the project's migrations
// folders and never over an existing file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "engine/project_loader.hpp"

namespace pm::engine {

// Writes the migration; returns the files written, relative to the project root. Throws
// InputError when the adapter refuses (the project's state, a step it cannot write) or a file
// would land outside the migrations folders or on an existing file; NotAvailable passes through.
std::vector<std::filesystem::path> add_migration(const LoadedProject& loaded,
                                                 model::Dialect dialect,
                                                 const adapters::NewMigration& migration);

// `new --sql FILE`: the up is the file's SQL (`sql`, read from `file`, named in messages); the
// down is the rollback generated from the schema replay (schema/rollback.hpp) when every
// statement is understood and none changes data, else empty, `down_note` saying why.
void use_sql(adapters::NewMigration& migration, const LoadedProject& loaded, model::Dialect dialect,
             const std::string& sql, const std::string& file);

}  // namespace pm::engine
