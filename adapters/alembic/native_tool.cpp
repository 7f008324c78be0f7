#include "adapters/alembic/native_tool.hpp"

#include <fstream>

#include "adapters/native_process.hpp"

namespace fs = std::filesystem;

namespace pm::alembic {

namespace {

// Alembic's command API with the URL set as `-x`-free projects read it (sqlalchemy.url), the URL
// coming from the environment so that no password lands in an argument or a file. `%` is doubled:
// the option goes through ConfigParser's interpolation.
constexpr const char* kRunner = R"(import os, sys
from alembic import command
from alembic.config import Config
config = Config(sys.argv[1])
config.set_main_option("sqlalchemy.url", os.environ["POLYMIGRATE_SQLALCHEMY_URL"].replace("%", "%%"))
getattr(command, sys.argv[2])(config, sys.argv[3])
)";

// SQLAlchemy's form of polymigrate's database: sqlite:////abs/file.db, postgresql://...
std::string sqlalchemy_url(const db::DatabaseUrl& url) {
  if (url.dialect == model::Dialect::postgresql) return url.libpq_uri();
  if (url.path == ":memory:")
    throw adapters::NotAvailable(
        "--delegate needs a database another process can open; an in-memory SQLite database "
        "lives only in polymigrate's");
  return "sqlite:///" + fs::absolute(url.path).string();
}

// The interpreter named on the first line of the `alembic` script in PATH (#!/usr/bin/python3).
std::string default_python() {
  const fs::path script = adapters::find_in_path("alembic");
  if (!script.empty()) {
    std::ifstream in(script);
    std::string line;
    if (std::getline(in, line) && line.rfind("#!", 0) == 0) {
      std::string interpreter = line.substr(2);
      interpreter.erase(0, interpreter.find_first_not_of(' '));
      if (interpreter.find(' ') == std::string::npos && !interpreter.empty()) return interpreter;
    }
  }
  return "python3";
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

class AlembicNativeTool : public adapters::NativeTool {
 public:
  AlembicNativeTool(fs::path ini, std::vector<std::string> program, std::string url)
      : ini_(std::move(ini)), program_(std::move(program)), url_(std::move(url)) {}

  std::string command_line(const model::Migration& revision, bool up) const override {
    return "alembic -c " + ini_.string() + " " + joined(alembic_command(revision, up));
  }

  void run(const model::Migration& revision, bool up) override {
    std::vector<std::string> args = {"-c", kRunner, ini_.string()};
    const auto command = alembic_command(revision, up);
    args.insert(args.end(), command.begin(), command.end());
    // Run where users run alembic: next to the ini (prepend_sys_path = . and a relative
    // script_location mean that folder).
    adapters::run_native_command(command_line(revision, up), program_, args, ini_.parent_path(),
                                 {{"POLYMIGRATE_SQLALCHEMY_URL", url_}});
  }

 private:
  fs::path ini_;
  std::vector<std::string> program_;
  std::string url_;
};

}  // namespace

std::vector<std::string> alembic_command(const model::Migration& revision, bool up) {
  if (up) return {"upgrade", revision.key};
  if (revision.parents.size() > 1) return {"downgrade", revision.parents.front()};
  return {"downgrade", revision.key + "@-1"};
}

std::unique_ptr<adapters::NativeTool> alembic_native_tool(
    const model::Project& project, const adapters::NativeToolRequest& request) {
  auto ini = project.config.settings.find("config_file");
  if (ini == project.config.settings.end())
    throw adapters::NotAvailable(
        "--delegate runs Alembic with the project's alembic.ini, and this project has none (its "
        "settings are in pyproject.toml only)");
  std::vector<std::string> program = request.program;
  if (program.empty()) program = {default_python()};
  return std::make_unique<AlembicNativeTool>(ini->second, std::move(program),
                                             sqlalchemy_url(request.url));
}

}  // namespace pm::alembic
