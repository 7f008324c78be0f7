// The one interface every framework implements. The engine knows no framework by name: it finds
// an adapter in the registry (adapters/registry.cpp) and calls it through this file.
//
// Writing an adapter, in order (one folder, adapters/<name>/, read top to bottom):
//  1. detect():   tell from file names alone whether a folder is a project of this framework.
//  2. load():     read the project exactly as the native tool does, never running its code.
//                 Migrations come in the native apply order, each with parents (linear tools: the
//                 previous migration), key = the native identity, checksum in the native form.
//                 Bad input is a Diagnostic with code, file and line, never an exception, never a
//                 silently skipped file.
//  3. version_table(): the native table, bit-exact: DDL per dialect, the rows, the lock.
//  4. run_policy(): how the native tool wraps migrations in transactions.
//  5. applied_keys() / checksum_matches(): how the native tool reads its own table.
//  6. generate_downs(): rollbacks for migrations the native format gives no down script.
//  7. write(): the model as a project of this framework, for conversion.
//  8. new_migration_files(): one new migration in the project's own layout and naming (`new`,
//                 `generate`), written with the same renderers as write().
//  9. native_tool(): for frameworks whose migrations are code, the real tool run for one
//                 migration polymigrate could not translate (`--delegate`).
// The conformance suite (tests/adapter_conformance.cpp) runs every registered adapter through the
// same checks: load, version table round trip, lock, checksum.
#pragma once

#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "db/connection.hpp"
#include "db/database_url.hpp"
#include "model/migration.hpp"
#include "model/project.hpp"

namespace pm::schema {
class SchemaState;
}

namespace pm::adapters {

// A part of polymigrate that a later issue builds: said plainly, never faked.
class NotAvailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadOptions {
  std::optional<std::string> environment;       // Flyway --environment, Knex --env
  std::optional<std::filesystem::path> config;  // an explicit config or schema file
  std::map<std::string, std::string> env;  // environment variables (FLYWAY_*, DATABASE_URL, ...)
  // The dialect of the database the project is read for, when the caller knows it before
  // reading (--db, DATABASE_URL): SQL files are split and flagged by that dialect's rules.
  std::optional<model::Dialect> dialect;
  // Migration folders given on the command line (--dir): they replace the config's (Knex's
  // migrations.directory), for a config too dynamic to read.
  std::vector<std::filesystem::path> locations;
  // False when the caller uses no migration's steps (`status` without --json prints none): a
  // loader may then leave each up and down script empty and skip the reading only they need,
  // with the diagnostics of that reading. What identifies, orders and checks a migration (keys,
  // parents, versions, checksums, a Flyway undo file) is read as always; Knex, whose files are
  // then not read at all, cannot say which have a down.
  bool steps = true;

  static LoadOptions from_process_environment();
};

// How the native tool wraps a run in transactions.
enum class TransactionScope {
  per_migration,  // each migration and its version-table write in one transaction (Flyway)
  whole_run,      // every pending migration in one transaction (Knex latest; Alembic on PostgreSQL)
  none            // no wrapping transaction (Prisma on SQLite: statements autocommit)
};

struct RunPolicy {
  TransactionScope scope = TransactionScope::per_migration;
  // Refuse to run while the table records a migration whose file is gone (Flyway, Knex, Alembic
  // do; Prisma's deploy does not).
  bool refuse_missing = true;
  // Refuse to run while an applied migration's file changed (Flyway's validateOnMigrate).
  bool refuse_changed = false;
  // How a `down` run is wrapped when it differs from `scope` (Knex's rollback: per migration).
  std::optional<TransactionScope> down_scope;
  // The native tool's SQL for an op that came from code (Knex's schema compilers); empty: the
  // engine's renderer (src/sql/renderer.hpp).
  std::function<std::vector<std::string>(const model::Op& op, db::Connection& conn)> render_op;
};

// Hand edits of the version table that a native command makes (Prisma's `migrate resolve`).
// Flyway's `repair` and `baseline` can follow the same pattern with their own actions.
enum class ResolveAction {
  mark_applied,     // record a migration as applied without running it (prisma migrate resolve
                    // --applied)
  mark_rolled_back  // record a failed migration as rolled back (prisma migrate resolve
                    // --rolled-back)
};

// The native tool's own status listing (`flyway info`'s table): its column names and one row of
// cells per entry, shown by `status` beside the common states.
struct NativeStatus {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct ApplyOutcome {
  std::int64_t execution_ms = 0;
  std::string error;  // empty on success
};

// The native version table. Every write goes through bound parameters. The engine calls these
// in this order: lock, ensure, read, then per migration before_* / run / after_*, then unlock.
class VersionTable {
 public:
  virtual ~VersionTable() = default;

