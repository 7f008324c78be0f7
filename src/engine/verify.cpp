#include "engine/verify.hpp"

#include "engine/drift.hpp"
#include "engine/migrate.hpp"
#include "schema/compare.hpp"

namespace pm::engine {

namespace {

using Outcome = VerifiedMigration::Outcome;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

class Verifier {
 public:
  Verifier(db::Connection& conn, const adapters::Adapter& adapter, const model::Project& project)
      : conn_(conn),
        adapter_(adapter),
        project_(project),
        kept_(adapter.version_table(project, conn.dialect())->kept_tables()) {}

  VerifyReport run() {
    VerifyReport report{conn_.display_url(), {}};
    for (const auto* migration : planned()) {
      auto& entry = report.migrations.emplace_back();
      entry.key = migration->key;
      entry.file = migration->source.file;
    }
    for (auto& entry : report.migrations) {
      if (is_applied(entry.key)) {  // applied with an earlier one (a Flyway repeatable run)
        entry.outcome = Outcome::passed;
        continue;
      }
      check(*project_.history.find(entry.key), entry);
      if (entry.outcome == Outcome::failed) break;  // every later migration builds on this one
    }
    return report;
  }

 private:
  // Every migration a fresh database gets, in the order the framework applies them.
  std::vector<const model::Migration*> planned() {
    const std::vector<model::Applied> no_rows;
    return plan_up(project_.history, adapter_.applied_keys(project_.history, no_rows), std::nullopt,
                   adapter_.held_back_keys(project_, no_rows))
        .migrations;
  }

  bool is_applied(const std::string& key) {
    const auto status = read_status(conn_, adapter_, project_);
    const auto applied = adapter_.applied_keys(project_.history, status.rows);
    return applied.count(key) > 0;
  }

  // Why a step did not do its job: the database's words, and the file and line it points at.
  struct StepFailure {
    std::string message;
    std::string file;
    int line = 0;
  };

  void fail(VerifiedMigration& entry, model::Severity severity, const char* code,
            const std::string& message, const StepFailure* where = nullptr) {
    entry.checks.back().findings.push_back(
        {severity, code, message, where && !where->file.empty() ? where->file : entry.file,
         where ? where->line : 0});
    if (severity == model::Severity::error) entry.outcome = Outcome::failed;
  }

  std::optional<StepFailure> step(Plan::Direction direction, const std::string& key) {
    MigrateRequest request;
    request.direction = direction;
    // Repeatable migrations (Flyway R) have no version to target: they run with the rest.
    if (direction == Plan::Direction::up &&
        project_.history.find(key)->kind != model::MigrationKind::repeatable)
      request.target = key;
    try {
      const auto result = migrate(conn_, adapter_, project_, request);
      if (const auto& failure = result.run.failure)
        return StepFailure{first_line(failure->message), failure->file, failure->line};
      const auto& ran = result.plan.migrations;
      if (direction == Plan::Direction::down && (ran.empty() || ran.front()->key != key))
        return StepFailure{
            "the rollback reverted " +
                (ran.empty() ? std::string("nothing") : "'" + ran.front()->key + "'") + " instead",
            {},
            0};
      return std::nullopt;
    } catch (const db::DatabaseError& error) {  // the version table or the lock, not a migration
      return StepFailure{first_line(db::mask_passwords(error.what())), {}, 0};
    } catch (const adapters::NotAvailable& error) {
      if (direction == Plan::Direction::down) throw;  // no down script: not reverted
      // Code polymigrate cannot run: nothing after it can be checked.
      return StepFailure{error.what(), {}, 0};
    }
  }

  void not_reverted(VerifiedMigration& entry, const std::string& why) {
    fail(entry, model::Severity::warning, "PM603",
         "migration '" + entry.key + "' is not reverted: " + why);
    entry.outcome = Outcome::not_reverted;
  }

  void check(const model::Migration& migration, VerifiedMigration& entry) {
    const std::string& key = migration.key;
    const auto before = live_schema(conn_, kept_);
    entry.checks.push_back({"applies", {}});
    if (auto failure = step(Plan::Direction::up, key)) {
      fail(entry, model::Severity::error, "PM602",
           "migration '" + key + "' fails to apply: " + failure->message, &*failure);
      return;
    }
    const auto applied = live_schema(conn_, kept_);
    if (migration.kind == model::MigrationKind::repeatable) {  // never reverted by its tool
      entry.outcome = Outcome::passed;
      return;
    }

    entry.checks.push_back({"reverts", {}});
    try {
      if (auto failure = step(Plan::Direction::down, key)) {
        fail(entry, model::Severity::error, "PM604",
             "the rollback of migration '" + key + "' fails: " + failure->message, &*failure);
        return;
      }
    } catch (const RefusedError& refused) {  // no rollback can be generated
      const auto& findings = refused.findings();
      not_reverted(entry, findings.empty() ? refused.what() : findings.front().message);
      return;
    } catch (const adapters::NotAvailable& missing) {  // no down script
      not_reverted(entry, missing.what());
      return;
    }
    if (is_applied(key)) {
      fail(entry, model::Severity::error, "PM604",
           "after its rollback, migration '" + key + "' is still recorded as applied");
      return;
    }
    entry.checks.push_back({"restores the schema", {}});
    schema::CompareOptions restored{true, "there before migration '" + key + "'",
                                    "there after its rollback"};
    for (const auto& difference : schema::compare(before, live_schema(conn_, kept_), restored))
      fail(entry, model::Severity::error, "PM601",
           "the rollback of migration '" + key + "' does not restore the schema: " + difference);
    if (entry.outcome == Outcome::failed) return;

    entry.checks.push_back({"applies again", {}});
    if (auto failure = step(Plan::Direction::up, key)) {
      fail(entry, model::Severity::error, "PM605",
           "migration '" + key + "' fails to apply again after its rollback: " + failure->message,
           &*failure);
      return;
    }
    entry.checks.push_back({"builds the same schema again", {}});
    schema::CompareOptions again{true, "built the first time", "built the second time"};
    for (const auto& difference : schema::compare(applied, live_schema(conn_, kept_), again))
      fail(entry, model::Severity::error, "PM606",
           "migration '" + key + "' applied again builds another schema: " + difference);
    if (entry.outcome != Outcome::failed) entry.outcome = Outcome::passed;
  }

  db::Connection& conn_;
  const adapters::Adapter& adapter_;
  const model::Project& project_;
  const std::vector<std::string> kept_;
};

}  // namespace

model::Diagnostics VerifiedMigration::findings() const {
  model::Diagnostics all;
  for (const auto& check : checks)
    all.insert(all.end(), check.findings.begin(), check.findings.end());
  return all;
}

model::Diagnostics VerifyReport::findings() const {
  model::Diagnostics all;
  for (const auto& migration : migrations) {
    const auto own = migration.findings();
    all.insert(all.end(), own.begin(), own.end());
  }
  return all;
}

const char* to_string(VerifiedMigration::Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "passed";
    case Outcome::not_reverted:
      return "not reverted";
    case Outcome::failed:
      return "failed";
    case Outcome::not_run:
      return "not run";
  }
  return "";
}

VerifyReport verify(db::Connection& scratch, const adapters::Adapter& adapter,
                    const model::Project& project) {
  return Verifier(scratch, adapter, project).run();
}

}  // namespace pm::engine
