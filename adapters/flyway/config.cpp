#include "adapters/flyway/config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <iterator>
#include <pugixml.hpp>
#include <sstream>

#include "adapters/flyway/java_properties.hpp"
#include "adapters/flyway/text_encoding.hpp"

namespace fs = std::filesystem;

namespace pm::flyway {

namespace {

// Diagnostic codes of the Flyway adapter's configuration reader.
constexpr const char* kConfigError = "PM115";  // a config file that cannot be read as Flyway would
constexpr const char* kConfigWarning = "PM119";  // a setting Flyway would ignore or reject

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return std::string(s.substr(b, e - b));
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string relative_display(const fs::path& path, const fs::path& root) {
  std::error_code ec;
  fs::path rel = fs::relative(path, root, ec);
  if (ec || rel.empty() || *rel.begin() == "..") return path.generic_string();
  return rel.generic_string();
}

// ---- flyway.conf ------------------------------------------------------------------------------

void read_conf(const fs::path& file, const fs::path& root, const adapters::LoadOptions& options,
               FlywayConfig& config, model::Diagnostics& diagnostics) {
  auto text = read_file(file);
  if (!text) {
    diagnostics.push_back({model::Severity::error, kConfigError,
                           "Unable to load config file: " + fs::absolute(file).string(),
                           relative_display(file, root), 0});
    return;
  }
  config.files.push_back(relative_display(file, root));
  for (auto& [key, value] : parse_flyway_properties(*text, options.env)) {
    if (key.rfind("flyway.", 0) == 0) config.values[key.substr(7)] = value.value;
  }
}

// ---- flyway.toml ------------------------------------------------------------------------------

// ${env.NAME} in TOML values (the modern config's "env" property resolver).
std::string resolve_env_references(std::string_view text, const adapters::LoadOptions& options) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 6) == "${env.") {
      std::size_t end = text.find('}', i);
      if (end != std::string_view::npos) {
        auto found = options.env.find(std::string(text.substr(i + 6, end - i - 6)));
        if (found != options.env.end()) out += found->second;
        i = end + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::optional<std::string> toml_scalar(const toml::node& node,
                                       const adapters::LoadOptions& options) {
  if (auto s = node.value<std::string>()) return resolve_env_references(*s, options);
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto f = node.as_floating_point()) {
    std::ostringstream out;
    out << f->get();
    return out.str();
  }
  if (auto a = node.as_array()) {
    std::string joined;
    for (const toml::node& item : *a) {
      auto v = toml_scalar(item, options);
      if (!v) continue;
      if (!joined.empty()) joined += ',';
      joined += *v;
    }
    return joined;
  }
  return std::nullopt;
}

// Writes a TOML table's keys as flat dotted settings: [flyway.placeholders] a = "x" ->
// placeholders.a.
void flatten_toml(const toml::table& table, const std::string& prefix,
                  const adapters::LoadOptions& options, std::map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    std::string name = prefix + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      flatten_toml(*sub, name + ".", options, out);
    } else if (auto value = toml_scalar(node, options)) {
      out[name] = *value;
    }
  }
}

struct TomlLayer {
  std::map<std::string, std::string> flyway;                               // [flyway]
  std::map<std::string, std::map<std::string, std::string>> environments;  // [environments.<name>]
};

bool read_toml(const fs::path& file, const fs::path& root, const adapters::LoadOptions& options,
               TomlLayer& layer, FlywayConfig& config, model::Diagnostics& diagnostics) {
  auto text = read_file(file);
  std::string shown = relative_display(file, root);
  if (!text) {
    diagnostics.push_back({model::Severity::error, kConfigError,
                           "Unable to load config file: " + fs::absolute(file).string(), shown, 0});
    return false;
  }
  try {
    toml::table doc = toml::parse(*text, file.string());
    config.files.push_back(shown);
    if (const toml::table* flyway = doc["flyway"].as_table())
      flatten_toml(*flyway, "", options, layer.flyway);
    if (const toml::table* envs = doc["environments"].as_table()) {
      for (const auto& [name, node] : *envs) {
        if (const toml::table* env = node.as_table())
          flatten_toml(*env, "", options, layer.environments[std::string(name.str())]);
      }
    }
    return true;
  } catch (const toml::parse_error& error) {
    diagnostics.push_back({model::Severity::error, kConfigError,
                           "Error parsing config file: " + std::string(error.description()), shown,
                           static_cast<int>(error.source().begin.line)});
    return false;
  }
}