  virtual std::string name()
      const = 0;  // qualified display name, e.g. "public.flyway_schema_history"
  virtual bool exists(db::Connection& conn) = 0;
  // Creates the table (and lock table) with the native DDL when missing.
  virtual void ensure(db::Connection& conn) = 0;
  // Creates the table on a schema that already holds what its migrations made (adopt, after a
  // convert), inside the caller's transaction: the native refusal of a non-empty schema (Flyway
  // without baselineOnMigrate, Prisma's P3005) is for migrating, not for adopting. Default: ensure.
  virtual void create_for_adopt(db::Connection& conn) { ensure(conn); }
  // Every table this version table keeps (Knex's lock table too), without schema: adopt leaves
  // them out of the live schema it compares with the history. Default: the table of name().
  virtual std::vector<std::string> kept_tables() const {
    const std::string qualified = name();
    return {qualified.substr(qualified.rfind('.') + 1)};
  }
  // Rows in the native order (installed_rank, started_at, id, ...). Missing table: no rows.
  virtual std::vector<model::Applied> read(db::Connection& conn) = 0;

  // The native lock, so that polymigrate and the native tool exclude each other.
  virtual void lock(db::Connection& conn) = 0;
  virtual void unlock(db::Connection& conn) = 0;

  // Row life cycle. before_apply runs before the script (Prisma's started row); after_apply
  // inside the migration's transaction when it has one; after_failure after the rollback, with
  // `rolled_back` false when the script could not be rolled back.
  virtual void before_apply(db::Connection& conn, const model::Migration& migration) {
    (void)conn, (void)migration;
  }
  virtual void after_apply(db::Connection& conn, const model::Migration& migration,
                           const ApplyOutcome& outcome) = 0;
  virtual void after_failure(db::Connection& conn, const model::Migration& migration,
                             const ApplyOutcome& outcome, bool rolled_back) {
    (void)conn, (void)migration, (void)outcome, (void)rolled_back;
  }
  virtual void after_revert(db::Connection& conn, const model::Migration& migration) = 0;
  // After the native tool ran `migration` itself (--delegate) and wrote its own row, under the
  // lock the caller took back: make the row what this run would have written (Knex: the run's
  // batch, where `knex migrate:up` starts a batch of its own). Default: nothing to change.
  virtual void after_delegated(db::Connection& conn, const model::Migration& migration, bool up) {
    (void)conn, (void)migration, (void)up;
  }

