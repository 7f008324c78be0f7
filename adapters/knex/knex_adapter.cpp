#include "adapters/knex/knex_adapter.hpp"

#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <unordered_set>

#include "adapters/file_bytes.hpp"
#include "adapters/knex/diagnostic_codes.hpp"
#include "adapters/knex/knex_sql.hpp"
#include "adapters/knex/knexfile.hpp"
#include "adapters/knex/migration_module.hpp"
#include "adapters/knex/migration_source.hpp"
#include "adapters/knex/migrations_table.hpp"
#include "adapters/knex/native_tool.hpp"
#include "adapters/knex/new_migration.hpp"
#include "adapters/knex/project_writer.hpp"
#include "adapters/parallel_files.hpp"
#include "adapters/project_files.hpp"
#include "adapters/resolved_paths.hpp"

namespace fs = std::filesystem;

namespace pm::knex {

namespace {

std::string relative_name(const fs::path& file, const fs::path& root) {
  std::error_code ec;
  auto rel = fs::relative(file, root, ec);
  return ec || rel.empty() ? file.string() : rel.generic_string();
}

std::string joined(const std::vector<std::string>& items, const char* separator = ",") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// "20240101000000_create_users.js" -> "create_users": the name Knex's make gave, for reports
// (Knex itself parses nothing out of file names).
std::string description_of(const std::string& file) {
  std::string name = file.substr(0, file.size() - js_extname(file).size());
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  if (digits > 0 && digits < name.size() && name[digits] == '_') name = name.substr(digits + 1);
  return name;
}

model::ProjectConfig to_project_config(const KnexConfig& config,
                                       const std::vector<std::string>& directories,
                                       const fs::path& root) {
  model::ProjectConfig out;
  out.database_url = config.database_url;
  out.dialect = config.dialect;
  out.version_table = config.table_name;
  out.version_schema = config.schema_name;
  for (const auto& d : directories)
    out.locations.push_back(fs::path(d).is_absolute() ? fs::path(d) : root / d);
  if (!config.knexfile.empty()) out.settings["knexfile"] = relative_name(config.knexfile, root);
  if (config.environment) out.settings["environment"] = *config.environment;
  if (!config.client.empty()) out.settings["client"] = config.client;
  out.settings["extension"] = config.extension;
  out.settings["loadExtensions"] = joined(config.load_extensions);
  out.settings["sortDirsSeparately"] = config.sort_dirs_separately ? "true" : "false";
  out.settings["disableTransactions"] = config.disable_transactions ? "true" : "false";
  out.settings["disableMigrationsListValidation"] =
      config.disable_migrations_list_validation ? "true" : "false";
  return out;
}

bool setting_is_true(const model::Project& project, const char* key) {
  auto it = project.config.settings.find(key);
  return it != project.config.settings.end() && it->second == "true";
}

MigrationsTableSettings table_settings(const model::Project& project) {
  MigrationsTableSettings settings;
  if (!project.config.version_table.empty()) settings.table = project.config.version_table;
  settings.schema = project.config.version_schema;
  return settings;
}

// One listed file and what reading it gave: each is filled by its own loader task. The
// migration itself goes straight into its place in the history's vector (one copy in memory).
struct ModuleSlot {
  std::string relative;  // to the project root, as reports name it
  bool read = false;     // a migration file to read (not a duplicate name, not a folder)
  model::Diagnostics diagnostics;
};

// What the listing alone says of a migration: its key, description, file and folder.
void describe_listed_file(const MigrationFileEntry& entry, const KnexConfig& config,
                          const ModuleSlot& slot, model::Migration& m) {
  m.key = entry.file;
  m.description = description_of(entry.file);
  m.source = {slot.relative, 0, 0};
  m.transactional = !config.disable_transactions;
  m.extras["directory"] = entry.directory;
}

// Reads and translates one migration file into its slot (runs on a loader thread). The parent
// is set when the slots are merged in order.
void read_module_slot(const MigrationFileEntry& entry, const KnexConfig& config,
                      const adapters::LoadOptions& options, ModuleSlot& slot, model::Migration& m) {
  // An unreadable file reads as empty, as the stream read it before.
  std::string source = adapters::read_file_bytes(entry.path).value_or(std::string());
  const std::string& rel = slot.relative;
  // Only a dialect the caller names: the knexfile's client is not always where it runs,
  // and SQLite's builder types are not valid PostgreSQL.
  MigrationModule module = read_migration_module(std::move(source), rel, entry.file, options.env,
                                                 slot.diagnostics, options.dialect);

  describe_listed_file(entry, config, slot, m);
  m.source = {rel, module.up_line, module.up_line};
  m.down_source = {rel, module.down_line, module.down_line};
  // Migrator._useTransaction: the file's boolean, else not disableTransactions.
  m.transactional = module.transaction.value_or(!config.disable_transactions);
  if (module.transaction) m.extras["config.transaction"] = *module.transaction ? "true" : "false";
  int calls = 0, translated = 0, opaque = 0;
  if (module.up) {
    m.up = std::move(module.up->script);
    calls += module.up->knex_calls;
    translated += module.up->translated_calls;
    opaque += module.up->opaque_steps;
  }
  if (module.down) {
    m.down = std::move(module.down->script);
    calls += module.down->knex_calls;
    translated += module.down->translated_calls;
    opaque += module.down->opaque_steps;
  }
  m.extras["knex_calls"] = std::to_string(calls);
  m.extras["translated_calls"] = std::to_string(translated);
  m.extras["opaque_steps"] = std::to_string(opaque);
  if (opaque > 0)
    slot.diagnostics.push_back({model::Severity::info, codes::opaque,
                                std::to_string(translated) + " of " + std::to_string(calls) +
                                    " knex calls translated; " + std::to_string(opaque) +
                                    " step(s) kept as JavaScript (they run only with --delegate)",
                                rel, module.up_line});
}

class KnexAdapter : public adapters::Adapter {
 public:
  std::string_view name() const override { return "knex"; }
  bool detect(const fs::path& root) const override { return find_knexfile(root).has_value(); }

