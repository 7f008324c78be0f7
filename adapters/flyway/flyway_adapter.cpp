#include "adapters/flyway/flyway_adapter.hpp"

#include <fstream>
#include <iterator>
#include <unordered_map>

#include "adapters/flyway/config.hpp"
#include "adapters/flyway/history_table.hpp"
#include "adapters/flyway/naming.hpp"
#include "adapters/flyway/resolver.hpp"
#include "adapters/flyway/version.hpp"

namespace fs = std::filesystem;

namespace pm::flyway {

namespace {

bool file_mentions(const fs::path& file, std::string_view needle) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string text(std::istreambuf_iterator<char>(in), {});
  return text.find(needle) != std::string::npos;
}

// A folder holding at least one V<version>__<desc>.sql directly or below.
bool holds_versioned_sql(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  NamingConfig naming;
  const ResourceNameParser parser(naming);
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    ResourceName name = parser.parse(it->path().filename().string());
    if (name.valid && name.type == ResourceType::versioned &&
        has_migration_suffix(it->path().filename().string(), naming))
      return true;
  }
  return false;
}

class FlywayAdapter : public adapters::Adapter {
 public:
  std::string_view name() const override { return "flyway"; }

  bool detect(const fs::path& root) const override {
    std::error_code ec;
    if (fs::is_regular_file(root / "flyway.conf", ec) ||
        fs::is_regular_file(root / "flyway.toml", ec))
      return true;
    if (fs::is_regular_file(root / "pom.xml", ec) &&
        file_mentions(root / "pom.xml", "flyway-maven-plugin"))
      return true;
    for (const char* folder : {"src/main/resources/db/migration", "db/migration", "sql"})
      if (holds_versioned_sql(root / folder)) return true;
    return false;
  }

  model::Project load(const fs::path& given_root, const adapters::LoadOptions& options) const override {
    // One normal absolute form, so paths below it are made relative lexically (no syscalls).
    const fs::path root = fs::absolute(given_root).lexically_normal();
    model::Project project;
    project.framework = "flyway";
    project.root = root;
    FlywayConfig config = read_flyway_config(root, options, project.diagnostics);
    ResolveContext context;
    context.root = root;
    context.locations = resolve_locations(config, root, project.diagnostics);
    project.config = to_project_config(config, root, context.locations);
    context.dialect = project.config.dialect.value_or(model::Dialect::sqlite);
    if (auto target = config.get("target")) {
      std::string error;
      if (!MigrationTarget::parse(*target, &error))
        project.diagnostics.push_back({model::Severity::error, codes::script_config, error,
                                       config.files.empty() ? std::string() : config.files.front(),
                                       0});
    }
    if (auto baseline = config.get("baselineVersion")) {
      std::string error;
      if (!MigrationVersion::parse(*baseline, &error))
        project.diagnostics.push_back({model::Severity::error, codes::script_config, error,
                                       config.files.empty() ? std::string() : config.files.front(),
                                       0});
    }
    project.history = model::History(resolve_migrations(config, context, project.diagnostics));
    return project;
  }

  std::unique_ptr<adapters::VersionTable> version_table(const model::Project& project,
                                                        model::Dialect dialect) const override {
    HistoryTableSettings settings;
    const auto& c = project.config;
    if (!c.version_table.empty()) settings.table = c.version_table;
    settings.schema = c.version_schema;
    if (auto by = c.settings.find("installedBy"); by != c.settings.end() && !by->second.empty())
      settings.installed_by = by->second;
    if (auto retries = c.settings.find("lockRetryCount"); retries != c.settings.end()) {
      try {
        settings.lock_retry_count = std::stoi(retries->second);
      } catch (const std::exception&) {
      }
    }
    return make_history_table(std::move(settings), dialect);
  }

  // group=true: every pending migration in one transaction (DbMigrate's group mode).
  adapters::RunPolicy run_policy(const model::Project& project,
                                 model::Dialect dialect) const override {
    (void)dialect;
    adapters::RunPolicy policy;
    auto group = project.config.settings.find("group");
    if (group != project.config.settings.end() &&
        (group->second == "true" || group->second == "TRUE"))
      policy.scope = adapters::TransactionScope::whole_run;
    auto validate = project.config.settings.find("validateOnMigrate");
    policy.refuse_changed =
        validate == project.config.settings.end() || validate->second != "false";
    return policy;
  }

  // As MigrationInfoServiceImpl reads the table: the newest row of a version or repeatable decides
  // (an UNDO_SQL or DELETE row after the SQL row means "not applied"); a repeatable whose file
  // changed is due again (OUTDATED); versions at or below an applied baseline count as applied.
  std::unordered_set<std::string> applied_keys(
      const model::History& history, const std::vector<model::Applied>& rows) const override {
    std::unordered_map<std::string, const model::Applied*> latest;
    std::optional<MigrationVersion> baseline;
    for (const auto& row : rows) {
      auto type = row.extras.find("type");
      bool is_baseline = type != row.extras.end() && type->second == "BASELINE";
      if (is_baseline && row.version) baseline = MigrationVersion::parse(*row.version);
      if (!row.marker) latest[row.key] = &row;
    }
    std::unordered_set<std::string> keys;
    for (const auto& [key, row] : latest) {
      auto type = row->extras.find("type");
      std::string t = type == row->extras.end() ? std::string() : type->second;
      if (!row->success || t == "UNDO_SQL" || t == "DELETE") continue;
      if (!row->version) {
        const model::Migration* m = history.find(key);
        if (m && row->checksum && !checksum_matches(*row->checksum, *m)) continue;
      }
      keys.insert(key);
    }
    if (baseline) {
      for (const auto& m : history.migrations()) {
        if (!m.version) continue;
        auto v = MigrationVersion::parse(*m.version);
        if (v && *v <= *baseline) keys.insert(m.key);
      }
    }
    return keys;
  }

  // ResolvedMigrationImpl.checksumMatches: the checksum, or a repeatable's raw-text equivalent.
  bool checksum_matches(const model::Checksum& applied,
                        const model::Migration& migration) const override {
    if (migration.checksum && *migration.checksum == applied) return true;
    auto equivalent = migration.extras.find("equivalent_checksum");
    return equivalent != migration.extras.end() && applied.form == model::Checksum::Form::number &&
           equivalent->second == std::to_string(applied.number);
  }
};

}  // namespace

const adapters::Adapter& flyway_adapter() {
  static const FlywayAdapter adapter;
  return adapter;
}

}  // namespace pm::flyway
