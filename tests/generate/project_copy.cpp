#include "generate/project_copy.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "engine/drift.hpp"

namespace pm::test {

namespace fs = std::filesystem;

ProjectCopy::ProjectCopy(const std::string& fixture) : root(dir.path() / "project") {
  if (fixture.empty())
    fs::create_directories(root);
  else
    fs::copy(source_path("fixtures/" + fixture), root, fs::copy_options::recursive);
}

CliResult ProjectCopy::cli(const std::string& command, std::vector<std::string> args) const {
  args.insert(args.begin(), {command, root.string()});
  return run_cli(args, root, {{"DATABASE_URL", ""}, {"NODE_ENV", ""}});
}

std::string ProjectCopy::sqlite(const std::string& name) const {
  return "sqlite:" + (dir.path() / name).string();
}

void ProjectCopy::write(const std::string& relative, const std::string& text) const {
  fs::create_directories((root / relative).parent_path());
  std::ofstream(root / relative, std::ios::binary) << text;
}

std::vector<std::string> ProjectCopy::files(const std::string& relative) const {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root / relative))
    if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), root).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string ProjectCopy::read(const std::string& relative) const {
  std::ifstream in(root / relative, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

schema::SchemaState live_state(const std::string& url, const std::vector<std::string>& skip) {
  auto conn = db::open_connection(db::parse_database_url(url));
  return engine::live_schema(*conn, skip);
}

void execute_all(const std::string& url, const std::vector<std::string>& statements) {
  auto conn = db::open_connection(db::parse_database_url(url));
  for (const auto& statement : statements) conn->exec(statement);
}

}  // namespace pm::test
