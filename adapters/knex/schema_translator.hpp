// The body of a migration's up() or down() turned into model steps: knex.schema chains
// (createTable, alterTable, dropTable, renameTable, raw, withSchema, ...), knex.raw(sql, bindings)
// and knex('t').insert(rows) become Ops or SQL. Statements are followed through return, await,
// Promise.all([...]) and .then(() => ...). Every other statement stays an Opaque step with its
// span and the reason; a statement is translated whole or not at all.
#pragma once

#include <optional>
#include <string>

#include "adapters/knex/js_syntax.hpp"
#include "model/diagnostic.hpp"
#include "model/script.hpp"

namespace pm::knex {

struct TranslatedBody {
  model::Script script;
  int knex_calls = 0;        // calls on the knex object (builder calls inside chains included)
  int translated_calls = 0;  // of those, the ones that became Ops or SQL
  int opaque_steps = 0;
};

struct TranslationContext {
  std::string file;             // relative to the project root, for spans and diagnostics
  std::string language;         // "javascript" | "typescript"
  JsEvaluator* eval = nullptr;  // the file's constants (`const TABLE = 'users'`)
  model::Diagnostics* diagnostics = nullptr;  // warnings for calls with no model form
  // The database the project runs on, when the caller names it (LoadOptions::dialect): where Knex's
  // builders differ per dialect (increments and unique() on SQLite, `\?` on PostgreSQL), the
  // ops say what Knex does there.
  std::optional<model::Dialect> dialect;
};

TranslatedBody translate_function(const parse::SyntaxTree& tree, const FunctionNode& function,
                                  const TranslationContext& context);

}  // namespace pm::knex
