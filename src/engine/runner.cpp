#include "engine/runner.hpp"

#include <chrono>
#include <type_traits>

#include "db/database_url.hpp"
#include "sql/renderer.hpp"

namespace pm::engine {

namespace {

using Clock = std::chrono::steady_clock;

// A step that failed, with where it stands in the source.
struct StepFailure {
  std::string message;
  int line = 0;
};

std::int64_t elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

using OpRenderer = std::function<std::vector<std::string>(const model::Op&, db::Connection&)>;

void run_step(db::Connection& conn, const model::Step& step, const OpRenderer& render) {
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, model::SqlStep>) {
          conn.exec_script(s.text);
        } else if constexpr (std::is_same_v<T, model::OpStep>) {
          if (!s.sql.empty()) {
            conn.exec_script(s.sql);  // read from SQL: run the text as written
          } else {
            // An op from code (Alembic op.*, Knex builders): rendered for this database. Without a
            // schema state, ops that need SQLite's table rebuild fail with a clear RenderError.
            const auto statements = render ? render(s.op, conn) : sql::render(s.op, conn.dialect());
            for (const auto& statement : statements) conn.exec_script(statement);
          }
        } else {
          throw adapters::NotAvailable("cannot run " + s.language +
                                       " code that polymigrate could not translate (" + s.reason +
                                       "); running native code (--delegate) is not available yet");
        }
      },
      step);
}

void run_script(db::Connection& conn, const model::Script& script, const OpRenderer& render) {
  for (const auto& step : script) {
    try {
      run_step(conn, step, render);
    } catch (const std::exception& e) {
      throw StepFailure{db::mask_passwords(e.what()), model::step_line(step)};
    }
  }
}

bool needs_no_transaction(const model::Migration& migration, const model::Script& script) {
  if (!migration.transactional) return true;
  for (const auto& step : script)
    if (const auto* sql = std::get_if<model::SqlStep>(&step); sql && sql->no_transaction)
      return true;
  return false;
}

// One migration run by the native tool: polymigrate's lock is handed over for it (Knex's own
// `migrate:up` takes the lock table), then taken back, and the version table is read again to see
// what the tool recorded. A dry run records the command instead.
std::optional<MigrationFailure> run_delegated(db::Connection& conn, adapters::VersionTable& table,
                                              const Delegation& delegation,
                                              const model::Migration& migration, bool up) {
  const std::string command = delegation.tool->command_line(migration, up);
  if (delegation.dry_run) {
    conn.exec_script("-- polymigrate --delegate: `" + command + "` runs '" + migration.key +
                     "' and writes " + table.name() + " itself");
    return std::nullopt;
  }
  std::optional<std::string> error;
  table.unlock(conn);
  try {
    delegation.tool->run(migration, up);
  } catch (const std::exception& e) {
    error = db::mask_passwords(e.what());
  }
  table.lock(conn);
  if (!error && delegation.is_applied(conn, migration) != up)
    error = "`" + command + "` ended without error, but " + table.name() +
            (up ? " does not record '" : " still records '") + migration.key + "'";
  if (error) {
    // What the tool left of a failed migration is its own transaction's business.
    return MigrationFailure{&migration, *error, migration.source.file, 0, false, true};
  }
  table.after_delegated(conn, migration, up);
  return std::nullopt;
}

}  // namespace

bool has_opaque_steps(const model::Script& script) {
  for (const auto& step : script)
    if (std::holds_alternative<model::OpaqueStep>(step)) return true;
  return false;
}