  // A native hand edit of the table, under the lock the caller holds. Returns what was written,
  // in one sentence. Default: the framework has no such command.
  virtual std::string resolve(db::Connection& conn, const model::Project& project,
                              ResolveAction action, const std::string& key) {
    (void)conn, (void)project, (void)action;
    throw NotAvailable("this framework has no command that marks '" + key + "' by hand");
  }
};

// The native tool, run as a child process for one migration that holds code polymigrate could not
// translate (`up --delegate`). It writes its version table itself, as it always does.
class NativeTool {
 public:
  virtual ~NativeTool() = default;
  // What the user would type to do the same ("alembic upgrade 1a2b3c"), for messages and dry runs.
  virtual std::string command_line(const model::Migration& migration, bool up) const = 0;
  // Runs `migration` alone, up or down, and waits. Throws std::runtime_error with the tool's own
  // output (passwords masked) when it fails.
  virtual void run(const model::Migration& migration, bool up) = 0;
};

// Where the native tool runs: the database polymigrate runs against, and the program to start
// (empty: the adapter's default, such as the project's node_modules/.bin/knex).
struct NativeToolRequest {
  db::DatabaseUrl url;
  std::vector<std::string> program;  // program and leading arguments ("npx", "knex")
};

// Rollbacks an adapter generated for a `down` (see Adapter::generate_downs).
struct GeneratedDowns {
  std::map<std::string, model::Script> scripts;  // migration key -> its generated down script
  model::Diagnostics warnings;  // data the rollbacks cannot bring back (re-created tables, ...)
  model::Diagnostics refusals;  // why a rollback cannot be known (file, line): nothing runs then
};

// One file a writer produced, relative to the output folder.
struct WrittenFile {
  std::filesystem::path path;
  std::string content;  // the exact bytes written
};

// One migration to add to a project (`new`, `generate`: engine/new_migration.hpp).
struct NewMigration {
  std::string name;                   // as the user gave it: "add posts"
  model::Script up;                   // empty: an empty migration for the user to fill in
  std::optional<model::Script> down;  // nullopt: an empty down, `down_note` saying why
  std::string down_note;
  std::vector<std::string> notes;  // said at the top of the file (renames offered, ...)
  std::time_t created = 0;         // UTC: the timestamps of Prisma folders and Knex files
  std::string revision_id;         // Alembic's id; empty: a random one, as Alembic makes it
  bool merge = false;              // Alembic: revise every head (a merge revision)
  // The schema the steps apply to (ops render against it: SQLite rebuilds need the table);
  // null: the schema the project's history replays to.
  std::shared_ptr<const schema::SchemaState> before;
};

class Adapter {
 public:
  virtual ~Adapter() = default;