  model::Project load(const fs::path& root, const adapters::LoadOptions& options) const override {
    model::Project project;
    project.framework = "knex";
    project.root = root;
    KnexConfig config = read_knex_config(root, options, project.diagnostics);
    std::vector<std::string> directories = config.directories;
    if (!options.locations.empty()) {
      directories.clear();
      for (const auto& l : options.locations) directories.push_back(l.string());
    }
    project.config = to_project_config(config, directories, root);

    auto files = list_migration_files(root, directories, config.sort_dirs_separately,
                                      config.load_extensions, project.diagnostics);
    // Which files are read is decided in order first (a duplicate name or a folder is reported,
    // not read); the files are then read and translated on the loader threads, each into its slot.
    std::vector<ModuleSlot> slots(files.size());
    std::unordered_set<std::string> seen;
    adapters::ResolvedPaths paths(root);
    for (std::size_t i = 0; i < files.size(); ++i) {
      const auto& entry = files[i];
      ModuleSlot& slot = slots[i];
      slot.relative = paths.relative(entry.path, entry.is_symlink);
      if (!seen.insert(entry.file).second) {
        // Knex keys rows by bare name: the second file would be recorded as the first.
        slot.diagnostics.push_back({model::Severity::error, codes::duplicate_name,
                                    "two migration folders hold a file named '" + entry.file +
                                        "'; Knex records both under one name",
                                    slot.relative, 0});
        continue;
      }
      if (entry.is_folder) {
        slot.diagnostics.push_back({model::Severity::error, codes::unparseable,
                                    "'" + entry.file +
                                        "' is a folder with a migration extension; Knex "
                                        "cannot load it",
                                    slot.relative, 0});
        continue;
      }
      slot.read = true;
    }
    std::vector<model::Migration> migrations(files.size());
    if (options.steps) {
      adapters::for_each_file_task(files.size(), [&](std::size_t i) {
        if (slots[i].read) read_module_slot(files[i], config, options, slots[i], migrations[i]);
      });
    } else {
      // A file's name is its key: what the file holds names nothing a caller without steps
      // uses, and `knex migrate:list` lists the folders without requiring a file either.
      for (std::size_t i = 0; i < files.size(); ++i)
        if (slots[i].read) describe_listed_file(files[i], config, slots[i], migrations[i]);
    }

    // In order: the diagnostics, then the migrations read closed up over the files skipped.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      auto& slot = slots[i];
      project.diagnostics.insert(project.diagnostics.end(),
                                 std::make_move_iterator(slot.diagnostics.begin()),
                                 std::make_move_iterator(slot.diagnostics.end()));
      if (!slot.read) continue;
      if (kept > 0) migrations[i].parents = {migrations[kept - 1].key};
      if (kept != i) migrations[kept] = std::move(migrations[i]);
      ++kept;
    }
    migrations.erase(migrations.begin() + static_cast<std::ptrdiff_t>(kept), migrations.end());
    project.history = model::History(std::move(migrations));
    return project;
  }

