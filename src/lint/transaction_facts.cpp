// The native tools' rules (shared/reference/formats.md): Flyway and Knex wrap each migration
// unless it opts out (`transactional` already says so); Alembic wraps on PostgreSQL only
// (transactional_ddl), and not inside autocommit_block; Prisma sends migration.sql as one simple
// query, which PostgreSQL runs as one implicit transaction when it holds several statements.
#include "lint/transaction_facts.hpp"

namespace pm::lint {

bool runs_in_one_transaction(std::string_view framework, model::Dialect dialect,
                             const model::Migration& migration, int statements) {
  if (framework == "prisma") return dialect == model::Dialect::postgresql && statements > 1;
  if (framework == "alembic")
    return dialect == model::Dialect::postgresql && migration.transactional;
  return migration.transactional;
}

}  // namespace pm::lint
