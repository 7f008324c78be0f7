#include "adapters/knex/unlock.hpp"

#include "adapters/knex/migrations_table.hpp"

namespace pm::knex {

std::string unlock(db::Connection& conn, const model::Project& project) {
  MigrationsTableSettings settings;
  if (!project.config.version_table.empty()) settings.table = project.config.version_table;
  settings.schema = project.config.version_schema;
  KnexMigrationsTable table(settings, conn.dialect());
  const bool in_transaction = conn.in_transaction();
  if (!in_transaction) conn.begin();
  const bool done = table.force_free_lock(conn);
  if (!in_transaction) conn.commit();
  // bin/cli.js migrate:unlock prints this (its spelling) whether or not the table existed.
  (void)done;
  return "Succesfully unlocked the migrations lock table";
}

}  // namespace pm::knex
