#include "adapters/prisma/prisma_adapter.hpp"

#include <fstream>

#include "adapters/prisma/checksum.hpp"
#include "adapters/prisma/diagnostic_codes.hpp"
#include "adapters/prisma/dotenv.hpp"
#include "adapters/prisma/generated_down.hpp"
#include "adapters/prisma/migrations_directory.hpp"
#include "adapters/prisma/migrations_table.hpp"
#include "adapters/prisma/new_migration.hpp"
#include "adapters/prisma/project_writer.hpp"
#include "adapters/prisma/schema_file.hpp"
#include "adapters/prisma/user_facing_errors.hpp"
#include "adapters/project_files.hpp"
#include "db/database_url.hpp"

namespace pm::prisma {

namespace fs = std::filesystem;

namespace {

std::string relative_to_root(const fs::path& path, const fs::path& root) {
  return path.lexically_relative(root).generic_string();
}

std::optional<model::Dialect> dialect_of_provider(const std::string& provider) {
  if (provider == "postgresql" || provider == "postgres" || provider == "cockroachdb")
    return model::Dialect::postgresql;
  if (provider == "sqlite") return model::Dialect::sqlite;
  return std::nullopt;
}

// The variables the CLI sees: the process environment, then `.env` at the project root and
// beside the schema (both loaded; the same name with two values is an error). Prisma 6 skips
// .env files when a prisma.config.ts is present (the config loads them itself, if it wants).
EnvMap environment(const fs::path& root, const SchemaLocation& location,
                   const adapters::LoadOptions& options, model::Diagnostics& diagnostics) {
  EnvMap env = options.env;
  std::error_code ec;
  if (fs::exists(root / "prisma.config.ts", ec)) return env;
  const auto root_env = read_dotenv(root / ".env", options.env);
  std::optional<EnvMap> schema_env;
  if (fs::weakly_canonical(location.schema_dir, ec) != fs::weakly_canonical(root, ec))
    schema_env = read_dotenv(location.schema_dir / ".env", options.env);
  if (root_env && schema_env) {
    std::string conflicts;
    for (const auto& [key, value] : *schema_env)
      if (auto it = root_env->find(key); it != root_env->end() && it->second != value)
        conflicts += "  " + key + "\n";
    if (!conflicts.empty()) {
      const std::string schema_dotenv = relative_to_root(location.schema_dir / ".env", root);
      diagnostics.push_back({model::Severity::error, kEnvConflict,
                             "There is a conflict between env vars in .env and " + schema_dotenv +
                                 "\nConflicting env vars:\n" + conflicts +
                                 "\nWe suggest to move the contents of " + schema_dotenv +
                                 " to .env to consolidate your env vars.",
                             schema_dotenv, 0});
    }
  }
  const std::optional<EnvMap>* files[] = {&root_env, &schema_env};
  for (const auto* file : files)
    if (*file)
      for (const auto& [key, value] : **file)
        env.emplace(key, value);  // never overrides the process
  return env;
}

// A datasource URL in polymigrate's form. SQLite `file:` paths are relative to the schema file,
// as Prisma resolves them; query options after '?' are Prisma's, not the file name.
std::string database_url(const std::string& url, const Datasource& datasource) {
  if (url.rfind("file:", 0) != 0) return url;
  std::string path = url.substr(5);
  if (auto q = path.find('?'); q != std::string::npos) path = path.substr(0, q);
  fs::path file(path);
  if (file.is_relative()) file = (datasource.file.parent_path() / file).lexically_normal();
  return "sqlite:" + file.string();
}

const std::string* script_of(const model::Migration& migration) {
  for (const auto& step : migration.up)
    if (const auto* sql = std::get_if<model::SqlStep>(&step)) return &sql->text;
  return nullptr;
}

class PrismaAdapter : public adapters::Adapter {
 public:
  std::string_view name() const override { return "prisma"; }

  bool detect(const fs::path& root) const override {
    // Prisma's default places: prisma/schema.prisma, a multi-file prisma/schema/ folder, or a
    // migrations folder with Prisma's lock file.
    std::error_code ec;
    return fs::exists(root / "prisma" / "schema.prisma", ec) ||
           fs::is_directory(root / "prisma" / "schema", ec) ||
           fs::exists(root / "schema.prisma", ec) ||
           fs::exists(root / "prisma" / "migrations" / "migration_lock.toml", ec) ||
           fs::exists(root / "migrations" / "migration_lock.toml", ec);
  }

