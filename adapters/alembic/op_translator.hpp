// The body of upgrade() or downgrade() turned into model steps: op.* calls polymigrate knows
// become Ops (op.execute becomes SQL); every other statement stays as an Opaque step with its span.
#pragma once

#include <map>
#include <string>

#include "adapters/alembic/python_syntax.hpp"
#include "model/script.hpp"

namespace pm::alembic {

struct TranslatedBody {
  model::Script script;
  int op_calls = 0;          // op.* calls (batch calls included) found in the body
  int translated_calls = 0;  // of those, how many became Ops or SQL
  int opaque_steps = 0;
  // The body runs part of its work in `with op.get_context().autocommit_block():`, outside the
  // migration's transaction (CREATE INDEX CONCURRENTLY on PostgreSQL).
  bool autocommit = false;
};

struct TranslationContext {
  std::string file;  // relative to the project root, for Opaque spans
  // Module-level `name = sa.table(...)` definitions, for op.bulk_insert(name, rows).
  std::map<std::string, TSNode> tables;
};

// `block` is the function's body node.
TranslatedBody translate_body(const parse::SyntaxTree& tree, TSNode block,
                              const TranslationContext& context);

// Whether a call is `sa.table(...)` / `table(...)` (a lightweight table for bulk_insert).
bool is_table_construct(const parse::SyntaxTree& tree, TSNode expression);

}  // namespace pm::alembic
