#include "adapters/flyway/migration_info.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "adapters/flyway/config.hpp"
#include "adapters/flyway/history_table.hpp"

namespace pm::flyway {

namespace {

struct StateFacts {
  const char* display;
  bool resolved, applied, failed;
};

// MigrationState's constructor arguments, in enum order.
constexpr StateFacts kStates[] = {
    {"Pending", true, false, false},        {"Above Target", true, false, false},
    {"Below Baseline", true, false, false}, {"Ignored (Baseline)", true, false, false},
    {"Baseline", true, true, false},        {"Ignored", true, false, false},
    {"Missing", false, true, false},        {"Failed (Missing)", false, true, true},
    {"Success", true, true, false},         {"Undone", true, true, false},
    {"Failed", true, true, true},           {"Out of Order", true, true, false},
    {"Future", false, true, false},         {"Failed (Future)", false, true, true},
    {"Outdated", true, true, false},        {"Superseded", true, true, false},
    {"Deleted", false, true, false},
};

const StateFacts& facts(MigrationState state) { return kStates[static_cast<int>(state)]; }

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return text;
}

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

// CoreMigrationType flags (synthetic, undo, baseline), plus the Teams and baseline-file types.
bool is_synthetic(const std::string& type) {
  return type == "SCHEMA" || type == "BASELINE" || type == "DELETE";
}
bool is_undo(const std::string& type) { return type == "UNDO_SQL" || type == "UNDO_SCRIPT"; }
bool is_baseline(const std::string& type) { return type == "BASELINE" || type == "SQL_BASELINE"; }

std::string row_type(const model::Applied& row) {
  auto found = row.extras.find("type");
  return found == row.extras.end() ? std::string() : found->second;
}

std::string resolved_type(const model::Migration& migration) {
  auto found = migration.extras.find("type");
  return found == migration.extras.end() ? std::string("SQL") : found->second;
}

int row_rank(const model::Applied& row) {
  auto found = row.extras.find("installed_rank");
  try {
    return found == row.extras.end() ? 0 : std::stoi(found->second);
  } catch (const std::exception&) {
    return 0;
  }
}

std::optional<MigrationVersion> version_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return MigrationVersion::parse(*text);
}

// MigrationVersion.compareTo, where nullopt is EMPTY or null: below every version.
int compare(const std::optional<MigrationVersion>& a, const std::optional<MigrationVersion>& b) {
  if (!a) return b ? -1 : 0;
  if (!b) return 1;
  auto order = *a <=> *b;
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

struct Attributes {
  bool out_of_order = false;
  bool deleted = false;
  bool undone = false;
};

struct AppliedEntry {
  const model::Applied* row;
  std::optional<MigrationVersion> version;
  std::string type;
  Attributes attributes;
};

}  // namespace

const char* display_name(MigrationState state) { return facts(state).display; }
bool is_applied(MigrationState state) { return facts(state).applied; }
bool is_resolved(MigrationState state) { return facts(state).resolved; }
bool is_failed(MigrationState state) { return facts(state).failed; }

std::optional<ValidatePattern> ValidatePattern::parse(const std::string& text, std::string* error) {
  auto colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
    if (error)
      *error = "Invalid pattern '" + text +
               "'. Pattern must be of the form <migration_type>:<migration_state>";
    return std::nullopt;
  }
  ValidatePattern pattern{lower(trim(text.substr(0, colon))), lower(trim(text.substr(colon + 1)))};
  if (pattern.type != "*" && pattern.type != "repeatable" && pattern.type != "versioned") {
    if (error)
      *error = "Invalid migration type '" + text.substr(0, colon) +
               "'. Valid types are: [*, repeatable, versioned]";
    return std::nullopt;
  }
  if (pattern.state != "*" && pattern.state != "missing" && pattern.state != "pending" &&
      pattern.state != "ignored" && pattern.state != "future") {
    if (error)
      *error = "Invalid migration state '" + text.substr(colon + 1) +
               "'. Valid states are: [*, missing, pending, ignored, future]";
    return std::nullopt;
  }
  return pattern;
}