  model::Project load(const fs::path& root, const adapters::LoadOptions& options) const override {
    model::Project project;
    project.framework = "prisma";
    project.root = root;
    auto location = locate_schema(root, options.config);
    project.diagnostics = location.diagnostics;
    auto& config = project.config;
    config.version_table = kMigrationsTable;

    if (!location.files.empty())
      config.settings["schema"] = relative_to_root(location.files.front(), root);
    if (location.files.size() > 1)
      config.settings["schema"] = relative_to_root(location.files.front().parent_path(), root);
    config.settings["schema_found_by"] = location.how;

    const EnvMap env = environment(root, location, options, project.diagnostics);
    if (const auto& datasource = location.datasource) {
      config.settings["datasource"] = datasource->name;
      config.settings["provider"] = datasource->provider;
      config.dialect = dialect_of_provider(datasource->provider);
      if (!config.dialect)
        project.diagnostics.push_back({model::Severity::warning, kSchemaProblem,
                                       "datasource provider `" + datasource->provider +
                                           "`: polymigrate runs Prisma migrations on PostgreSQL "
                                           "and SQLite only (pass --db to pick one)",
                                       relative_to_root(datasource->file, root), datasource->line});
      std::optional<std::string> url = datasource->url;
      if (datasource->url_env) {
        config.settings["url_env"] = *datasource->url_env;
        if (auto it = env.find(*datasource->url_env); it != env.end() && !it->second.empty())
          url = it->second;
      }
      if (url) {
        config.database_url = database_url(*url, *datasource);
        try {
          config.version_schema = db::parse_database_url(*config.database_url).schema();
        } catch (const db::UrlError&) {
          // Reported when a command opens it; reading the project does not need it.
        }
      }
    } else if (!location.files.empty()) {
      project.diagnostics.push_back(
          {model::Severity::error, kSchemaProblem,
           "the Prisma schema has no `datasource` block; Prisma Migrate needs one",
           relative_to_root(location.files.front(), root), 0});
    }

    const fs::path migrations = location.schema_dir / "migrations";
    config.locations = {migrations};
    auto directory = read_migrations_directory(migrations, root);
    if (directory.lock_content) {
      config.settings["lock_file"] = relative_to_root(migrations / "migration_lock.toml", root);
      config.settings["lock_provider"] = provider_from_lock_file(*directory.lock_content);
    }
    project.diagnostics.insert(project.diagnostics.end(), directory.diagnostics.begin(),
                               directory.diagnostics.end());
    project.history = model::History(std::move(directory.migrations));
    return project;
  }

  std::unique_ptr<adapters::VersionTable> version_table(const model::Project& project,
                                                        model::Dialect dialect) const override {
    check_lock_provider(project, dialect);
    const auto& order = project.history.order();
    std::string first =
        order.empty() ? std::string() : project.history.migrations()[order.front()].key;
    return std::make_unique<PrismaMigrationsTable>(dialect, std::move(first));
  }

  adapters::RunPolicy run_policy(const model::Project&, model::Dialect) const override {
    adapters::RunPolicy policy;
    // The engine inserts the row, sends the whole script in one call, then updates the row: no
    // transaction around the three. On PostgreSQL the multi-statement simple query is itself
    // all-or-nothing; on SQLite each statement autocommits.
    policy.scope = adapters::TransactionScope::none;
    policy.refuse_missing = false;  // deploy applies what is pending, whatever else the table holds
    policy.refuse_changed = false;  // deploy never compares checksums (only dev and status do)
    return policy;
  }

  std::unordered_set<std::string> applied_keys(
      const model::History&, const std::vector<model::Applied>& rows) const override {
    // apply_migrations.rs: applied = a row with that name whose rolled_back_at is NULL and that
    // is not failed (a failed row blocks the run before this matters).
    std::unordered_set<std::string> keys;
    for (const auto& row : rows)
      if (auto it = row.extras.find("state"); it != row.extras.end() && it->second == "applied")
        keys.insert(row.key);
    return keys;
  }

  bool checksum_matches(const model::Checksum& applied,
                        const model::Migration& migration) const override {
    if (const std::string* script = script_of(migration))
      return script_matches_checksum(*script, applied.text);
    return migration.checksum && *migration.checksum == applied;
  }

  adapters::GeneratedDowns generate_downs(
      const model::Project& project, model::Dialect dialect,
      const std::vector<const model::Migration*>& to_revert) const override {
    return generate_prisma_downs(project, dialect, to_revert);
  }

  std::vector<adapters::WrittenFile> new_migration_files(
      const model::Project& project, model::Dialect dialect,
      const adapters::NewMigration& migration) const override {
    return prisma_new_migration_files(project, dialect, migration);
  }

  std::vector<adapters::WrittenFile> write(const model::Project& project, model::Dialect dialect,
                                           const fs::path& out) const override {
    auto files = prisma_project_files(project, dialect);  // everything checked before writing
    adapters::write_project_files(out, files);
    return files;
  }

  model::Diagnostics refusal_findings(const model::Project& project,
                                      const std::vector<model::Applied>& rows,
                                      model::Diagnostics findings) const override {
    // Prisma refuses on every failed row (P3009), whether its folder is still there or not, and
    // says so in one message listing them all.
    (void)project;
    std::erase_if(findings, [](const model::Diagnostic& d) { return d.code == "PM201"; });
    std::vector<FailedMigration> failed;
    for (const auto& row : rows) {
      auto state = row.extras.find("state");
      if (state == row.extras.end() || state->second != "failed") continue;
      auto logs = row.extras.find("logs");
      failed.push_back(
          {row.key, row.extras.at("started_at"), logs == row.extras.end() ? "" : logs->second});
    }
    if (!failed.empty())
      findings.insert(findings.begin(), {model::Severity::error, "PM201",
                                         "P3009: " + found_failed_migrations(failed), "", 0});
    return findings;
  }
};

}  // namespace

std::string connector_type(const model::Project& project, model::Dialect dialect) {
  if (dialect == model::Dialect::sqlite) return "sqlite";
  auto provider = project.config.settings.find("provider");
  if (provider != project.config.settings.end() && provider->second == "cockroachdb")
    return "cockroachdb";
  return "postgresql";
}

void check_lock_provider(const model::Project& project, model::Dialect dialect) {
  auto lock = project.config.settings.find("lock_provider");
  if (lock == project.config.settings.end()) return;
  const std::string provider = connector_type(project, dialect);
  if (lock->second != provider) throw provider_switched(provider, lock->second);
}

const adapters::Adapter& prisma_adapter() {
  static const PrismaAdapter adapter;
  return adapter;
}

}  // namespace pm::prisma