  virtual std::string_view name() const = 0;  // "flyway", "prisma", "alembic", "knex"
  virtual bool detect(const std::filesystem::path& root) const = 0;
  virtual model::Project load(const std::filesystem::path& root,
                              const LoadOptions& options) const = 0;
  virtual std::unique_ptr<VersionTable> version_table(const model::Project& project,
                                                      model::Dialect dialect) const = 0;
  virtual RunPolicy run_policy(const model::Project& project, model::Dialect dialect) const {
    (void)project, (void)dialect;
    return {};
  }
  // Keys of the migrations the rows say are applied. Default: keys of successful rows.
  // Alembic overrides it: its table holds heads only, and every ancestor of a head is applied.
  virtual std::unordered_set<std::string> applied_keys(
      const model::History& history, const std::vector<model::Applied>& rows) const;
  // The native tool's words for a refusal to run (Prisma's P3009 lists every failed row, file or
  // not; Flyway's validateOnMigrate gives its own validation errors). Gets the engine's blocking
  // findings and every row; returns the findings to report.
  virtual model::Diagnostics refusal_findings(const model::Project& project,
                                              const std::vector<model::Applied>& rows,
                                              model::Diagnostics findings) const {
    (void)project, (void)rows;
    return findings;
  }
  // `validate --db`: the consistency of the database with the files, in the native tool's words.
  // Gets the engine's findings (failed, changed, missing). Default: unchanged.
  virtual model::Diagnostics database_findings(const model::Project& project,
                                               const std::vector<model::Applied>& rows,
                                               model::Diagnostics findings) const {
    (void)project, (void)rows;
    return findings;
  }
  // Migrations that are not applied but that `up` leaves alone (Flyway's Ignored and Above
  // Target). Default: none.
  virtual std::unordered_set<std::string> held_back_keys(
      const model::Project& project, const std::vector<model::Applied>& rows) const {
    (void)project, (void)rows;
    return {};
  }
  // The native status listing, for frameworks whose tool prints one. Default: none.
  virtual std::optional<NativeStatus> native_status(const model::Project& project,
                                                    const std::vector<model::Applied>& rows) const {
    (void)project, (void)rows;
    return std::nullopt;
  }
  // A native target (Alembic's "head" with several heads, "+2", "label@head") in the planner's
  // terms: a key, "latest" or "base". Throws std::invalid_argument with the native tool's words.
  // Default: unchanged.
  virtual std::string resolve_target(const model::History& history,
                                     const std::unordered_set<std::string>& applied,
                                     const std::string& target, bool up) const {
    (void)history, (void)applied, (void)up;
    return target;
  }
  // The keys a `down` without a target reverts, in the order they run, when the native tool
  // picks them by its own rule (Knex's rollback: every row of the last batch, newest id first).
  // nullopt: the planner's rule (the last applied migration).
  virtual std::optional<std::vector<std::string>> default_down_keys(
      const model::History& history, const std::vector<model::Applied>& rows) const {
    (void)history, (void)rows;
    return std::nullopt;
  }
  // Down scripts the native format does not have (Prisma writes none), for the migrations a
  // `down` is about to revert, newest first. Called before anything runs; the engine refuses the
  // whole run when `refusals` is not empty. Default: none generated, and a migration without a
  // down script stops `down` (engine/runner.cpp).
  virtual GeneratedDowns generate_downs(
      const model::Project& project, model::Dialect dialect,
      const std::vector<const model::Migration*>& to_revert) const {
    (void)project, (void)dialect, (void)to_revert;
    return {};
  }
  // The SQL the native tool runs for an op that came from code, when it is known without a
  // database. `convert` and `adopt` read it back, so a converted project builds what the native
  // tool built. Default: the engine's renderer (src/sql/renderer.hpp), which is what polymigrate
  // runs for the op; Knex gives its schema compilers' SQL (`float` for a SQLite decimal, unique
  // keys as unique indexes). nullopt: it needs the live schema (a SQLite table rebuild).
  virtual std::optional<std::vector<std::string>> native_sql(const model::Op& op,
                                                             model::Dialect dialect) const;
  // Writes `project` (any framework's, in the common model) as a project of this framework under
  // `out`, creating folders; ops from code are rendered for `dialect`. Returns the files written.
  // Throws NotAvailable when this adapter has no writer yet, std::invalid_argument when the model
  // holds what the format cannot express (the message names file and line).
  virtual std::vector<WrittenFile> write(const model::Project& project, model::Dialect dialect,
                                         const std::filesystem::path& out) const {
    (void)project, (void)dialect, (void)out;
    throw NotAvailable("writing a " + std::string(name()) + " project is not available yet");
  }
  // The files of one new migration after the project's last, paths relative to the project
  // root and inside its migrations folder; nothing is written here. Steps are rendered for
  // `dialect` against the schema the history replays to. Throws std::invalid_argument when the
  // project's state forbids it (Alembic: several heads without `merge`) or a step cannot be
  // written (file and line), NotAvailable when the framework has no such writer.
  virtual std::vector<WrittenFile> new_migration_files(const model::Project& project,
                                                       model::Dialect dialect,
                                                       const NewMigration& migration) const {
    (void)project, (void)dialect, (void)migration;
    throw NotAvailable("adding a migration to a " + std::string(name()) +
                       " project is not available yet");
  }
  // The native tool for `--delegate`. Throws NotAvailable when the framework has none (its
  // migrations are SQL, which polymigrate always runs itself) or the request cannot be met.
  virtual std::unique_ptr<NativeTool> native_tool(const model::Project& project,
                                                  const NativeToolRequest& request) const {
    (void)project, (void)request;
    throw NotAvailable("a " + std::string(name()) +
                       " project has no native code for polymigrate to delegate");
  }
  // Whether an applied row's checksum still matches the file. Default: exact equality.
  virtual bool checksum_matches(const model::Checksum& applied,
                                const model::Migration& migration) const {
    return migration.checksum && *migration.checksum == applied;
  }
};

// The registered adapters, in detection order.
const std::vector<const Adapter*>& all_adapters();
const Adapter* find_adapter(std::string_view name);
// The adapters whose detect() accepts the folder (several for a mixed folder).
std::vector<const Adapter*> detect_adapters(const std::filesystem::path& root);

}  // namespace pm::adapters