// The chosen environment's connection keys become url/user/password/schemas/...; its
// `flyway.*` keys override [flyway] (FlywayEnvironmentModel merged over FlywayModel).
void apply_toml(const TomlLayer& layer, FlywayConfig& config, model::Diagnostics& diagnostics,
                const fs::path& root, bool environment_requested) {
  for (const auto& [key, value] : layer.flyway) config.values[key] = value;
  auto env = layer.environments.find(config.environment);
  if (env == layer.environments.end()) {
    if (environment_requested)
      diagnostics.push_back(
          {model::Severity::error, kConfigError,
           "Environment '" + config.environment + "' not found. Check your configuration.",
           config.files.empty() ? std::string() : config.files.front(), 0});
    (void)root;
    return;
  }
  for (const auto& [key, value] : env->second) {
    if (key.rfind("flyway.", 0) == 0)
      config.values[key.substr(7)] = value;
    else
      config.values[key] = value;
  }
}

// ---- pom.xml ----------------------------------------------------------------------------------

std::optional<pugi::xml_node> maven_plugin(const pugi::xml_document& doc) {
  pugi::xml_node project = doc.child("project");
  for (const char* container : {"plugins", "pluginManagement"}) {
    pugi::xml_node plugins = project.child("build").child(container);
    if (std::string_view(container) == "pluginManagement") plugins = plugins.child("plugins");
    for (pugi::xml_node plugin : plugins.children("plugin")) {
      if (trim(plugin.child_value("artifactId")) == "flyway-maven-plugin") return plugin;
    }
  }
  return std::nullopt;
}

void read_pom(const fs::path& file, const fs::path& root, FlywayConfig& config,
              model::Diagnostics& diagnostics) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_file(file.c_str());
  std::string shown = relative_display(file, root);
  if (!parsed) {
    diagnostics.push_back({model::Severity::error, kConfigError,
                           std::string("Unable to parse pom.xml: ") + parsed.description(), shown,
                           0});
    return;
  }
  auto plugin = maven_plugin(doc);
  if (!plugin) return;
  config.files.push_back(shown);
  // <properties><flyway.url>...</flyway.url>: what @Parameter(property = "flyway.x") falls back on.
  for (pugi::xml_node property : doc.child("project").child("properties").children()) {
    std::string name = property.name();
    if (name.rfind("flyway.", 0) == 0) config.values[name.substr(7)] = trim(property.child_value());
  }
  for (pugi::xml_node setting : plugin->child("configuration").children()) {
    if (setting.type() != pugi::node_element) continue;
    std::string name = setting.name();
    pugi::xml_node first = setting.first_child();
    if (first && first.type() == pugi::node_element) {
      if (name == "placeholders" || name == "jdbcProperties") {  // a Maven Map<String, String>
        for (pugi::xml_node entry : setting.children())
          if (entry.type() == pugi::node_element)
            config.values[name + "." + entry.name()] = trim(entry.child_value());
      } else {  // a Maven String[] (<locations><location>..</location></locations>)
        std::string joined;
        for (pugi::xml_node item : setting.children()) {
          if (item.type() != pugi::node_element) continue;
          if (!joined.empty()) joined += ',';
          joined += trim(item.child_value());
        }
        config.values[name] = joined;
      }
    } else {
      config.values[name] = trim(setting.child_value());
    }
  }
}

// ---- environment variables --------------------------------------------------------------------

void read_environment(const adapters::LoadOptions& options, FlywayConfig& config) {
  for (const auto& [name, value] : options.env) {
    if (auto key = setting_for_environment_variable(name)) config.values[*key] = value;
  }
}

void check_flags(const FlywayConfig& config, model::Diagnostics& diagnostics) {
  for (const char* key : {"baselineOnMigrate", "outOfOrder", "group", "mixed",
                          "executeInTransaction", "validateMigrationNaming",
                          "placeholderReplacement", "validateOnMigrate", "createSchemas"}) {
    auto value = config.get(key);
    if (value && lower(*value) != "true" && lower(*value) != "false")
      diagnostics.push_back({model::Severity::warning, kConfigWarning,
                             "Invalid value for flyway." + std::string(key) +
                                 " (should be either true or false): " + *value,
                             config.files.empty() ? std::string() : config.files.front(), 0});
  }
}

}  // namespace

