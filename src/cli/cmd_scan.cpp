// `polymigrate scan [PATH]`: every migration project under PATH, its framework, size and problems.
// A folder that holds a project is not searched further: its subfolders are its own.
#include <filesystem>
#include <set>

#include "cli/command_context.hpp"
#include "report/json_writer.hpp"
#include "report/text_table.hpp"

namespace pm::cli {

namespace {

namespace fs = std::filesystem;

struct Found {
  fs::path path;
  std::string framework;
  std::size_t migrations = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::string note;  // why it could not be read
};

bool skipped_folder(const fs::path& path) {
  static const std::set<std::string> names = {"node_modules", ".git",  ".hg",  ".svn",
                                              "__pycache__",  ".venv", "venv", "target",
                                              "dist",         ".cache"};
  const auto name = path.filename().string();
  return names.count(name) || name.rfind("build", 0) == 0;
}

void scan_folder(const fs::path& folder, const fs::path& root, std::vector<Found>& found) {
  auto adapters_here = adapters::detect_adapters(folder);
  for (const auto* adapter : adapters_here) {
    Found item{fs::relative(folder, root), std::string(adapter->name()), 0, 0, 0, {}};
    if (item.path.empty()) item.path = ".";
    try {
      auto project = adapter->load(folder, adapters::LoadOptions::from_process_environment());
      item.migrations = project.history.size();
      for (const auto& d : project.all_diagnostics()) {
        item.errors += d.severity == model::Severity::error;
        item.warnings += d.severity == model::Severity::warning;
      }
    } catch (const std::exception& e) {
      item.note = e.what();
    }
    found.push_back(std::move(item));
  }
  if (!adapters_here.empty()) return;
  std::error_code ec;
  std::vector<fs::path> children;
  for (const auto& entry :
       fs::directory_iterator(folder, fs::directory_options::skip_permission_denied, ec))
    if (entry.is_directory(ec) && !entry.is_symlink(ec) && !skipped_folder(entry.path()))
      children.push_back(entry.path());
  std::sort(children.begin(), children.end());
  for (const auto& child : children) scan_folder(child, root, found);
}

int run_scan(const std::string& path, bool json) {
  const fs::path root = fs::absolute(path).lexically_normal();
  if (!fs::is_directory(root)) throw engine::InputError("'" + path + "' is not a folder");
  std::vector<Found> found;
  scan_folder(root, root, found);

  if (json) {
    report::JsonWriter json(std::cout);
    json.begin_object().field("root", root.string()).key("projects").begin_array();
    for (const auto& f : found) {
      json.begin_object()
          .field("path", f.path.string())
          .field("framework", f.framework)
          .field("migrations", f.migrations)
          .field("errors", f.errors)
          .field("warnings", f.warnings);
      if (f.note.empty())
        json.null_field("note");
      else
        json.field("note", f.note);
      json.end_object();
    }
    json.end_array().end_object();
  } else if (found.empty()) {
    std::cout << "no migration project under " << root.string() << "\n";
  } else {
    report::TextTable table({"Path", "Framework", "Migrations", "Errors", "Warnings", "Note"});
    for (const auto& f : found)
      table.add_row({f.path.string(), f.framework, std::to_string(f.migrations),
                     std::to_string(f.errors), std::to_string(f.warnings), f.note});
    table.print(std::cout);
  }
  for (const auto& f : found)
    if (f.errors || !f.note.empty()) return kFindings;
  return kOk;
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("scan", "Find every migration project under PATH");
  auto path = std::make_shared<std::string>(".");
  auto json = std::make_shared<bool>(false);
  command->add_option("PATH", *path, "Folder to search (default: the current folder)");
  command->add_flag("--json", *json, "Print JSON");
  command->callback([=, &exit_code] { exit_code = run_scan(*path, *json); });
}

}  // namespace pm::cli
