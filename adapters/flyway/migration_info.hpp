// Flyway's one join of resolved migrations (the files) and applied ones (flyway_schema_history
// rows), as MigrationInfoServiceImpl.refresh and MigrationInfoImpl do it: one entry per row or
// pending file, each with Flyway's own MigrationState, sorted as `flyway info` prints them, and
// the validation error Flyway would give for it. info, validate, migrate and repair all read it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/flyway/version.hpp"
#include "model/history.hpp"
#include "model/migration.hpp"

namespace pm::flyway {

// api/MigrationState.java, with its display names.
enum class MigrationState {
  pending,
  above_target,
  below_baseline,
  baseline_ignored,
  baseline,
  ignored,
  missing_success,
  missing_failed,
  success,
  undone,
  failed,
  out_of_order,
  future_success,
  future_failed,
  outdated,
  superseded,
  deleted
};

const char* display_name(MigrationState state);
bool is_applied(MigrationState state);
bool is_resolved(MigrationState state);
bool is_failed(MigrationState state);

// One `ignoreMigrationPatterns` entry, `<type>:<state>` (ValidatePattern).
struct ValidatePattern {
  std::string type;   // "*", "repeatable", "versioned"
  std::string state;  // "*", "missing", "pending", "ignored", "future"

  // Flyway's own messages for a malformed pattern.
  static std::optional<ValidatePattern> parse(const std::string& text, std::string* error);
  bool matches(bool versioned, MigrationState state) const;
  bool operator==(const ValidatePattern&) const = default;
};

struct InfoContext {
  MigrationTarget target;  // `target`, default latest
  bool out_of_order = false;
  std::vector<ValidatePattern> ignore_patterns;  // `ignoreMigrationPatterns`, default *:future
};

// Per-file Flyway settings the info service needs, read from the project's config.
InfoContext info_context_of(const std::map<std::string, std::string>& settings,
                            std::string* error = nullptr);

struct MigrationInfo {
  const model::Migration* resolved = nullptr;  // the file, or null for a row without one
  const model::Applied* applied = nullptr;     // the row, or null for a pending file
  MigrationState state = MigrationState::pending;
  bool out_of_order = false;
  bool deleted = false;
  bool undone = false;

  std::optional<std::string> version() const;  // the row's, else the file's (normalized text)
  std::string description() const;
  std::string type() const;      // SQL, BASELINE, DELETE, UNDO_SQL, SCHEMA, JDBC
  std::string category() const;  // MigrationInfoDumper.getCategory
  std::optional<int> installed_rank() const;
};

class MigrationInfoService {
 public:
  MigrationInfoService(const model::History& history, const std::vector<model::Applied>& rows,
                       InfoContext context);

  const std::vector<MigrationInfo>& all() const { return infos_; }
  // MigrationInfoImpl.validate for every entry: Flyway's message, or nothing.
  std::vector<std::pair<const MigrationInfo*, std::string>> validate() const;
  // The entries `migrate` would apply, in order (state Pending).
  std::vector<const MigrationInfo*> pending() const;
  std::vector<const MigrationInfo*> failed() const;
  // infoService.current(): the highest applied version, else the newest applied repeatable.
  const MigrationInfo* current() const;
  // A baseline row (BASELINE marker or an applied B file) is in the table.
  bool has_applied_baseline() const { return applied_baseline_.has_value(); }

 private:
  std::optional<std::string> validate_one(const MigrationInfo& info) const;
  bool ignored_by_patterns(const std::string& state) const;

  InfoContext context_;
  std::optional<MigrationVersion> applied_baseline_;
  std::optional<MigrationVersion> last_applied_;
  std::optional<MigrationVersion> pending_baseline_;
  std::vector<MigrationInfo> infos_;
};

// ResolvedMigrationImpl.checksumMatches: the file's checksum, or a repeatable's raw-text one.
bool resolved_checksum_matches(const model::Migration& migration,
                               const std::optional<model::Checksum>& checksum);

}  // namespace pm::flyway