std::optional<std::string> setting_for_environment_variable(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> table = {
      {"FLYWAY_BASELINE_DESCRIPTION", "baselineDescription"},
      {"FLYWAY_BASELINE_ON_MIGRATE", "baselineOnMigrate"},
      {"FLYWAY_BASELINE_VERSION", "baselineVersion"},
      {"FLYWAY_BATCH", "batch"},
      {"FLYWAY_CALLBACKS", "callbacks"},
      {"FLYWAY_CLEAN_DISABLED", "cleanDisabled"},
      {"FLYWAY_CONNECT_RETRIES", "connectRetries"},
      {"FLYWAY_CONNECT_RETRIES_INTERVAL", "connectRetriesInterval"},
      {"FLYWAY_DEFAULT_SCHEMA", "defaultSchema"},
      {"FLYWAY_DRIVER", "driver"},
      {"FLYWAY_DRYRUN_OUTPUT", "dryRunOutput"},
      {"FLYWAY_ENCODING", "encoding"},
      {"FLYWAY_EXECUTE_IN_TRANSACTION", "executeInTransaction"},
      {"FLYWAY_DETECT_ENCODING", "detectEncoding"},
      {"FLYWAY_ERROR_OVERRIDES", "errorOverrides"},
      {"FLYWAY_GROUP", "group"},
      {"FLYWAY_IGNORE_MIGRATION_PATTERNS", "ignoreMigrationPatterns"},
      {"FLYWAY_INIT_SQL", "initSql"},
      {"FLYWAY_INSTALLED_BY", "installedBy"},
      {"FLYWAY_LOCATIONS", "locations"},
      {"FLYWAY_CALLBACK_LOCATIONS", "callbackLocations"},
      {"FLYWAY_MIXED", "mixed"},
      {"FLYWAY_OUT_OF_ORDER", "outOfOrder"},
      {"FLYWAY_SKIP_EXECUTING_MIGRATIONS", "skipExecutingMigrations"},
      {"FLYWAY_OUTPUT_QUERY_RESULTS", "outputQueryResults"},
      {"FLYWAY_PASSWORD", "password"},
      {"FLYWAY_LOCK_RETRY_COUNT", "lockRetryCount"},
      {"FLYWAY_PLACEHOLDER_PREFIX", "placeholderPrefix"},
      {"FLYWAY_PLACEHOLDER_REPLACEMENT", "placeholderReplacement"},
      {"FLYWAY_PLACEHOLDER_SUFFIX", "placeholderSuffix"},
      {"FLYWAY_PLACEHOLDER_SEPARATOR", "placeholderSeparator"},
      {"FLYWAY_SCRIPT_PLACEHOLDER_PREFIX", "scriptPlaceholderPrefix"},
      {"FLYWAY_SCRIPT_PLACEHOLDER_SUFFIX", "scriptPlaceholderSuffix"},
      {"FLYWAY_REPEATABLE_SQL_MIGRATION_PREFIX", "repeatableSqlMigrationPrefix"},
      {"FLYWAY_RESOLVERS", "resolvers"},
      {"FLYWAY_SCHEMAS", "schemas"},
      {"FLYWAY_SKIP_DEFAULT_CALLBACKS", "skipDefaultCallbacks"},
      {"FLYWAY_SKIP_DEFAULT_RESOLVERS", "skipDefaultResolvers"},
      {"FLYWAY_SQL_MIGRATION_PREFIX", "sqlMigrationPrefix"},
      {"FLYWAY_SQL_MIGRATION_SEPARATOR", "sqlMigrationSeparator"},
      {"FLYWAY_SQL_MIGRATION_SUFFIXES", "sqlMigrationSuffixes"},
      {"FLYWAY_STREAM", "stream"},
      {"FLYWAY_TABLE", "table"},
      {"FLYWAY_TABLESPACE", "tablespace"},
      {"FLYWAY_TARGET", "target"},
      {"FLYWAY_UNDO_SQL_MIGRATION_PREFIX", "undoSqlMigrationPrefix"},
      {"FLYWAY_URL", "url"},
      {"FLYWAY_USER", "user"},
      {"FLYWAY_VALIDATE_ON_MIGRATE", "validateOnMigrate"},
      {"FLYWAY_VALIDATE_MIGRATION_NAMING", "validateMigrationNaming"},
      {"FLYWAY_CREATE_SCHEMAS", "createSchemas"},
      {"FLYWAY_FAIL_ON_MISSING_LOCATIONS", "failOnMissingLocations"},
      // BaselineMigrationConfigurationExtension's variable.
      {"FLYWAY_BASELINE_MIGRATION_PREFIX", "baselineMigrationPrefix"},
  };
  auto found = table.find(name);
  if (found != table.end()) return found->second;
  constexpr std::string_view placeholders = "FLYWAY_PLACEHOLDERS_";
  if (name.size() > placeholders.size() && name.substr(0, placeholders.size()) == placeholders)
    return "placeholders." + lower(name.substr(placeholders.size()));
  return std::nullopt;
}