RunResult run_plan(db::Connection& conn, adapters::VersionTable& table,
                   const adapters::RunPolicy& policy, const Plan& plan, const RunOptions& options,
                   const Delegation* delegation) {
  const bool up = plan.direction == Plan::Direction::up;
  auto script_of = [&](const model::Migration& m) -> const model::Script& {
    return up ? m.up : *m.down;
  };

  // Never start what cannot finish: every migration to revert must have a down script.
  if (!up) {
    for (const auto* m : plan.migrations)
      if (!m->down)
        throw adapters::NotAvailable("migration '" + m->key + "' (" + m->source.file +
                                     ") has no down script: it cannot be reverted");
  }

  // Nor what polymigrate cannot run itself, unless the native tool runs it: code it could not
  // translate, named by file and line.
  auto delegated = [&](const model::Migration& m) {
    return delegation && has_opaque_steps(script_of(m));
  };
  if (!delegation)
    for (const auto* m : plan.migrations)
      for (const auto& step : script_of(*m))
        if (const auto* opaque = std::get_if<model::OpaqueStep>(&step))
          throw adapters::NotAvailable(
              "migration '" + m->key + "' cannot run: " + opaque->source.file + ":" +
              std::to_string(opaque->source.line_begin) + " holds " + opaque->language +
              " code that polymigrate could not translate (" + opaque->reason +
              "); nothing was run. `up --delegate` (or `down --delegate`) runs such a migration "
              "with the native tool");

  const adapters::TransactionScope scope =
      !up && policy.down_scope ? *policy.down_scope : policy.scope;
  bool whole_run = scope == adapters::TransactionScope::whole_run;
  for (const auto* m : plan.migrations)
    if (needs_no_transaction(*m, script_of(*m)) || delegated(*m))
      whole_run = false;  // as Knex: no outer transaction then; the native tool commits its own

  RunResult result;
  const auto run_start = Clock::now();
  if (whole_run && !plan.migrations.empty()) conn.begin();

  for (std::size_t i = 0; i < plan.migrations.size(); ++i) {
    const model::Migration& migration = *plan.migrations[i];
    const model::Script& script = script_of(migration);
    if (options.on_start) options.on_start(i, plan.migrations.size(), migration);

    if (delegated(migration)) {
      const auto start = Clock::now();
      if (auto failure = run_delegated(conn, table, *delegation, migration, up)) {
        result.failure = std::move(failure);
        break;
      }
      result.completed.push_back({&migration, elapsed_ms(start), true});
      continue;
    }

    const bool own_transaction = !whole_run && scope != adapters::TransactionScope::none &&
                                 !needs_no_transaction(migration, script);
    const auto start = Clock::now();
    try {
      if (up) table.before_apply(conn, migration);
      if (own_transaction) conn.begin();
      run_script(conn, script, policy.render_op);
      adapters::ApplyOutcome outcome{elapsed_ms(start), {}};
      if (up)
        table.after_apply(conn, migration, outcome);
      else
        table.after_revert(conn, migration);
      if (own_transaction) conn.commit();
      result.completed.push_back({&migration, outcome.execution_ms, false});
    } catch (const StepFailure& failure) {
      bool in_transaction = own_transaction || whole_run;
      if (in_transaction && conn.in_transaction()) conn.rollback();
      // A script that opened its own transaction (BEGIN ... COMMIT in the file, as polymigrate's
      // generated SQLite rollbacks do) and failed inside it: end it as a disconnect would.
      if (!in_transaction && conn.in_transaction()) {
        conn.rollback();
        in_transaction = true;
      }
      adapters::ApplyOutcome outcome{elapsed_ms(start), failure.message};
      if (up) table.after_failure(conn, migration, outcome, in_transaction);
      const auto& file = up || migration.down_source.file.empty() ? migration.source.file
                                                                  : migration.down_source.file;
      result.failure =
          MigrationFailure{&migration, failure.message, file, failure.line, in_transaction, false};
      // One transaction for the whole run: what completed before the failure was rolled back too.
      if (whole_run) result.completed.clear();
      break;
    } catch (...) {
      if ((own_transaction || whole_run) && conn.in_transaction()) conn.rollback();
      throw;
    }
  }

  if (whole_run && !result.failure && conn.in_transaction()) conn.commit();
  result.total_ms = elapsed_ms(run_start);
  return result;
}

}  // namespace pm::engine
