#include "adapters/knex/native_tool.hpp"

#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/knex/knexfile.hpp"
#include "adapters/native_process.hpp"

namespace fs = std::filesystem;

namespace pm::knex {

namespace {

constexpr const char* kKnexfile =
    "// Written by polymigrate for `--delegate`; removed when the run ends.\n"
    "module.exports = JSON.parse(process.env.POLYMIGRATE_KNEX_CONFIG);\n";

std::string setting(const model::Project& project, const std::string& key) {
  auto it = project.config.settings.find(key);
  return it == project.config.settings.end() ? std::string() : it->second;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const auto comma = text.find(',', start);
    out.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// The project's client when it speaks the database's dialect (sqlite3 or better-sqlite3, as the
// project installed it), else Knex's usual one for that dialect.
std::string client_for(const model::Project& project, model::Dialect dialect) {
  const std::string client = setting(project, "client");
  if (!client.empty() && dialect_of_client(client) == dialect) return client;
  return dialect == model::Dialect::postgresql ? "pg" : "sqlite3";
}

// `relative` in node_modules of `root` or of the nearest parent that has it, as Node resolves.
fs::path find_up(const fs::path& root, const fs::path& relative) {
  for (fs::path dir = fs::absolute(root); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "node_modules" / relative)) return dir / "node_modules" / relative;
    if (dir == dir.parent_path()) break;
  }
  return {};
}

fs::path default_knex_cli(const fs::path& root) {
  const fs::path local = find_up(root, ".bin/knex");
  return local.empty() ? adapters::find_in_path("knex") : local;
}

// The knex module the CLI is to load. The CLI looks for it from the knexfile's folder, which here
// is a temporary one, and then takes KNEX_PATH: the project's own knex, else the CLI's package.
fs::path knex_module(const fs::path& root, const std::vector<std::string>& program) {
  if (fs::path local = find_up(root, "knex/knex.js"); !local.empty()) return local;
  for (const auto& word : program) {
    const fs::path named =
        word.find('/') == std::string::npos ? adapters::find_in_path(word) : fs::path(word);
    std::error_code ec;
    const fs::path cli = fs::canonical(named, ec);  // node_modules/.bin/knex -> knex/bin/cli.js
    if (ec || cli.filename() != "cli.js" || cli.parent_path().filename() != "bin") continue;
    if (fs::path module = cli.parent_path().parent_path() / "knex.js"; fs::exists(module))
      return module;
  }
  return {};
}

// A private folder for the knexfile, removed with the tool.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "polymigrate-knex-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A TypeScript project: the Knex CLI registers ts-node only for a knexfile.ts (rechoir), and the
// knexfile handed to it is JavaScript, so the project's own ts-node is preloaded (NODE_OPTIONS) for
// its .ts migrations, as its knexfile.ts would have had it. Empty: not TypeScript, or no ts-node.
fs::path ts_node_register(const model::Project& project) {
  bool typescript = setting(project, "knexfile").ends_with(".ts");
  for (const auto& migration : project.history.migrations())
    typescript = typescript || migration.source.file.ends_with(".ts");
  return typescript ? find_up(project.root, "ts-node/register/index.js") : fs::path();
}

class KnexNativeTool : public adapters::NativeTool {
 public:
  KnexNativeTool(const model::Project& project, std::vector<std::string> program,
                 std::string config)
      : root_(project.root),
        program_(std::move(program)),
        config_(std::move(config)),
        module_(knex_module(root_, program_)),
        ts_node_(ts_node_register(project)) {
    std::ofstream(folder_.path() / "knexfile.js") << kKnexfile;
  }

  std::string command_line(const model::Migration& migration, bool up) const override {
    return std::string("knex ") + (up ? "migrate:up " : "migrate:down ") + migration.key;
  }

  void run(const model::Migration& migration, bool up) override {
    std::map<std::string, std::string> env{{"POLYMIGRATE_KNEX_CONFIG", config_}};
    if (!module_.empty()) env["KNEX_PATH"] = module_.string();
    if (!ts_node_.empty()) env["NODE_OPTIONS"] = "--require \"" + ts_node_.string() + "\"";
    adapters::run_native_command(
        command_line(migration, up), program_,
        {"--knexfile", (folder_.path() / "knexfile.js").string(), "--cwd", root_.string(),
         up ? "migrate:up" : "migrate:down", migration.key},
        root_, env);
  }

 private:
  fs::path root_;
  std::vector<std::string> program_;
  std::string config_;
  fs::path module_;   // empty: the CLI finds none, and says so
  fs::path ts_node_;  // ts-node/register for a TypeScript project
  TempFolder folder_;
};

}  // namespace

std::string delegated_knex_config(const model::Project& project, const db::DatabaseUrl& url) {
  nlohmann::json connection;
  if (url.dialect == model::Dialect::postgresql) {
    connection = url.libpq_uri();  // node-postgres reads the URI (pg-connection-string)
  } else if (url.path == ":memory:") {
    throw adapters::NotAvailable(
        "--delegate needs a database another process can open; an in-memory SQLite database "
        "lives only in polymigrate's");
  } else {
    connection = {{"filename", fs::absolute(url.path).string()}};
  }
  nlohmann::json directories = nlohmann::json::array();
  for (const auto& location : project.config.locations)
    directories.push_back(fs::absolute(location.is_absolute() ? location : project.root / location)
                              .lexically_normal()
                              .string());
  nlohmann::json migrations = {
      {"directory", directories},
      {"tableName",
       project.config.version_table.empty() ? "knex_migrations" : project.config.version_table},
      {"loadExtensions", split_commas(setting(project, "loadExtensions"))},
      {"sortDirsSeparately", setting(project, "sortDirsSeparately") == "true"},
      {"disableTransactions", setting(project, "disableTransactions") == "true"},
      {"disableMigrationsListValidation",
       setting(project, "disableMigrationsListValidation") == "true"}};
  if (!project.config.version_schema.empty())
    migrations["schemaName"] = project.config.version_schema;
  return nlohmann::json{{"client", client_for(project, url.dialect)},
                        {"connection", connection},
                        {"useNullAsDefault", true},
                        {"migrations", migrations}}
      .dump();
}

std::unique_ptr<adapters::NativeTool> knex_native_tool(const model::Project& project,
                                                       const adapters::NativeToolRequest& request) {
  std::vector<std::string> program = request.program;
  if (program.empty()) {
    const fs::path cli = default_knex_cli(project.root);
    if (cli.empty())
      throw adapters::NotAvailable(
          "--delegate runs the Knex CLI, and none was found (node_modules/.bin/knex from the "
          "project's folder up, or knex in PATH); name it with --native-tool, e.g. "
          "--native-tool 'npx knex'");
    program = {cli.string()};
  }
  return std::make_unique<KnexNativeTool>(project, std::move(program),
                                          delegated_knex_config(project, request.url));
}

}  // namespace pm::knex
