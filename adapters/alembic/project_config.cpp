#include "adapters/alembic/project_config.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "adapters/alembic/ini_config.hpp"
#include "adapters/alembic/python_syntax.hpp"
#include "adapters/alembic/revision_file.hpp"

namespace fs = std::filesystem;

namespace pm::alembic {

namespace {

std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string relative_name(const fs::path& file, const fs::path& root) {
  std::error_code ec;
  auto rel = fs::relative(file, root, ec);
  return ec || rel.empty() ? file.string() : rel.generic_string();
}

// Alembic resolves relative locations against the working directory; the project root is where
// alembic runs by convention (the ini's folder), so relative paths are taken from there.
fs::path absolute_from(const std::string& location, const fs::path& base) {
  fs::path p(location);
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

// Config._get_file_separator_char: path_separator, then the legacy version_path_separator.
std::optional<std::string> separator_for(const std::string& value, const std::string& key,
                                         std::string& error) {
  static const std::map<std::string, std::string> separators = {
      {"space", " "}, {"newline", "\n"}, {"os", ":"}, {":", ":"}, {";", ";"}};
  auto it = separators.find(value);
  if (it == separators.end()) {
    error = "'" + value + "' is not a valid value for " + key +
            "; expected 'space', 'newline', 'os', ':', ';'";
    return std::nullopt;
  }
  return it->second;
}

std::vector<std::string> split_locations(const std::string& value,
                                         const std::optional<std::string>& separator) {
  std::vector<std::string> out;
  if (!separator) {
    // Legacy splitting on spaces/commas: re.split(r", *|(?: +)", value).
    static const std::regex legacy(", *| +");
    for (std::sregex_token_iterator it(value.begin(), value.end(), legacy, -1), end; it != end;
         ++it)
      out.push_back(*it);
    return out;
  }
  std::size_t pos = 0;
  while (pos <= value.size()) {
    auto next = value.find(*separator, pos);
    std::string piece =
        value.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    auto b = piece.find_first_not_of(" \t\r\n");
    if (b != std::string::npos)
      out.push_back(piece.substr(b, piece.find_last_not_of(" \t\r\n") - b + 1));
    if (next == std::string::npos) break;
    pos = next + separator->size();
  }
  return out;
}

std::string replace_here(std::string value, const std::string& here) {
  const std::string token = "%(here)s";
  for (auto pos = value.find(token); pos != std::string::npos;
       pos = value.find(token, pos + here.size()))
    value.replace(pos, token.size(), here);
  return value;
}

}  // namespace

std::optional<std::string> convert_sqlalchemy_url(const std::string& url, const fs::path& base) {
  auto colon = url.find("://");
  if (colon == std::string::npos) return std::nullopt;
  std::string scheme = url.substr(0, colon);
  std::string rest = url.substr(colon + 3);
  std::string backend = scheme.substr(0, scheme.find('+'));
  if (backend == "sqlite") {
    // sqlite://<nohost>/<path>: three slashes then a relative path, four for an absolute one.
    if (rest.empty() || rest == "/" || rest == "/:memory:") return std::string("sqlite::memory:");
    if (rest.front() != '/') return std::nullopt;  // a host part: not something SQLite has
    std::string path = rest.substr(1);
    auto query = path.find('?');
    if (query != std::string::npos) path = path.substr(0, query);
    fs::path p(path);
    if (!p.is_absolute()) p = (base / p).lexically_normal();
    return "sqlite:" + p.string();
  }
  if (backend == "postgresql" || backend == "postgres") return "postgresql://" + rest;
  return std::nullopt;
}

std::map<std::string, std::string> env_configure_literals(const std::string& env_source) {
  std::map<std::string, std::string> out;
  parse::SyntaxTree tree(parse::Language::python, env_source);
  std::vector<TSNode> stack{tree.root()};
  while (!stack.empty()) {
    TSNode node = stack.back();
    stack.pop_back();
    if (is_type(node, "call")) {
      std::string callee = dotted_name(tree, field(node, "function"));
      if (callee == "context.configure" || callee == "configure") {
        for (const auto& [key, value_node] : call_args(tree, node).keywords) {
          auto value = literal_value(tree, value_node);
          if (!value || out.count(key)) continue;
          if (value->is_string())
            out[key] = value->text;
          else if (value->kind == PyValue::Kind::boolean)
            out[key] = value->boolean ? "true" : "false";
          else if (value->kind == PyValue::Kind::none)
            out[key] = "";
        }
      }
    }
    for (uint32_t i = ts_node_named_child_count(node); i-- > 0;)
      stack.push_back(ts_node_named_child(node, i));
  }
  return out;
}

AlembicSettings read_alembic_settings(const fs::path& root,
                                      const std::optional<fs::path>& config_file,
                                      model::Diagnostics& diagnostics) {
  AlembicSettings settings;
  const fs::path ini_path =
      config_file ? absolute_from(config_file->string(), root) : root / "alembic.ini";
  const fs::path ini_dir = fs::absolute(ini_path).parent_path();
  const std::string ini_rel = relative_name(ini_path, root);

  std::optional<IniFile> ini;
  if (auto text = read_text(ini_path)) {
    ini = IniFile::parse(*text, {{"here", ini_dir.string()}});
    if (!ini->has_section("alembic") && !config_file) ini.reset();  // e.g. only logging sections
    if (ini) settings.config_file = fs::absolute(ini_path);
  } else if (config_file) {
    diagnostics.push_back(
        {model::Severity::error, codes::config, "cannot read the config file", ini_rel, 0});
  }

  toml::table tool;
  const fs::path pyproject = root / "pyproject.toml";
  if (auto text = read_text(pyproject)) {
    try {
      auto doc = toml::parse(*text, pyproject.string());
      if (auto* t = doc["tool"]["alembic"].as_table()) tool = *t;
    } catch (const toml::parse_error& e) {
      diagnostics.push_back(
          {model::Severity::error, codes::config,
           std::string("pyproject.toml is not valid TOML: ") + std::string(e.description()),
           "pyproject.toml", static_cast<int>(e.source().begin.line)});
    }
  }
  const std::string here = root.string();

  // Config.get_alembic_option: the ini first, then [tool.alembic] (with %(here)s = its folder).
  auto option = [&](const std::string& key) -> std::optional<std::string> {
    if (ini) {
      std::string error;
      if (auto v = ini->get("alembic", key, &error)) {
        if (!error.empty())
          diagnostics.push_back({model::Severity::error, codes::config, error, ini_rel,
                                 ini->line_of("alembic", key)});
        return v;
      }
    }
    if (auto v = tool[key].value<std::string>()) return replace_here(*v, here);
    if (auto b = tool[key].value<bool>()) return *b ? "true" : "false";
    return std::nullopt;
  };

  if (ini)
    for (const auto& key : ini->keys("alembic")) settings.options[key] = option(key).value_or("");
  for (const auto& [key, node] : tool)
    if (!settings.options.count(std::string(key.str()))) {
      if (auto v = node.value<std::string>())
        settings.options[std::string(key.str())] = replace_here(*v, here);
    }

  auto script_location = option("script_location");
  if (!script_location) {
    diagnostics.push_back({model::Severity::error, codes::config,
                           "No 'script_location' key found in configuration.",
                           ini ? ini_rel : std::string("pyproject.toml"), 0});
    script_location = "alembic";
  }
  if (script_location->find(':') != std::string::npos && !fs::path(*script_location).is_absolute())
    diagnostics.push_back(
        {model::Severity::warning, codes::config,
         "script_location '" + *script_location +
             "' names a Python package resource; polymigrate reads it as a folder",
         ini_rel, ini ? ini->line_of("alembic", "script_location") : 0});
  settings.script_location = absolute_from(*script_location, root);

  // version_locations: from the ini split by path_separator (or the legacy rules), or a TOML list.
  std::vector<std::string> locations;
  std::optional<std::string> ini_locations =
      ini ? ini->get("alembic", "version_locations") : std::nullopt;
  if (ini_locations && !ini_locations->empty()) {
    std::optional<std::string> separator;
    for (const char* key : {"path_separator", "version_path_separator"}) {
      if (auto value = ini->get("alembic", key)) {
        std::string error;
        separator = separator_for(*value, key, error);
        if (!separator)
          diagnostics.push_back({model::Severity::error, codes::config, error, ini_rel,
                                 ini->line_of("alembic", key)});
        break;
      }
    }
    locations = split_locations(*ini_locations, separator);
  } else if (auto* list = tool["version_locations"].as_array()) {
    for (const auto& item : *list)
      if (auto v = item.value<std::string>()) locations.push_back(replace_here(*v, here));
  }
  for (const auto& location : locations)
    if (!location.empty()) settings.version_locations.push_back(absolute_from(location, root));
  if (settings.version_locations.empty())
    settings.version_locations.push_back(settings.script_location / "versions");

  // get_alembic_boolean_option: only the exact text "true" is true in the ini.
  settings.recursive_version_locations =
      option("recursive_version_locations").value_or("") == "true";
  settings.sourceless = option("sourceless").value_or("") == "true";

  if (ini) settings.sqlalchemy_url = ini->get("alembic", "sqlalchemy.url");
  if (settings.sqlalchemy_url && !settings.sqlalchemy_url->empty()) {
    settings.database_url = convert_sqlalchemy_url(*settings.sqlalchemy_url, root);
    if (!settings.database_url)
      diagnostics.push_back(
          {model::Severity::warning, codes::config,
           "sqlalchemy.url names a database polymigrate does not run (SQLite and PostgreSQL only)",
           ini_rel, ini->line_of("alembic", "sqlalchemy.url")});
  }

  if (auto env = read_text(settings.script_location / "env.py")) {
    auto literals = env_configure_literals(*env);
    if (auto it = literals.find("version_table"); it != literals.end() && !it->second.empty())
      settings.version_table = it->second;
    if (auto it = literals.find("version_table_schema"); it != literals.end())
      settings.version_table_schema = it->second;
    if (auto it = literals.find("version_table_pk"); it != literals.end())
      settings.version_table_pk = it->second != "false";
    if (auto it = literals.find("transaction_per_migration"); it != literals.end())
      settings.transaction_per_migration = it->second == "true";
  }
  return settings;
}

model::ProjectConfig to_project_config(const AlembicSettings& settings, const fs::path& root) {
  model::ProjectConfig config;
  config.database_url = settings.database_url;
  if (config.database_url)
    config.dialect = config.database_url->rfind("sqlite:", 0) == 0 ? model::Dialect::sqlite
                                                                   : model::Dialect::postgresql;
  config.version_table = settings.version_table;
  config.version_schema = settings.version_table_schema;
  for (const auto& location : settings.version_locations) {
    std::error_code ec;
    auto rel = fs::relative(location, root, ec);
    config.locations.push_back(ec || rel.empty() ? location : rel);
  }
  config.settings = settings.options;
  config.settings["script_location"] = settings.script_location.string();
  if (!settings.config_file.empty()) config.settings["config_file"] = settings.config_file.string();
  if (settings.transaction_per_migration)
    config.settings["transaction_per_migration"] =
        *settings.transaction_per_migration ? "true" : "false";
  config.settings["version_table_pk"] = settings.version_table_pk ? "true" : "false";
  return config;
}

}  // namespace pm::alembic
