#include "adapters/knex/knexfile.hpp"

#include <fstream>
#include <iterator>

#include "adapters/knex/diagnostic_codes.hpp"
#include "adapters/knex/js_syntax.hpp"

namespace fs = std::filesystem;

namespace pm::knex {

const std::vector<std::string>& default_load_extensions() {
  static const std::vector<std::string> extensions = {".co",  ".coffee",    ".eg", ".iced", ".js",
                                                      ".cjs", ".litcoffee", ".ls", ".ts"};
  return extensions;
}

std::optional<model::Dialect> dialect_of_client(const std::string& client) {
  if (client == "pg" || client == "postgres" || client == "postgresql" || client == "pgnative")
    return model::Dialect::postgresql;
  if (client == "sqlite3" || client == "sqlite" || client == "better-sqlite3")
    return model::Dialect::sqlite;
  return std::nullopt;
}

std::optional<fs::path> find_knexfile(const fs::path& root) {
  std::error_code ec;
  for (const char* ext : {".js", ".mjs", ".coffee", ".ts", ".eg", ".ls", ".cjs"}) {
    fs::path candidate = root / (std::string("knexfile") + ext);
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

namespace {

std::string relative_name(const fs::path& file, const fs::path& root) {
  std::error_code ec;
  auto rel = fs::relative(file, root, ec);
  return ec || rel.empty() ? file.string() : rel.generic_string();
}

// What a module exports: `module.exports = X` (whole), `exports.k = v` / `export const k = v`
// (properties), `export default X` (the default, which Knex's CLI prefers: config.default).
struct ModuleExports {
  std::optional<TSNode> whole;
  std::vector<std::pair<std::string, TSNode>> properties;
  std::optional<TSNode> default_export;
};

class KnexfileReader {
 public:
  KnexfileReader(const parse::SyntaxTree& tree, JsEvaluator& eval, std::string file,
                 model::Diagnostics& diagnostics)
      : tree_(tree), eval_(eval), file_(std::move(file)), diagnostics_(diagnostics) {}

  ModuleExports collect() {
    ModuleExports out;
    for (TSNode statement : named_children(tree_.root())) {
      const auto type = node_type(statement);
      if (type == "lexical_declaration" || type == "variable_declaration") {
        bind_declarators(statement);
      } else if (type == "expression_statement") {
        auto inner = named_children(statement);
        if (inner.size() != 1 || !is_type(inner.front(), "assignment_expression")) continue;
        TSNode assignment = inner.front();
        const std::string target = member_path(tree_, field(assignment, "left"));
        TSNode value = field(assignment, "right");
        if (target == "module.exports") {
          out.whole = value;
          out.properties.clear();
        } else if (target.rfind("module.exports.", 0) == 0) {
          out.properties.emplace_back(target.substr(15), value);
        } else if (target.rfind("exports.", 0) == 0) {
          out.properties.emplace_back(target.substr(8), value);
        }
      } else if (type == "export_statement") {
        TSNode declaration = field(statement, "declaration");
        TSNode value = field(statement, "value");
        if (!ts_node_is_null(declaration)) {
          bind_declarators(declaration);
          for (TSNode d : named_children(declaration))
            if (is_type(d, "variable_declarator") && is_type(field(d, "name"), "identifier"))
              out.properties.emplace_back(std::string(tree_.text(field(d, "name"))),
                                          field(d, "value"));
        } else if (!ts_node_is_null(value)) {
          out.default_export = value;
        }
      }
    }
    return out;
  }

  // The node of property `key` of an object expression, following names and spreads (the last
  // definition wins, as in an object literal). Sets `dynamic` when the object is computed.
  std::optional<TSNode> property(TSNode object, const std::string& key, bool& dynamic,
                                 int depth = 0) {
    object = resolve(object);
    if (depth > 20 || !is_type(object, "object")) {
      dynamic = true;
      return std::nullopt;
    }
    std::optional<TSNode> found;
    for (TSNode entry : named_children(object)) {
      const auto type = node_type(entry);
      if (type == "pair") {
        TSNode k = field(entry, "key");
        std::optional<std::string> name;
        if (is_type(k, "property_identifier"))
          name = std::string(tree_.text(k));
        else
          name = string_literal(tree_, k);
        if (name && *name == key) found = field(entry, "value");
      } else if (type == "shorthand_property_identifier") {
        if (tree_.text(entry) == key) found = entry;
      } else if (type == "method_definition") {
        if (tree_.text(field(entry, "name")) == key) found = entry;
      } else if (type == "spread_element") {
        auto inner = named_children(entry);
        bool spread_dynamic = false;
        if (!inner.empty())
          if (auto v = property(inner.front(), key, spread_dynamic, depth + 1)) found = v;
        if (spread_dynamic) dynamic = true;
      }
    }
    return found;
  }

  // A name bound at the top of the file stands for its value.
  TSNode resolve(TSNode node) {
    for (int i = 0; i < 20; ++i) {
      node = unwrap(node);
      if (!is_type(node, "identifier") && !is_type(node, "shorthand_property_identifier"))
        return node;
      auto bound = eval_.bindings().find(std::string(tree_.text(node)));
      if (bound == eval_.bindings().end()) return node;
      node = bound->second;
    }
    return node;
  }

  void report(model::Severity severity, const std::string& message, int line) {
    diagnostics_.push_back({severity, codes::knexfile, message, file_, line});
  }

 private:
  void bind_declarators(TSNode declaration) {
    for (TSNode d : named_children(declaration)) {
      if (!is_type(d, "variable_declarator")) continue;
      TSNode name = field(d, "name");
      TSNode value = field(d, "value");
      if (is_type(name, "identifier") && !ts_node_is_null(value))
        eval_.bind(std::string(tree_.text(name)), value);
    }
  }

  const parse::SyntaxTree& tree_;
  JsEvaluator& eval_;
  std::string file_;
  model::Diagnostics& diagnostics_;
};

std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A connection object as the pg driver reads it (host, port, user, password, database), or a
// connectionString.
std::optional<std::string> postgres_url(const JsValue& connection) {
  if (connection.is_string()) return connection.text;
  if (!connection.is_object()) return std::nullopt;
  if (const JsValue* s = connection.get("connectionString"); s && s->is_string()) return s->text;
  auto text = [&](const char* key) -> std::string {
    const JsValue* v = connection.get(key);
    return v && (v->is_string() || v->kind == JsValue::Kind::number) ? v->to_string() : "";
  };
  std::string url = "postgresql://";
  const std::string user = text("user").empty() ? text("username") : text("user");
  if (!user.empty()) {
    url += percent_encode(user);
    if (!text("password").empty()) url += ":" + percent_encode(text("password"));
    url += "@";
  }
  url += text("host").empty() ? "localhost" : text("host");
  if (!text("port").empty()) url += ":" + text("port");
  url += "/" + percent_encode(text("database"));
  return url;
}

}  // namespace

KnexConfig read_knex_config(const fs::path& root, const adapters::LoadOptions& options,
                            model::Diagnostics& diagnostics) {
  KnexConfig config;
  std::optional<fs::path> file;
  if (options.config)
    file = options.config->is_absolute() ? *options.config : root / *options.config;
  else
    file = find_knexfile(root);
  if (!file) return config;  // no knexfile: Knex's defaults (the CLI would need --client)
  config.knexfile = *file;
  const std::string rel = relative_name(*file, root);
  const std::string ext = file->extension().string();
  if (ext != ".js" && ext != ".cjs" && ext != ".mjs" && ext != ".ts") {
    diagnostics.push_back({model::Severity::error, codes::knexfile,
                           "knexfile" + ext +
                               " is not JavaScript or TypeScript: polymigrate cannot read it; pass "
                               "--db URL and --dir DIR instead",
                           rel, 0});
    return config;
  }
  std::ifstream in(*file, std::ios::binary);
  if (!in) {
    diagnostics.push_back(
        {model::Severity::error, codes::knexfile, "cannot read the knexfile", rel, 0});
    return config;
  }
  std::string source(std::istreambuf_iterator<char>(in), {});
  parse::SyntaxTree tree(ext == ".ts" ? parse::Language::typescript : parse::Language::javascript,
                         std::move(source));
  JsEvaluator eval(tree, options.env, file->parent_path().generic_string());
  KnexfileReader reader(tree, eval, rel, diagnostics);
  if (tree.has_errors())
    reader.report(model::Severity::warning,
                  "the knexfile has syntax errors; polymigrate reads what it can", 0);
  ModuleExports exports = reader.collect();

  // The exported object (config.default first, as bin/cli.js openKnexfile).
  std::optional<TSNode> top;
  bool dynamic = false;
  if (exports.default_export) {
    top = exports.default_export;
  } else if (exports.whole) {
    if (auto d = reader.property(*exports.whole, "default", dynamic))
      top = d;
    else
      top = exports.whole;
    dynamic = false;
  }
  auto top_property = [&](const std::string& key, bool& dyn) -> std::optional<TSNode> {
    if (top) return reader.property(*top, key, dyn);
    std::optional<TSNode> found;
    for (const auto& [name, node] : exports.properties)
      if (name == key) found = node;
    return found;
  };
  if (!top && exports.properties.empty()) {
    reader.report(model::Severity::error,
                  "the knexfile exports nothing polymigrate can read; pass --db URL and --dir DIR",
                  0);
    return config;
  }
  if (top && !is_type(reader.resolve(*top), "object")) {
    reader.report(model::Severity::error,
                  "the knexfile exports a computed value (a function or a call); polymigrate does "
                  "not run it: pass --db URL and --dir DIR",
                  parse::SyntaxTree::line(*top));
    return config;
  }

  // resolveEnvironmentConfig: allConfigs[environment] || allConfigs.
  std::string environment = "development";
  if (auto it = options.env.find("NODE_ENV"); it != options.env.end() && !it->second.empty())
    environment = it->second;
  if (options.environment) environment = *options.environment;
  bool env_dynamic = false;
  std::optional<TSNode> block = top_property(environment, env_dynamic);
  std::function<std::optional<TSNode>(const std::string&, bool&)> get;
  if (block) {
    config.environment = environment;
    TSNode block_node = *block;
    get = [&, block_node](const std::string& key, bool& dyn) {
      return reader.property(block_node, key, dyn);
    };
    if (!is_type(reader.resolve(block_node), "object")) {
      reader.report(model::Severity::error,
                    "environment '" + environment +
                        "' of the knexfile is computed; pass --db URL and --dir DIR",
                    parse::SyntaxTree::line(block_node));
      return config;
    }
  } else {
    get = top_property;
  }

  auto value_of = [&](const std::string& key, const char* flag) -> std::optional<JsValue> {
    bool dyn = false;
    auto node = get(key, dyn);
    if (!node) {
      if (dyn)
        reader.report(model::Severity::warning,
                      "`" + key + "` may come from a computed spread; " + flag, 0);
      return std::nullopt;
    }
    auto value = eval.evaluate(*node);
    if (!value) {
      reader.report(
          model::Severity::warning,
          "`" + key + "` is " + eval.error() + ", which polymigrate does not run; " + flag,
          eval.error_line());
      return std::nullopt;
    }
    return value;
  };

  if (auto client = value_of("client", "pass --db URL to name the database")) {
    if (client->is_string()) {
      config.client = client->text;
      config.dialect = dialect_of_client(client->text);
      if (!config.dialect)
        reader.report(model::Severity::warning,
                      "client '" + client->text +
                          "' is not one polymigrate runs (PostgreSQL and SQLite); pass --db URL",
                      0);
    }
  }
  if (auto connection = value_of("connection", "pass --db URL")) {
    if (config.dialect == model::Dialect::sqlite) {
      std::string filename;
      if (connection->is_string()) filename = connection->text;
      if (const JsValue* f = connection->get("filename"); f && f->is_string()) filename = f->text;
      if (filename == ":memory:") {
        config.database_url = "sqlite::memory:";
      } else if (!filename.empty()) {
        // Knex's CLI runs in the knexfile's folder: a relative filename is relative to it.
        fs::path path(filename);
        if (path.is_relative()) path = file->parent_path() / path;
        config.database_url = "sqlite:" + path.lexically_normal().string();
      }
    } else if (config.dialect == model::Dialect::postgresql) {
      config.database_url = postgres_url(*connection);
    }
  }

  bool migrations_dynamic = false;
  auto migrations = get("migrations", migrations_dynamic);
  if (migrations) {
    auto setting = [&](const std::string& key) -> std::optional<JsValue> {
      bool dyn = false;
      auto node = reader.property(*migrations, key, dyn);
      if (dyn && !node) {
        reader.report(model::Severity::warning,
                      "`migrations` is computed; polymigrate uses Knex's defaults for it (pass "
                      "--dir DIR for the folder)",
                      parse::SyntaxTree::line(*migrations));
        return std::nullopt;
      }
      if (!node) return std::nullopt;
      auto value = eval.evaluate(*node);
      if (!value)
        reader.report(model::Severity::error,
                      "`migrations." + key + "` is " + eval.error() +
                          ", which polymigrate does not run" +
                          (key == "directory" ? "; pass --dir DIR" : std::string()),
                      eval.error_line());
      return value;
    };
    if (auto directory = setting("directory")) {
      if (directory->is_string()) {
        config.directories = {directory->text};
      } else if (directory->kind == JsValue::Kind::array) {
        config.directories.clear();
        for (const auto& item : directory->items)
          if (item.is_string()) config.directories.push_back(item.text);
      }
    }
    if (auto v = setting("tableName"); v && v->is_string()) config.table_name = v->text;
    if (auto v = setting("schemaName"); v && v->is_string()) config.schema_name = v->text;
    if (auto v = setting("extension"); v && v->is_string()) config.extension = v->text;
    if (auto v = setting("loadExtensions"); v && v->kind == JsValue::Kind::array) {
      config.load_extensions.clear();
      for (const auto& item : v->items)
        if (item.is_string()) config.load_extensions.push_back(item.text);
    }
    if (auto v = setting("sortDirsSeparately")) config.sort_dirs_separately = v->truthy();
    if (auto v = setting("disableTransactions")) config.disable_transactions = v->truthy();
    if (auto v = setting("disableMigrationsListValidation"))
      config.disable_migrations_list_validation = v->truthy();
    bool dyn = false;
    if (reader.property(*migrations, "migrationSource", dyn))
      reader.report(model::Severity::error,
                    "`migrations.migrationSource` is a custom source: polymigrate reads files only "
                    "as Knex's FsMigrations does",
                    parse::SyntaxTree::line(*migrations));
  }
  return config;
}

}  // namespace pm::knex