bool ValidatePattern::matches(bool versioned, MigrationState migration_state) const {
  if (state != "*" && lower(display_name(migration_state)) != state) return false;
  return type == "*" || (versioned && type == "versioned") || (!versioned && type == "repeatable");
}

InfoContext info_context_of(const std::map<std::string, std::string>& settings,
                            std::string* error) {
  InfoContext context;
  auto get = [&](const char* key) -> std::optional<std::string> {
    auto found = settings.find(key);
    if (found == settings.end()) return std::nullopt;
    return found->second;
  };
  if (auto target = get("target"))
    if (auto parsed = MigrationTarget::parse(*target)) context.target = *parsed;
  context.out_of_order = setting_flag(settings, "outOfOrder", false);
  std::string patterns = get("ignoreMigrationPatterns").value_or("*:future");
  std::size_t start = 0;
  while (start <= patterns.size()) {
    auto comma = patterns.find(',', start);
    std::string item = trim(
        patterns.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) {
      std::string message;
      if (auto pattern = ValidatePattern::parse(item, &message))
        context.ignore_patterns.push_back(*pattern);
      else if (error && error->empty())
        *error = message;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return context;
}

std::optional<std::string> MigrationInfo::version() const {
  if (applied) return applied->version;
  return resolved ? resolved->version : std::nullopt;
}

std::string MigrationInfo::description() const {
  if (applied) return applied->description;
  return resolved ? resolved->description : std::string();
}

std::string MigrationInfo::type() const {
  if (applied) return row_type(*applied);
  return resolved ? resolved_type(*resolved) : std::string();
}

std::string MigrationInfo::category() const {
  const std::string t = type();
  if (is_synthetic(t)) return "";
  if (!version()) return "Repeatable";
  if (is_undo(t)) return "Undo";
  if (is_baseline(t)) return "Baseline";
  return "Versioned";
}

std::optional<int> MigrationInfo::installed_rank() const {
  if (!applied) return std::nullopt;
  return row_rank(*applied);
}

bool resolved_checksum_matches(const model::Migration& migration,
                               const std::optional<model::Checksum>& checksum) {
  if (migration.checksum == checksum) return true;
  auto equivalent = migration.extras.find("equivalent_checksum");
  return checksum && equivalent != migration.extras.end() &&
         checksum->form == model::Checksum::Form::number &&
         equivalent->second == std::to_string(checksum->number);
}

MigrationInfoService::MigrationInfoService(const model::History& history,
                                           const std::vector<model::Applied>& rows,
                                           InfoContext context)
    : context_(std::move(context)) {
  // Resolved migrations: versioned by (version, type), repeatable by description.
  auto version_less = [](const std::pair<MigrationVersion, std::string>& a,
                         const std::pair<MigrationVersion, std::string>& b) {
    auto order = a.first <=> b.first;
    return order != 0 ? order < 0 : a.second < b.second;
  };
  std::map<std::pair<MigrationVersion, std::string>, const model::Migration*,
           decltype(version_less)>
      resolved_versioned(version_less);
  std::map<std::string, const model::Migration*> resolved_repeatable;
  std::optional<MigrationVersion> last_resolved;
  for (const auto& migration : history.migrations()) {
    if (auto v = version_of(migration.version)) {
      if (compare(v, last_resolved) > 0) last_resolved = v;
      resolved_versioned[{*v, resolved_type(migration)}] = &migration;
    } else if (!migration.version) {
      resolved_repeatable[migration.description] = &migration;
    }
  }
  auto find_versioned = [&](const MigrationVersion& v,
                            const std::string& type) -> const model::Migration* {
    // An undo row (UNDO_SQL, written by Flyway Teams or polymigrate's down) belongs to the
    // versioned file whose undo script it ran.
    if (is_undo(type)) {
      auto found = resolved_versioned.find({v, "SQL"});
      return found != resolved_versioned.end() && found->second->down ? found->second : nullptr;
    }
    auto found = resolved_versioned.find({v, type});
    return found == resolved_versioned.end() ? nullptr : found->second;
  };

  // Applied versioned rows (getAppliedVersionedMigrations), with deletes and undos marked.
  std::vector<AppliedEntry> applied_versioned;
  std::vector<AppliedEntry> applied_repeatable;
  for (const auto& row : rows) {
    const std::string type = row_type(row);
    const auto version = version_of(row.version);
    if (!row.version) {
      applied_repeatable.push_back({&row, std::nullopt, type, {}});
      if (type == "DELETE" && row.success)
        for (auto it = applied_repeatable.rbegin(); it != applied_repeatable.rend(); ++it)
          if (!is_synthetic(it->type) && it->row->description == row.description) {
            it->attributes.deleted = true;
            break;
          }
      continue;
    }
    if (!version) continue;            // a version Flyway could not parse either
    if (is_undo(type) && row.success)  // Teams' UndoAppliedMigration.updateAttributes
      for (auto it = applied_versioned.rbegin(); it != applied_versioned.rend(); ++it)
        if (!is_synthetic(it->type) && !is_undo(it->type) && *it->version == *version &&
            !it->attributes.undone) {
          it->attributes.undone = true;
          break;
        }
    if (is_baseline(type) && compare(version, applied_baseline_) > 0) applied_baseline_ = version;
    if (type == "DELETE" && row.success) {
      for (auto it = applied_versioned.rbegin(); it != applied_versioned.rend(); ++it)
        if (!is_synthetic(it->type) && *it->version == *version) {
          it->attributes.deleted = true;  // a second delete Flyway calls a corrupted history
          break;
        }
      continue;
    }
    applied_versioned.push_back({&row, version, type, {}});
  }

  // updateContextFromAppliedVersionedMigrations: the highest live version, and out-of-order rows.
  for (auto& entry : applied_versioned) {
    if (compare(entry.version, last_applied_) > 0) {
      if (entry.type != "DELETE" && !entry.attributes.deleted && !entry.attributes.undone &&
          !is_undo(entry.type))
        last_applied_ = entry.version;
    } else {
      entry.attributes.out_of_order = true;
    }
  }
  if (context_.target.kind == MigrationTarget::Kind::current) {
    context_.target.kind = MigrationTarget::Kind::version;
    context_.target.version = last_applied_;
    if (!last_applied_) context_.target.kind = MigrationTarget::Kind::latest;
  }

  std::unordered_map<std::string, int> latest_repeatable_runs;
  for (const auto& entry : applied_repeatable) {
    if (entry.attributes.deleted && entry.type == "DELETE") continue;
    int rank = row_rank(*entry.row);
    auto [it, inserted] = latest_repeatable_runs.emplace(entry.row->description, rank);
    if (!inserted && rank > it->second) it->second = rank;
  }

  // Versions below the applied baseline (or equal to it) and beyond the target, as
  // ResolvedMigration.getState and BaseAppliedMigration.getState decide them.
  auto resolved_state = [&](const model::Migration& m) {
    if (auto v = version_of(m.version)) {
      // Before anything is applied, the newest pending baseline migration (B file) is the
      // baseline; afterwards the applied one.
      const auto& baseline = last_applied_ ? applied_baseline_ : pending_baseline_;
      MigrationState state = MigrationState::pending;
      int against_baseline = compare(v, baseline);
      if (against_baseline < 0)
        state = MigrationState::below_baseline;
      else if (against_baseline == 0)
        state = MigrationState::baseline_ignored;
      else if (context_.target.kind == MigrationTarget::Kind::version && context_.target.version &&
               *v > *context_.target.version)
        state = MigrationState::above_target;
      else if (compare(v, last_applied_) < 0 && !context_.out_of_order)
        state = MigrationState::ignored;
      // BaselineResolvedMigration.getState: a B file runs only on an empty history.
      if (is_baseline(resolved_type(m))) {
        const bool started = applied_baseline_ || last_applied_;
        if (state == MigrationState::pending && started) return MigrationState::ignored;
        if (state == MigrationState::baseline_ignored && compare(v, pending_baseline_) == 0)
          return started ? MigrationState::baseline_ignored : MigrationState::pending;
      }
      return state;
    }
    return MigrationState::pending;
  };
  auto applied_state = [&](const AppliedEntry& entry, const model::Migration* resolved) {
    const model::Applied& row = *entry.row;
    if (entry.type == "DELETE") return MigrationState::success;
    if (entry.type == "BASELINE") return MigrationState::baseline;
    if (entry.type == "SQL_BASELINE") {  // BaselineAppliedMigration.getState
      if (!row.success) return MigrationState::failed;
      if (!resolved)
        return compare(entry.version, last_resolved) < 0 ? MigrationState::missing_success
                                                         : MigrationState::future_success;
      return MigrationState::baseline;
    }
    const bool repeatable_latest = row.version || !latest_repeatable_runs.count(row.description) ||
                                   latest_repeatable_runs[row.description] == row_rank(row);
    if (!resolved && repeatable_latest) {
      if (entry.type == "SCHEMA") return MigrationState::success;
      if (!row.version || compare(entry.version, last_resolved) < 0)
        return row.success ? MigrationState::missing_success : MigrationState::missing_failed;
      return row.success ? MigrationState::future_success : MigrationState::future_failed;
    }
    if (!row.success) return MigrationState::failed;
    if (entry.type == "SCHEMA") return MigrationState::success;
    if (!row.version) {
      if (latest_repeatable_runs[row.description] == row_rank(row))
        return resolved && resolved_checksum_matches(*resolved, row.checksum)
                   ? MigrationState::success
                   : MigrationState::outdated;
      return MigrationState::superseded;
    }
    if (is_undo(entry.type)) return MigrationState::success;
    return entry.attributes.out_of_order ? MigrationState::out_of_order : MigrationState::success;
  };
  auto add = [&](const model::Migration* resolved, const AppliedEntry* entry) {
    MigrationInfo info;
    info.resolved = resolved;
    info.applied = entry ? entry->row : nullptr;
    if (entry) info.out_of_order = entry->attributes.out_of_order;
    if (entry) info.deleted = entry->attributes.deleted;
    if (entry) info.undone = entry->attributes.undone;
    if (info.undone)
      info.state = MigrationState::undone;
    else if (info.deleted)
      info.state = MigrationState::deleted;
    else if (!entry)
      info.state = resolved_state(*resolved);
    else
      info.state = applied_state(*entry, resolved);
    infos_.push_back(info);
  };

  std::vector<const model::Migration*> still_pending;
  std::unordered_map<const model::Migration*, bool> has_live_row;
  for (const auto& entry : applied_versioned) {
    const model::Migration* resolved = find_versioned(*entry.version, entry.type);
    add(resolved, &entry);
    if (resolved && !is_undo(entry.type) && !entry.attributes.deleted && entry.type != "DELETE" &&
        !entry.attributes.undone)
      has_live_row[resolved] = true;
  }
  // getPendingResolvedVersionedMigrations: the newest pending B file is the pending baseline.
  for (const auto& [key, migration] : resolved_versioned)
    if (!has_live_row.count(migration) && is_baseline(key.second) &&
        compare(key.first, pending_baseline_) > 0)
      pending_baseline_ = key.first;
  for (const auto& [key, migration] : resolved_versioned)
    if (!has_live_row.count(migration)) add(migration, nullptr);

  for (const auto& entry : applied_repeatable) {
    auto found = resolved_repeatable.find(entry.row->description);
    const model::Migration* resolved = found == resolved_repeatable.end() ? nullptr : found->second;
    AppliedEntry repeatable = entry;
    repeatable.attributes.out_of_order = false;
    add(resolved, &repeatable);
    if (resolved && !entry.attributes.deleted && entry.type != "DELETE" &&
        latest_repeatable_runs[entry.row->description] == row_rank(*entry.row) &&
        resolved_checksum_matches(*resolved, entry.row->checksum))
      has_live_row[resolved] = true;
  }
  for (const auto& [description, migration] : resolved_repeatable)
    if (!has_live_row.count(migration)) add(migration, nullptr);

  // MigrationInfoImpl.compareTo: installed rows by rank, below-baseline first, installed before
  // pending, then by version (versioned before repeatable, repeatables by description). Each
  // entry's key is taken once: the comparison parses versions and reads row columns, and a sort
  // makes n log n comparisons (10,000 migrations: ~130,000).
  struct SortKey {
    std::optional<int> rank;
    MigrationState state;
    std::optional<MigrationVersion> version;
    bool undo;
    bool baseline;
    std::string description;
  };
  std::vector<SortKey> keys;
  keys.reserve(infos_.size());
  for (const auto& info : infos_) {
    const std::string type = info.type();
    keys.push_back({info.installed_rank(), info.state, version_of(info.version()), is_undo(type),
                    is_baseline(type), info.description()});
  }
  auto compare_info = [](const SortKey& a, const SortKey& b) {
    const auto &ra = a.rank, &rb = b.rank;
    if (ra && rb) return *ra < *rb ? -1 : *ra > *rb ? 1 : 0;
    auto below = [](MigrationState s) {
      return s == MigrationState::below_baseline || s == MigrationState::baseline_ignored;
    };
    if (below(a.state) && is_applied(b.state)) return -1;
    if (is_applied(a.state) && below(b.state)) return 1;
    if (ra) return -1;
    if (rb) return 1;
    const auto &va = a.version, &vb = b.version;
    if (va && vb) {
      int v = compare(va, vb);
      if (v != 0) return v;
      if (a.undo != b.undo) return a.undo ? 1 : -1;
      if (a.baseline != b.baseline) return a.baseline ? 1 : -1;
      return 0;
    }
    if (va) return -1;
    if (vb) return 1;
    return a.description < b.description ? -1 : a.description > b.description ? 1 : 0;
  };
  std::vector<std::size_t> order(infos_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return compare_info(keys[a], keys[b]) < 0;
  });
  std::vector<MigrationInfo> sorted;
  sorted.reserve(infos_.size());
  for (std::size_t i : order) sorted.push_back(infos_[i]);
  infos_ = std::move(sorted);
}

std::vector<const MigrationInfo*> MigrationInfoService::pending() const {
  std::vector<const MigrationInfo*> out;
  for (const auto& info : infos_)
    if (info.state == MigrationState::pending) out.push_back(&info);
  return out;
}

std::vector<const MigrationInfo*> MigrationInfoService::failed() const {
  std::vector<const MigrationInfo*> out;
  for (const auto& info : infos_)
    if (is_failed(info.state)) out.push_back(&info);
  return out;
}

const MigrationInfo* MigrationInfoService::current() const {
  const MigrationInfo* current = nullptr;
  auto live = [](const MigrationInfo& info) {
    return is_applied(info.state) && info.state != MigrationState::deleted &&
           info.state != MigrationState::undone && info.type() != "DELETE" && !is_undo(info.type());
  };
  for (const auto& info : infos_)
    if (live(info) && info.version() &&
        (!current || compare(version_of(info.version()), version_of(current->version())) > 0))
      current = &info;
  if (current) return current;
  for (auto it = infos_.rbegin(); it != infos_.rend(); ++it)
    if (live(*it) && !it->version()) return &*it;
  return nullptr;
}

bool MigrationInfoService::ignored_by_patterns(const std::string& state) const {
  // ValidatePatternUtils.is<State>Ignored: `*:<state>`, or both types ignored for it.
  const auto& patterns = context_.ignore_patterns;
  if (std::find(patterns.begin(), patterns.end(), ValidatePattern{"*", state}) != patterns.end())
    return true;
  MigrationState probe = state == "pending"   ? MigrationState::pending
                         : state == "ignored" ? MigrationState::ignored
                         : state == "missing" ? MigrationState::missing_success
                                              : MigrationState::future_success;
  bool versioned = false, repeatable = false;
  for (const auto& p : patterns) {
    versioned = versioned || p.matches(true, probe);
    repeatable = repeatable || p.matches(false, probe);
  }
  return versioned && repeatable;
}

std::vector<std::pair<const MigrationInfo*, std::string>> MigrationInfoService::validate() const {
  std::vector<std::pair<const MigrationInfo*, std::string>> out;
  for (const auto& info : infos_)
    if (auto error = validate_one(info)) out.emplace_back(&info, *error);
  return out;
}

// MigrationInfoImpl.validate, message for message.
std::optional<std::string> MigrationInfoService::validate_one(const MigrationInfo& info) const {
  const MigrationState state = info.state;
  if (state == MigrationState::undone || state == MigrationState::above_target ||
      state == MigrationState::deleted)
    return std::nullopt;
  const bool versioned = info.version().has_value();
  for (const auto& pattern : context_.ignore_patterns)
    if (pattern.matches(versioned, state)) return std::nullopt;

  const std::string version = info.version().value_or("");
  const std::string description = info.description();
  const bool future_ignored = ignored_by_patterns("future");
  if (is_failed(state) && (!future_ignored || state != MigrationState::future_failed)) {
    if (!versioned)
      return "Detected failed repeatable migration: " + description +
             ".\nPlease remove any half-completed changes then run repair to fix the schema "
             "history.";
    return "Detected failed migration to version " + version + " (" + description + ")" +
           ".\nPlease remove any half-completed changes then run repair to fix the schema history.";
  }

  const std::string applied_type = info.applied ? row_type(*info.applied) : std::string();
  if (!info.resolved && info.applied && !is_synthetic(applied_type) && !is_undo(applied_type) &&
      state != MigrationState::superseded &&
      (!ignored_by_patterns("missing") ||
       (state != MigrationState::missing_success && state != MigrationState::missing_failed)) &&
      (!future_ignored ||
       (state != MigrationState::future_success && state != MigrationState::future_failed))) {
    return "Detected applied migration not resolved locally: " +
           (versioned ? version : description) +
           ".\nIf you removed this migration intentionally, run repair to mark the migration as "
           "deleted.";
  }

  const bool pending_ignored = ignored_by_patterns("pending");
  if (!ignored_by_patterns("ignored") && state == MigrationState::ignored &&
      !is_baseline(resolved_type(*info.resolved))) {
    if (versioned)
      return "Detected resolved migration not applied to database: " + version +
             ".\nTo ignore this migration, set -ignoreMigrationPatterns='*:ignored'. To allow "
             "executing this migration, set -outOfOrder=true.";
    return "Detected resolved repeatable migration not applied to database: " + description +
           ".\nTo ignore this migration, set -ignoreMigrationPatterns='*:ignored'.";
  }
  if (!pending_ignored && state == MigrationState::pending) {
    if (versioned)
      return "Detected resolved migration not applied to database: " + version +
             ".\nTo fix this error, either run migrate, or set "
             "-ignoreMigrationPatterns='*:pending'.";
    return "Detected resolved repeatable migration not applied to database: " + description +
           ".\nTo fix this error, either run migrate, or set -ignoreMigrationPatterns='*:pending'.";
  }
  if (!pending_ignored && state == MigrationState::outdated)
    return "Detected outdated resolved repeatable migration that should be re-applied to "
           "database: " +
           description + ".\nRun migrate to execute this migration.";

  if (info.resolved && info.applied && applied_type != "DELETE" && !is_undo(applied_type)) {
    const model::Applied& row = *info.applied;
    const std::string identifier = row.version                  ? "version " + *row.version
                                   : row.extras.count("script") ? row.extras.at("script")
                                                                : "";
    auto mismatch = [&](const std::string& what, const std::string& applied,
                        const std::string& resolved) {
      return "Migration " + what + " mismatch for migration " + identifier +
             "\n-> Applied to database : " + applied + "\n-> Resolved locally    : " + resolved +
             "\nEither revert the changes to the migration, or run repair to update the schema "
             "history.";
    };
    auto checksum_text = [](const std::optional<model::Checksum>& c) {
      return c ? c->display() : std::string("null");
    };
    if (!versioned || compare(version_of(info.version()), applied_baseline_) > 0) {
      if (resolved_type(*info.resolved) != applied_type)
        return mismatch("type", applied_type, resolved_type(*info.resolved));
      if ((info.resolved->version || (pending_ignored && state != MigrationState::outdated &&
                                      state != MigrationState::superseded)) &&
          !resolved_checksum_matches(*info.resolved, row.checksum))
        return mismatch("checksum", checksum_text(row.checksum),
                        checksum_text(info.resolved->checksum));
      const bool no_description = row.description == "<< no description >>";
      if (no_description ? !info.resolved->description.empty()
                         : abbreviate_description(info.resolved->description) != row.description)
        return mismatch("description", row.description, info.resolved->description);
    }
  }
  return std::nullopt;
}

}  // namespace pm::flyway
