#include "engine/drift.hpp"

#include <algorithm>

#include "engine/convert.hpp"
#include "engine/migrate.hpp"
#include "schema/compare.hpp"
#include "schema/diff.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"

namespace pm::engine {

namespace {

// The applied migrations, in apply order, as the native tool ran them.
std::vector<model::Migration> applied_migrations(const LoadedProject& loaded,
                                                 const std::unordered_set<std::string>& applied,
                                                 model::Dialect dialect) {
  const model::Project native = as_native(loaded, dialect);
  std::vector<model::Migration> out;
  for (const auto index : native.history.order()) {
    const auto& migration = native.history.migrations()[index];
    if (applied.count(migration.key)) out.push_back(migration);
  }
  return out;
}

}  // namespace

schema::SchemaState live_schema(db::Connection& conn, const std::vector<std::string>& skip) {
  auto snapshot = conn.introspect();
  std::erase_if(snapshot.tables, [&](const db::TableInfo& table) {
    return std::find(skip.begin(), skip.end(), table.name) != skip.end();
  });
  return schema::from_snapshot(snapshot, conn.dialect());
}

schema::SchemaState applied_schema(const LoadedProject& loaded,
                                   const std::unordered_set<std::string>& applied,
                                   model::Dialect dialect, model::Diagnostics* diagnostics) {
  auto replay =
      schema::replay_history(model::History(applied_migrations(loaded, applied, dialect)), dialect);
  if (diagnostics)
    diagnostics->insert(diagnostics->end(), replay.diagnostics.begin(), replay.diagnostics.end());
  return replay.state;
}

Drift compute_drift(db::Connection& conn, const LoadedProject& loaded) {
  const model::Dialect dialect = conn.dialect();
  auto table = loaded.adapter->version_table(loaded.project, dialect);
  const StatusReport status = read_status(conn, *loaded.adapter, loaded.project);
  const auto applied = loaded.adapter->applied_keys(loaded.project.history, status.rows);

  Drift drift;
  drift.version_tables = table->kept_tables();
  auto migrations = applied_migrations(loaded, applied, dialect);
  for (const auto& migration : migrations) drift.applied.push_back(migration.key);
  for (const auto index : loaded.project.history.order()) {
    const auto& key = loaded.project.history.migrations()[index].key;
    if (!applied.count(key)) drift.pending.push_back(key);
  }
  const auto replay = schema::replay_history(model::History(std::move(migrations)), dialect);
  drift.expected = replay.state;
  drift.replay_diagnostics = replay.diagnostics;
  drift.unread_steps = replay.skipped_sql + replay.opaque_steps;
  drift.live = live_schema(conn, drift.version_tables);
  drift.differences = schema::compare(drift.expected, drift.live);
  if (drift.drifted()) drift.changes = schema::diff(drift.expected, drift.live);
  return drift;
}

}  // namespace pm::engine