std::optional<std::string> FlywayConfig::get(std::string_view key) const {
  auto found = values.find(std::string(key));
  if (found == values.end()) return std::nullopt;
  return found->second;
}

std::string FlywayConfig::get_or(std::string_view key, std::string_view fallback) const {
  auto value = get(key);
  return value ? *value : std::string(fallback);
}

bool FlywayConfig::flag(std::string_view key, bool fallback) const {
  return setting_flag(values, key, fallback);
}

bool setting_flag(const std::map<std::string, std::string>& settings, std::string_view key,
                  bool fallback) {
  auto value = settings.find(std::string(key));
  if (value == settings.end()) return fallback;
  std::string v = lower(trim(value->second));
  if (v == "true") return true;
  if (v == "false") return false;
  return fallback;
}

std::vector<std::string> FlywayConfig::list(std::string_view key) const {
  std::vector<std::string> out;
  auto value = get(key);
  if (!value) return out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= value->size(); ++i) {
    if (i == value->size() || (*value)[i] == ',') {
      std::string item = trim(std::string_view(*value).substr(start, i - start));
      if (!item.empty()) out.push_back(item);
      start = i + 1;
    }
  }
  return out;
}

NamingConfig FlywayConfig::naming() const {
  NamingConfig naming;
  naming.versioned_prefix = get_or("sqlMigrationPrefix", naming.versioned_prefix);
  naming.repeatable_prefix = get_or("repeatableSqlMigrationPrefix", naming.repeatable_prefix);
  naming.undo_prefix = get_or("undoSqlMigrationPrefix", naming.undo_prefix);
  naming.baseline_prefix = get_or("baselineMigrationPrefix", naming.baseline_prefix);
  naming.separator = get_or("sqlMigrationSeparator", naming.separator);
  if (get("sqlMigrationSuffixes")) naming.suffixes = list("sqlMigrationSuffixes");
  return naming;
}

PlaceholderSyntax FlywayConfig::placeholder_syntax() const {
  PlaceholderSyntax syntax;
  syntax.prefix = get_or("placeholderPrefix", syntax.prefix);
  syntax.suffix = get_or("placeholderSuffix", syntax.suffix);
  syntax.separator = get_or("placeholderSeparator", syntax.separator);
  return syntax;
}

std::map<std::string, std::string> FlywayConfig::placeholders() const {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : values)
    if (key.rfind("placeholders.", 0) == 0) out[key.substr(13)] = value;
  return out;
}

std::string FlywayConfig::default_schema() const {
  if (auto schema = get("defaultSchema"); schema && !schema->empty()) return *schema;
  auto schemas = list("schemas");
  return schemas.empty() ? std::string() : schemas.front();
}

