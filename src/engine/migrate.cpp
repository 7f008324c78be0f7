#include "engine/migrate.hpp"

#include "db/recording_connection.hpp"

namespace pm::engine {

namespace {

// Releases the native lock however the run ends.
class LockGuard {
 public:
  LockGuard(adapters::VersionTable& table, db::Connection& conn) : table_(table), conn_(conn) {
    table_.lock(conn_);
  }
  ~LockGuard() {
    try {
      if (conn_.in_transaction()) conn_.rollback();
      table_.unlock(conn_);
    } catch (...) {
      // The connection is gone; the server releases session locks with it.
    }
  }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  adapters::VersionTable& table_;
  db::Connection& conn_;
};

std::string entry_file(const MigrationStatus& entry) {
  return entry.migration ? entry.migration->source.file : std::string();
}

// Migrations to revert that have no down script get the one the adapter generates (Prisma has
// none at all); a rollback that cannot be known refuses the whole run before anything runs.
void use_generated_downs(const adapters::Adapter& adapter, const model::Project& project,
                         model::Dialect dialect, MigrateResult& result) {
  std::vector<const model::Migration*> missing;
  for (const auto* migration : result.plan.migrations)
    if (!migration->down) missing.push_back(migration);
  if (missing.empty()) return;
  auto generated = adapter.generate_downs(project, dialect, missing);
  if (!generated.refusals.empty())
    throw RefusedError("a rollback cannot be generated; nothing was run",
                       std::move(generated.refusals));
  result.warnings = std::move(generated.warnings);
  for (auto*& migration : result.plan.migrations) {
    auto script = generated.scripts.find(migration->key);
    if (migration->down || script == generated.scripts.end()) continue;
    auto copy = std::make_unique<model::Migration>(*migration);
    copy->down = std::move(script->second);
    copy->down_source = copy->source;  // a generated script: its problems are the up file's
    migration = copy.get();
    result.generated_downs.push_back(std::move(copy));
  }
}

bool needs_native_tool(const Plan& plan) {
  for (const auto* migration : plan.migrations) {
    const bool up = plan.direction == Plan::Direction::up;
    if (!up && !migration->down) continue;  // refused by the runner, with its own message
    if (has_opaque_steps(up ? migration->up : *migration->down)) return true;
  }
  return false;
}

}  // namespace

StatusReport read_status(db::Connection& conn, const adapters::Adapter& adapter,
                         const model::Project& project) {
  auto table = adapter.version_table(project, conn.dialect());
  std::vector<model::Applied> rows;
  if (table->exists(conn)) rows = table->read(conn);
  return compute_status(project, adapter, std::move(rows));
}

model::Diagnostics status_findings(const StatusReport& status) {
  model::Diagnostics findings;
  for (const auto& entry : status.entries) {
    const std::string key = entry.migration ? entry.migration->key : entry.row->key;
    switch (entry.state) {
      case MigrationState::failed:
        findings.push_back({model::Severity::error, "PM201",
                            "migration '" + key + "' is recorded as failed in the version table",
                            entry_file(entry), 0});
        break;
      case MigrationState::changed:
        findings.push_back({model::Severity::error, "PM202",
                            "migration '" + key + "' was modified after it was applied (checksum " +
                                entry.row->checksum->display() + " in the database, " +
                                entry.migration->checksum->display() + " on disk)",
                            entry_file(entry), 0});
        break;
      case MigrationState::missing:
        findings.push_back({model::Severity::error,
                            "PM203",
                            "migration '" + key + "' is applied but its file is missing",
                            {},
                            0});
        break;
      case MigrationState::pending:
      case MigrationState::applied:
        break;
    }
  }
  return findings;
}

MigrateResult migrate(db::Connection& real_conn, const adapters::Adapter& adapter,
                      const model::Project& project, const MigrateRequest& request) {
  std::optional<db::RecordingConnection> recording;
  if (request.dry_run) recording.emplace(real_conn);
  db::Connection& conn = recording ? static_cast<db::Connection&>(*recording) : real_conn;

  if (model::has_errors(project.all_diagnostics()))
    throw RefusedError("the project has errors; fix them before running it",
                       project.all_diagnostics());

  auto table = adapter.version_table(project, conn.dialect());
  const auto policy = adapter.run_policy(project, conn.dialect());
  table->ensure(conn);
  std::optional<LockGuard> lock;
  lock.emplace(*table, conn);

  std::vector<model::Applied> rows = table->read(conn);
  StatusReport status = compute_status(project, adapter, rows);
  model::Diagnostics refused;
  for (auto& finding : status_findings(status)) {
    const bool blocks = finding.code == "PM201" ||
                        (finding.code == "PM202" && policy.refuse_changed) ||
                        (finding.code == "PM203" && policy.refuse_missing);
    if (blocks) refused.push_back(std::move(finding));
  }
  refused = adapter.refusal_findings(project, status.rows, std::move(refused));
  if (!refused.empty())
    throw RefusedError("the version table does not match the project; nothing was run",
                       std::move(refused));

  auto applied = adapter.applied_keys(project.history, status.rows);
  const bool up = request.direction == Plan::Direction::up;
  std::optional<std::string> target = request.target;
  if (target) target = adapter.resolve_target(project.history, applied, *target, up);
  MigrateResult result;
  result.plan =
      up ? plan_up(project.history, applied, target, adapter.held_back_keys(project, status.rows))
         : plan_down(project.history, applied, target);
  if (!up && !target) {
    if (auto keys = adapter.default_down_keys(project.history, status.rows)) {
      result.plan.migrations.clear();
      for (const auto& key : *keys)
        if (const model::Migration* migration = project.history.find(key))
          result.plan.migrations.push_back(migration);
    }
  }
  if (!up) use_generated_downs(adapter, project, conn.dialect(), result);

  std::unique_ptr<adapters::NativeTool> native_tool;
  std::optional<Delegation> delegation;
  if (request.run_options.delegate && needs_native_tool(result.plan)) {
    native_tool = adapter.native_tool(project, *request.run_options.delegate);
    delegation = Delegation{
        native_tool.get(), request.dry_run,
        [&](db::Connection& c, const model::Migration& migration) {
          return adapter.applied_keys(project.history, table->read(c)).count(migration.key) > 0;
        }};
  }
  result.run = run_plan(conn, *table, policy, result.plan, request.run_options,
                        delegation ? &*delegation : nullptr);
  lock.reset();  // released before a dry run's statements are taken, so they show the unlock
  if (recording) result.recorded_sql = recording->statements();
  return result;
}

}  // namespace pm::engine