  std::unique_ptr<adapters::VersionTable> version_table(const model::Project& project,
                                                        model::Dialect dialect) const override {
    return std::make_unique<KnexMigrationsTable>(table_settings(project), dialect);
  }

  // Migrator.latest: one transaction for the run unless disableTransactions or a pending file
  // says config.transaction = false (the runner drops the outer transaction then, and each file
  // runs in its own unless it opted out). rollback/down: no outer transaction, one per file.
  adapters::RunPolicy run_policy(const model::Project& project,
                                 model::Dialect dialect) const override {
    (void)dialect;
    adapters::RunPolicy policy;
    policy.scope = setting_is_true(project, "disableTransactions")
                       ? adapters::TransactionScope::per_migration
                       : adapters::TransactionScope::whole_run;
    policy.down_scope = adapters::TransactionScope::per_migration;
    policy.refuse_missing = !setting_is_true(project, "disableMigrationsListValidation");
    policy.refuse_changed = false;  // Knex keeps no checksums
    policy.render_op = render_for_connection;
    return policy;
  }

  std::optional<std::vector<std::string>> native_sql(const model::Op& op,
                                                     model::Dialect dialect) const override {
    try {
      return render_knex(op, dialect);
    } catch (const NeedsRebuild&) {
      return std::nullopt;  // Knex reads the live table to rebuild it
    }
  }

  std::unique_ptr<adapters::NativeTool> native_tool(
      const model::Project& project, const adapters::NativeToolRequest& request) const override {
    return knex_native_tool(project, request);
  }

  std::vector<adapters::WrittenFile> new_migration_files(
      const model::Project& project, model::Dialect dialect,
      const adapters::NewMigration& migration) const override {
    return knex_new_migration_files(project, dialect, migration);
  }

  std::vector<adapters::WrittenFile> write(const model::Project& project, model::Dialect dialect,
                                           const fs::path& out) const override {
    auto files = knex_project_files(project, dialect);  // everything checked before writing
    adapters::write_project_files(out, files);
    return files;
  }

  // Knex keeps no checksums.
  bool checksum_matches(const model::Checksum&, const model::Migration&) const override {
    return true;
  }

  // validateMigrationList: one error naming every completed row without a file, in id order.
  model::Diagnostics refusal_findings(const model::Project& project,
                                      const std::vector<model::Applied>& rows,
                                      model::Diagnostics findings) const override {
    (void)project;
    model::Diagnostics out;
    std::set<std::string> missing;
    for (const auto& f : findings) {
      if (f.code != "PM203") {
        out.push_back(f);
        continue;
      }
      // The engine's PM203 names the key between the first two quotes.
      auto open = f.message.find('\'');
      auto close = f.message.find('\'', open + 1);
      if (open != std::string::npos && close != std::string::npos)
        missing.insert(f.message.substr(open + 1, close - open - 1));
    }
    if (missing.empty()) return out;
    std::vector<std::string> names;
    for (const auto& row : rows)
      if (missing.count(row.key)) names.push_back(row.key);
    out.push_back({model::Severity::error,
                   "PM203",
                   "The migration directory is corrupt, the following files are missing: " +
                       joined(names, ", "),
                   {},
                   0});
    return out;
  }

  // Migrator.rollback: the rows of the latest batch, by id descending (_getLastBatch).
  std::optional<std::vector<std::string>> default_down_keys(
      const model::History& history, const std::vector<model::Applied>& rows) const override {
    (void)history;
    std::int64_t latest = 0;
    for (const auto& row : rows) {
      auto it = row.extras.find("batch");
      if (it != row.extras.end() && !it->second.empty())
        latest = std::max<std::int64_t>(latest, std::stoll(it->second));
    }
    std::vector<std::string> keys;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      auto batch = it->extras.find("batch");
      if (batch != it->extras.end() && !batch->second.empty() &&
          std::stoll(batch->second) == latest)
        keys.push_back(it->key);
    }
    return keys;
  }
};

}  // namespace

const adapters::Adapter& knex_adapter() {
  static const KnexAdapter adapter;
  return adapter;
}

}  // namespace pm::knex
