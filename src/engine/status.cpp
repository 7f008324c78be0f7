#include "engine/status.hpp"

#include <unordered_map>

namespace pm::engine {

const char* to_string(MigrationState state) {
  switch (state) {
    case MigrationState::pending:
      return "pending";
    case MigrationState::applied:
      return "applied";
    case MigrationState::failed:
      return "failed";
    case MigrationState::changed:
      return "changed";
    case MigrationState::missing:
      return "missing";
  }
  return "pending";
}

bool StatusReport::up_to_date() const {
  for (const auto& entry : entries)
    if (entry.state != MigrationState::applied) return false;
  return true;
}

std::size_t StatusReport::count(MigrationState state) const {
  std::size_t n = 0;
  for (const auto& entry : entries) n += entry.state == state;
  return n;
}

StatusReport compute_status(const model::Project& project, const adapters::Adapter& adapter,
                            std::vector<model::Applied> rows) {
  StatusReport report;
  report.rows = std::move(rows);
  const auto& history = project.history;

  // Latest row per key: a repeatable or a re-applied migration has several; the last one counts.
  std::unordered_map<std::string, const model::Applied*> latest;
  latest.reserve(report.rows.size());
  for (const auto& row : report.rows) latest[row.key] = &row;

  // Keys the adapter considers applied (Alembic: ancestors of the heads in its table).
  auto applied = adapter.applied_keys(history, report.rows);

  report.entries.reserve(history.size() + report.rows.size());
  for (std::size_t index : history.order()) {
    const model::Migration& migration = history.migrations()[index];
    MigrationStatus entry{&migration, nullptr, MigrationState::pending};
    auto it = latest.find(migration.key);
    if (it != latest.end()) entry.row = it->second;
    if (entry.row && !entry.row->success) {
      entry.state = MigrationState::failed;
    } else if (applied.count(migration.key)) {
      entry.state = MigrationState::applied;
      if (entry.row && entry.row->checksum &&
          !adapter.checksum_matches(*entry.row->checksum, migration))
        entry.state = MigrationState::changed;
    }
    report.entries.push_back(entry);
  }

  // Rows without a file, once per key, in table order.
  std::unordered_map<std::string, bool> reported;
  for (const auto& row : report.rows) {
    if (row.marker || history.find(row.key) || reported[row.key]) continue;
    reported[row.key] = true;
    report.entries.push_back({nullptr, latest[row.key], MigrationState::missing});
  }
  report.native = adapter.native_status(project, report.rows);
  return report;
}

}  // namespace pm::engine
