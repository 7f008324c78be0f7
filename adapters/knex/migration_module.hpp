// One migration file read as Knex's import-file would load it, without running it: the exported
// up and down functions (CommonJS `exports.up`, `module.exports = { up, down }`, ESM
// `export async function up`, `export const up = ...`, `export default { ... }`, TypeScript) and
// `config.transaction` when it is a literal boolean (Migrator._useTransaction).
#pragma once

#include <optional>
#include <string>

#include "adapters/knex/schema_translator.hpp"
#include "model/diagnostic.hpp"
#include "model/migration.hpp"

namespace pm::knex {

struct MigrationModule {
  std::optional<TranslatedBody> up;
  std::optional<TranslatedBody> down;
  int up_line = 0;
  int down_line = 0;
  std::optional<bool> transaction;  // config.transaction when it is true or false
  bool parsed = true;               // false: syntax errors, nothing read
};

// `file` is relative to the project root; `name` is the bare file name (for messages); `dialect`
// the database the project runs on, when known (TranslationContext::dialect).
MigrationModule read_migration_module(std::string source, const std::string& file,
                                      const std::string& name,
                                      const std::map<std::string, std::string>& env,
                                      model::Diagnostics& diagnostics,
                                      std::optional<model::Dialect> dialect = std::nullopt);

}  // namespace pm::knex
