#include "adapters/flyway/flyway_adapter.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "adapters/flyway/config.hpp"
#include "adapters/flyway/history_table.hpp"
#include "adapters/flyway/migration_info.hpp"
#include "adapters/flyway/naming.hpp"
#include "adapters/flyway/new_migration.hpp"
#include "adapters/flyway/project_writer.hpp"
#include "adapters/flyway/resolver.hpp"
#include "adapters/flyway/version.hpp"
#include "adapters/project_files.hpp"

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

  model::Project load(const fs::path& given_root,
                      const adapters::LoadOptions& options) const override {
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
    // The database it runs on decides how statements split, then the project's own URL, else
    // SQLite (the embedded default).
    context.dialect =
        options.dialect.value_or(project.config.dialect.value_or(model::Dialect::sqlite));
    context.dialect_assumed = !options.dialect && !project.config.dialect;
    context.steps = options.steps;
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
    return make_history_table(history_table_settings(project.config), dialect);
  }

  // group=true: every pending migration in one transaction (DbMigrate's group mode).
  adapters::RunPolicy run_policy(const model::Project& project,
                                 model::Dialect dialect) const override {
    (void)dialect;
    adapters::RunPolicy policy;
    if (setting_flag(project.config.settings, "group", false))
      policy.scope = adapters::TransactionScope::whole_run;
    policy.refuse_changed = setting_flag(project.config.settings, "validateOnMigrate", true);
    return policy;
  }

  // What MigrationInfoServiceImpl calls applied: the newest row of a version or repeatable
  // decides (an UNDO_SQL or DELETE row after the SQL row means "not applied"); a repeatable whose
  // file changed is due again (Outdated); versions at or below an applied baseline count as done.
  std::unordered_set<std::string> applied_keys(
      const model::History& history, const std::vector<model::Applied>& rows) const override {
    std::unordered_set<std::string> keys;
    MigrationInfoService service(history, rows, {});
    for (const auto& info : service.all()) {
      if (!info.resolved) continue;
      switch (info.state) {
        case MigrationState::success:
        case MigrationState::out_of_order:
        case MigrationState::baseline:  // an applied B file
          if (info.state == MigrationState::success && info.applied && info.type() == "UNDO_SQL")
            break;  // the undo row: its migration is pending again
          keys.insert(info.resolved->key);
          break;
        case MigrationState::below_baseline:
        case MigrationState::baseline_ignored:
          // Done by the baseline once one is in the table; before, a pending B file will do them.
          if (service.has_applied_baseline()) keys.insert(info.resolved->key);
          break;
        default:
          break;
      }
    }
    return keys;
  }

  // Flyway.migrate: with validateOnMigrate, the validation errors (pending ones allowed); then
  // DbMigrate's own refusal of a failed migration.
  model::Diagnostics refusal_findings(const model::Project& project,
                                      const std::vector<model::Applied>& rows,
                                      model::Diagnostics findings) const override {
    (void)findings;
    model::Diagnostics refused;
    std::string error;
    InfoContext context = info_context_of(project.config.settings, &error);
    if (setting_flag(project.config.settings, "validateOnMigrate", true)) {
      InfoContext validating = context;
      validating.ignore_patterns.push_back({"*", "pending"});
      refused = validation_findings(project, rows, validating);
    }
    if (!refused.empty()) return refused;
    MigrationInfoService service(project.history, rows, context);
    auto failed = service.failed();
    const bool future_ignored =
        std::any_of(context.ignore_patterns.begin(), context.ignore_patterns.end(),
                    [](const ValidatePattern& p) { return p.state == "future" || p.state == "*"; });
    if (failed.empty() ||
        (failed.size() == 1 && failed[0]->state == MigrationState::future_failed && future_ignored))
      return refused;
    const MigrationInfo& first = *failed[0];
    const std::string schema =
        project.config.version_schema.empty() ? "" : "\"" + project.config.version_schema + "\" ";
    refused.push_back({model::Severity::error, "PM201",
                       first.version()
                           ? "Schema " + schema + "contains a failed migration to version " +
                                 *first.version() + " !"
                           : "Schema " + schema + "contains a failed repeatable migration (" +
                                 first.description() + ") !",
                       first.resolved ? first.resolved->source.file : std::string(), 0});
    return refused;
  }

  // `flyway validate`: MigrationInfoImpl.validate with the configured ignoreMigrationPatterns.
  model::Diagnostics database_findings(const model::Project& project,
                                       const std::vector<model::Applied>& rows,
                                       model::Diagnostics findings) const override {
    (void)findings;
    std::string error;
    InfoContext context = info_context_of(project.config.settings, &error);
    model::Diagnostics out = validation_findings(project, rows, context);
    if (!error.empty())
      out.insert(out.begin(), {model::Severity::error, codes::script_config, error, "", 0});
    return out;
  }

  // Not applied, and left alone by migrate: Ignored (below the current version without
  // outOfOrder, or a B file once the history has started), Above Target, and what a baseline
  // stands for.
  std::unordered_set<std::string> held_back_keys(
      const model::Project& project, const std::vector<model::Applied>& rows) const override {
    std::unordered_set<std::string> keys;
    MigrationInfoService service(project.history, rows, info_context_of(project.config.settings));
    for (const auto& info : service.all())
      if (info.resolved && !info.applied &&
          (info.state == MigrationState::ignored || info.state == MigrationState::above_target ||
           info.state == MigrationState::below_baseline ||
           info.state == MigrationState::baseline_ignored))
        keys.insert(info.resolved->key);
    return keys;
  }

  // `flyway info`'s table (MigrationInfoDumper.dumpToAsciiTable), undo rows left out as there.
  std::optional<adapters::NativeStatus> native_status(
      const model::Project& project, const std::vector<model::Applied>& rows) const override {
    adapters::NativeStatus status;
    status.columns = {"Category",     "Version", "Description", "Type",
                      "Installed On", "State",   "Undoable"};
    MigrationInfoService service(project.history, rows, info_context_of(project.config.settings));
    for (const auto& info : service.all()) {
      const std::string type = info.type();
      if (type == "UNDO_SQL" || type == "UNDO_SCRIPT") continue;
      std::string undoable;
      if (info.version() && type != "DELETE" && info.state != MigrationState::deleted &&
          info.state != MigrationState::undone)
        undoable = !is_failed(info.state) && info.resolved && info.resolved->down ? "Yes" : "No";
      // DateUtils.formatDateAsIsoString: yyyy-MM-dd HH:mm:ss
      std::string installed_on = info.applied ? info.applied->applied_at.substr(0, 19) : "";
      if (installed_on.size() > 10 && installed_on[10] == 'T') installed_on[10] = ' ';
      status.rows.push_back({info.category(), info.version().value_or(""), info.description(), type,
                             installed_on, display_name(info.state), undoable});
    }
    return status;
  }

  std::vector<adapters::WrittenFile> write(const model::Project& project, model::Dialect dialect,
                                           const fs::path& out) const override {
    auto files = flyway_project_files(project, dialect);  // everything rendered before writing
    adapters::write_project_files(out, files);
    return files;
  }

  std::vector<adapters::WrittenFile> new_migration_files(
      const model::Project& project, model::Dialect dialect,
      const adapters::NewMigration& migration) const override {
    return flyway_new_migration_files(project, dialect, migration);
  }

  // ResolvedMigrationImpl.checksumMatches: the checksum, or a repeatable's raw-text equivalent.
  bool checksum_matches(const model::Checksum& applied,
                        const model::Migration& migration) const override {
    return resolved_checksum_matches(migration, applied);
  }

 private:
  // Flyway's validation errors as findings: failed rows PM201, mismatches PM202, rows without
  // files PM203, files Flyway will not run PM204, outdated repeatables PM205.
  static model::Diagnostics validation_findings(const model::Project& project,
                                                const std::vector<model::Applied>& rows,
                                                const InfoContext& context) {
    model::Diagnostics out;
    MigrationInfoService service(project.history, rows, context);
    for (const auto& [info, message] : service.validate()) {
      const char* code = is_failed(info->state)                                      ? "PM201"
                         : message.rfind("Migration ", 0) == 0                       ? "PM202"
                         : message.find("not resolved locally") != std::string::npos ? "PM203"
                         : info->state == MigrationState::outdated                   ? "PM205"
                                                                                     : "PM204";
      out.push_back({model::Severity::error, code, message,
                     info->resolved ? info->resolved->source.file : std::string(),
                     info->resolved ? info->resolved->source.line_begin : 0});
    }
    return out;
  }
};

}  // namespace

const adapters::Adapter& flyway_adapter() {
  static const FlywayAdapter adapter;
  return adapter;
}

}  // namespace pm::flyway
