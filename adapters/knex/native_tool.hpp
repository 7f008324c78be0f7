// `--delegate` for Knex: the real Knex CLI runs one migration file whose code polymigrate could not
// translate (`knex migrate:up <name>`, `migrate:down <name>`), against polymigrate's database.
#pragma once

#include <memory>

#include "adapters/adapter.hpp"

namespace pm::knex {

// The knexfile handed to the Knex CLI: the project's migration settings and polymigrate's
// connection, as JSON (client, connection, useNullAsDefault, migrations). It goes to the CLI in
// the environment, read by a knexfile that holds no data, so no password lands in a file.
std::string delegated_knex_config(const model::Project& project, const db::DatabaseUrl& url);

// request.program: the Knex CLI and its leading arguments; empty: node_modules/.bin/knex in the
// project's folder or a parent, else knex in PATH.
std::unique_ptr<adapters::NativeTool> knex_native_tool(const model::Project& project,
                                                       const adapters::NativeToolRequest& request);

}  // namespace pm::knex
