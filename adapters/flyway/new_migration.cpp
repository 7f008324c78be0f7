#include "adapters/flyway/new_migration.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "adapters/flyway/naming.hpp"
#include "adapters/flyway/project_writer.hpp"
#include "adapters/flyway/version.hpp"
#include "adapters/project_files.hpp"
#include "adapters/sql_writing.hpp"
#include "schema/replay.hpp"

namespace pm::flyway {

namespace {

namespace fs = std::filesystem;

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Decimal text plus one, keeping leading zeros ("009" -> "010", "99" -> "100").
std::string plus_one(std::string digits) {
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

std::string setting(const model::Project& project, const char* key, const std::string& fallback) {
  auto it = project.config.settings.find(key);
  return it == project.config.settings.end() || it->second.empty() ? fallback : it->second;
}

// The naming settings as the project configures them (flyway.conf keys kept in settings).
NamingConfig naming_of(const model::Project& project) {
  NamingConfig naming;
  naming.versioned_prefix = setting(project, "sqlMigrationPrefix", naming.versioned_prefix);
  naming.undo_prefix = setting(project, "undoSqlMigrationPrefix", naming.undo_prefix);
  naming.separator = setting(project, "sqlMigrationSeparator", naming.separator);
  const std::string suffixes = setting(project, "sqlMigrationSuffixes", ".sql");
  naming.suffixes = {suffixes.substr(0, suffixes.find(','))};
  return naming;
}

std::string file_body(const adapters::NewMigration& migration, const std::string& sql,
                      const std::string& empty_note, bool with_notes) {
  std::string out = adapters::sql_comment(migration.name);
  if (with_notes)
    for (const auto& note : migration.notes) out += adapters::sql_comment("polymigrate: " + note);
  return out + (sql.empty() ? adapters::sql_comment(empty_note) : sql);
}

// A step marked to run outside a transaction (plan's batched backfill commits as it goes):
// Flyway runs the script so only with its executeInTransaction=false sidecar.
bool runs_outside_transaction(const model::Script& script) {
  return std::any_of(script.begin(), script.end(), [](const model::Step& step) {
    const auto* sql = std::get_if<model::SqlStep>(&step);
    return sql && sql->no_transaction;
  });
}

}  // namespace

std::string next_version(const std::string& last, std::time_t created) {
  if (last.empty()) return "1";
  if (all_digits(last) &&
      (last.size() == 8 || last.size() == 10 || last.size() == 12 || last.size() == 14) &&
      (last.starts_with("19") || last.starts_with("20"))) {
    std::tm utc{};
    gmtime_r(&created, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &utc);
    const std::string stamp = std::string(text).substr(0, last.size());
    if (stamp > last) return stamp;
  }
  std::size_t end = last.size();
  while (end > 0 && !(last[end - 1] >= '0' && last[end - 1] <= '9')) --end;
  std::size_t begin = end;
  while (begin > 0 && last[begin - 1] >= '0' && last[begin - 1] <= '9') --begin;
  if (begin == end) return last + "1";
  return last.substr(0, begin) + plus_one(last.substr(begin, end - begin)) + last.substr(end);
}

std::vector<adapters::WrittenFile> flyway_new_migration_files(
    const model::Project& project, model::Dialect dialect,
    const adapters::NewMigration& migration) {
  if (migration.merge)
    throw std::invalid_argument("Flyway migrations are one line of versions: there is no merge");
  const NamingConfig naming = naming_of(project);

  // The highest version decides the number and the folder; any undo script means undo is used.
  const model::Migration* last = nullptr;
  std::optional<MigrationVersion> highest;
  bool uses_undo = false;
  for (const auto& m : project.history.migrations()) {
    if (m.down && !m.down_source.file.empty()) uses_undo = true;
    if (m.kind == model::MigrationKind::repeatable || !m.version) continue;
    const auto version = MigrationVersion::parse(*m.version);
    if (version && (!highest || *version > *highest)) {
      highest = version;
      last = &m;
    }
  }
  std::string raw_last;
  fs::path folder;
  if (last) {
    const fs::path file = last->source.file;
    raw_last = parse_resource_name(file.filename().string(), naming).version;
    folder = file.parent_path();
  } else if (!project.config.locations.empty()) {
    const fs::path& location = project.config.locations.front();
    folder = adapters::folder_in_project(
        project, location.is_absolute() ? location : project.root / location);
  } else {
    folder = "sql";
  }
  const std::string version = next_version(raw_last, migration.created);
  std::string error;
  if (!MigrationVersion::parse(version, &error))
    throw std::invalid_argument("the next version after " + raw_last + " is not one: " + error);
  const std::string description = file_description(migration.name);
  const std::string name_tail = version + naming.separator + description + naming.suffixes.front();

  schema::SchemaState state =
      migration.before ? *migration.before : schema::replay_history(project.history, dialect).state;
  const std::string up_sql = flyway_script_sql(migration.up, migration.name, state, dialect);
  std::vector<adapters::WrittenFile> files;
  add_flyway_script(files, folder, naming.versioned_prefix + name_tail,
                    file_body(migration, up_sql, "Write the migration's SQL here.", true),
                    runs_outside_transaction(migration.up), dialect);
  if (uses_undo) {
    // `state` is now the schema after the up script: the undo renders against it.
    const std::string down_sql =
        migration.down ? flyway_script_sql(*migration.down, migration.name, state, dialect) : "";
    add_flyway_script(files, folder, naming.undo_prefix + name_tail,
                      file_body(migration, down_sql,
                                migration.down_note.empty() ? "Write the SQL that undoes it here."
                                                            : migration.down_note,
                                false),
                      false, dialect);
  }
  return files;
}

}  // namespace pm::flyway
