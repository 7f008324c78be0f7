// CREATE INDEX CONCURRENTLY builds the index while writes go on, but PostgreSQL refuses it in a
// transaction block: each index gets a migration of its own that the framework runs outside one
// (Flyway: the script's executeInTransaction=false; Alembic: autocommit_block; Knex:
// config.transaction = false; Prisma: a migration.sql holding that one statement, which the
// schema engine sends as one simple query, outside any transaction block).
#include "engine/plan_phase_builders.hpp"
#include "sql/renderer.hpp"

namespace pm::engine::planning {

Phases index_phases(const PlanContext& context, const std::vector<model::CreateIndex>& indexes) {
  Phases out;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    model::CreateIndex index = indexes[i];
    index.concurrently = true;
    if (index.name.empty()) index.name = index.table.name + "_idx";  // as lint names it
    PlanPhase phase{"index", {}};
    for (auto& text : sql::render(index, context.dialect))
      phase.migration.up.push_back(sql_step(std::move(text), true));
    model::DropIndex drop{index.name, index.table, true, true, false};
    phase.migration.down.emplace();
    for (auto& text : sql::render(drop, context.dialect))
      phase.migration.down->push_back(sql_step(std::move(text), true));
    phase.migration.name = "index_" + index.name;
    phase.migration.notes.push_back(
        "phase " + std::to_string(i + 1) + " of " + std::to_string(indexes.size()) + " replacing " +
        context.target.key +
        " (polymigrate plan): builds the index CONCURRENTLY (writes go on), outside a "
        "transaction");
    out.phases.push_back(std::move(phase));
  }
  out.notes.push_back(
      "a CONCURRENTLY build that fails leaves an INVALID index behind: drop it (DROP INDEX "
      "CONCURRENTLY) before running the migration again");
  if (context.project.framework == "prisma")
    out.notes.push_back(
        "Prisma sends migration.sql as one query: each index has a folder of its own, so the "
        "statement is the query's only one and runs outside a transaction block");
  return out;
}

}  // namespace pm::engine::planning
