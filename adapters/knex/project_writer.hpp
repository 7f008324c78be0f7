// Model -> a Knex project, for conversion: knexfile.js (CommonJS, the client for the dialect, the
// connection from the environment) and migrations/<YYYYMMDDHHMMSS>_<name>.js in apply order,
// each with `exports.up` and `exports.down` written as schema-builder chains (step_writer.hpp).
//
// The down is the source's own down script when it has one, else the rollback generated from
// the schema replay (schema/rollback.hpp), with a comment for each data-loss warning. Where no
// rollback can be known, or a step is code polymigrate could not translate, the function throws
// at that point and says why, with the untranslated code as comments: Knex then stops instead
// of recording a migration that did nothing. A migration that cannot run in a transaction gets
// `exports.config = { transaction: false }`.
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::knex {

// File names in apply order: a Knex project's own names are kept (with the .js extension, since
// the writer writes JavaScript); any other migration gets <UTC YYYYMMDDHHMMSS>_<snake_case>, the
// timestamps counting seconds up from 2000-01-01 00:00:00, so Knex's file name order is the
// apply order and converting twice gives the same names.
std::string migration_file_name(const model::Project& project, std::size_t index,
                                const model::Migration& migration);

// "Add posts", "addPosts", "add-posts" -> "add_posts"; "migration" when nothing is left.
std::string snake_case(const std::string& text);

// The files of the project, paths relative to the output folder; nothing is written here.
// Throws std::invalid_argument ("file:line: ...") for what a Knex project cannot express.
std::vector<adapters::WrittenFile> knex_project_files(const model::Project& project,
                                                      model::Dialect dialect);

}  // namespace pm::knex