FlywayConfig read_flyway_config(const fs::path& root, const adapters::LoadOptions& options,
                                model::Diagnostics& diagnostics) {
  FlywayConfig config;
  if (options.environment) config.environment = *options.environment;

  auto apply_toml_files = [&](const std::vector<fs::path>& files) {
    TomlLayer layer;
    for (const fs::path& file : files) read_toml(file, root, options, layer, config, diagnostics);
    // The environment is named in [flyway] unless the caller chose one.
    if (!options.environment) {
      if (auto named = layer.flyway.find("environment"); named != layer.flyway.end())
        config.environment = named->second;
    }
    apply_toml(layer, config, diagnostics, root, options.environment.has_value());
  };

  if (options.config) {
    fs::path file = *options.config;
    if (file.is_relative() && !fs::exists(file)) file = root / file;
    std::string ext = lower(file.extension().string());
    if (ext == ".toml")
      apply_toml_files({file});
    else if (ext == ".xml")
      read_pom(file, root, config, diagnostics);
    else
      read_conf(file, root, options, config, diagnostics);
  } else {
    if (fs::is_regular_file(root / "pom.xml"))
      read_pom(root / "pom.xml", root, config, diagnostics);
    std::vector<fs::path> toml_files;
    for (const char* name : {"flyway.toml", "flyway.user.toml"})
      if (fs::is_regular_file(root / name)) toml_files.push_back(root / name);
    if (!toml_files.empty()) {
      apply_toml_files(toml_files);
      if (fs::is_regular_file(root / "flyway.conf"))
        diagnostics.push_back(
            {model::Severity::warning, kConfigWarning,
             "Flyway reads the TOML configuration and ignores this CONF file (using both is not "
             "supported)",
             "flyway.conf", 0});
    } else if (fs::is_regular_file(root / "flyway.conf")) {
      read_conf(root / "flyway.conf", root, options, config, diagnostics);
    }
  }
  read_environment(options, config);
  check_flags(config, diagnostics);
  if (auto encoding = config.get("encoding"); encoding && !is_supported_encoding(*encoding))
    diagnostics.push_back({model::Severity::error, kConfigError,
                           "Unsupported encoding for flyway.encoding: " + *encoding +
                               " (polymigrate reads UTF-8, "
                               "ISO-8859-1 and US-ASCII)",
                           config.files.empty() ? std::string() : config.files.front(), 0});
  return config;
}

std::vector<fs::path> resolve_locations(const FlywayConfig& config, const fs::path& root,
                                        model::Diagnostics& diagnostics) {
  std::vector<fs::path> out;
  auto locations = config.list("locations");
  if (locations.empty()) {
    for (const char* candidate : {"src/main/resources/db/migration", "db/migration", "sql"}) {
      if (fs::is_directory(root / candidate)) {
        out.push_back(root / candidate);
        break;
      }
    }
    return out;
  }
  for (const std::string& location : locations) {
    std::string text = location;
    std::vector<fs::path> candidates;
    if (lower(text).rfind("filesystem:", 0) == 0) {
      fs::path p = text.substr(11);
      candidates.push_back(p.is_absolute() ? p : root / p);
    } else {
      if (lower(text).rfind("classpath:", 0) == 0) text = text.substr(10);
      while (!text.empty() && text.front() == '/') text.erase(0, 1);
      candidates.push_back(root / "src/main/resources" / text);
      candidates.push_back(root / text);
    }
    bool found = false;
    for (const fs::path& candidate : candidates) {
      if (fs::is_directory(candidate)) {
        out.push_back(candidate.lexically_normal());
        found = true;
        break;
      }
    }
    if (!found) {
      // Flyway warns "Skipping filesystem location:..." and errors with failOnMissingLocations.
      bool fail = config.flag("failOnMissingLocations", false);
      diagnostics.push_back({fail ? model::Severity::error : model::Severity::warning,
                             kConfigWarning, "Unable to resolve location " + location + ".",
                             config.files.empty() ? std::string() : config.files.front(), 0});
    }
  }
  return out;
}

model::ProjectConfig to_project_config(const FlywayConfig& config, const fs::path& root,
                                       const std::vector<fs::path>& locations) {
  model::ProjectConfig out;
  if (auto url = config.get("url"); url && !url->empty()) {
    out.database_url = *url;
    std::string u = lower(*url);
    if (u.rfind("jdbc:postgresql:", 0) == 0 || u.rfind("postgres", 0) == 0)
      out.dialect = model::Dialect::postgresql;
    else if (u.rfind("jdbc:sqlite:", 0) == 0 || u.rfind("sqlite:", 0) == 0)
      out.dialect = model::Dialect::sqlite;
  }
  out.version_table = config.table();
  out.version_schema = config.default_schema();
  for (const fs::path& location : locations)
    out.locations.push_back(relative_display(location, root));
  out.placeholders = config.placeholders();
  for (const auto& [key, value] : config.values) {
    if (key == "password" || key.rfind("placeholders.", 0) == 0) continue;
    out.settings[key] = value;
  }
  out.settings["environment"] = config.environment;
  return out;
}

}  // namespace pm::flyway
