// `polymigrate scan [PATH]`: every migration project under PATH, its framework, size and problems.
// A folder that holds a project is not searched further: its subfolders are its own.
#include <filesystem>
#include <set>

#include "cli/command_context.hpp"
#include "report/findings_formats.hpp"
#include "report/json_report.hpp"
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
  std::vector<std::string> heads;
  model::Diagnostics findings;  // files relative to the scanned root, so CI can point at them
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
    Found item{fs::relative(folder, root), std::string(adapter->name()), 0, 0, 0, {}, {}, {}};
    if (item.path.empty()) item.path = ".";
    try {
      auto project = adapter->load(folder, adapters::LoadOptions::from_process_environment());
      item.migrations = project.history.size();
      item.heads = project.history.heads();
      for (auto d : project.all_diagnostics()) {
        item.errors += d.severity == model::Severity::error;
        item.warnings += d.severity == model::Severity::warning;
        d.file = d.file.empty() ? item.path.generic_string()
                                : (item.path / d.file).lexically_normal().generic_string();
        item.findings.push_back(std::move(d));
      }
    } catch (const std::exception& e) {
      item.note = e.what();
      item.findings.push_back({model::Severity::error, "PM100",
                               "the " + item.framework + " project cannot be read: " + item.note,
                               item.path.generic_string(), 0});
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

void write_json(const fs::path& root, const std::vector<Found>& found) {
  report::JsonWriter json(std::cout);
  json.begin_object().field("root", root.string()).key("projects").begin_array();
  for (const auto& f : found) {
    json.begin_object()
        .field("path", f.path.string())
        .field("framework", f.framework)
        .field("migrations", f.migrations)
        .field("heads", f.heads)
        .field("errors", f.errors)
        .field("warnings", f.warnings);
    if (f.note.empty())
      json.null_field("note");
    else
      json.field("note", f.note);
    json.key("diagnostics");
    report::write_diagnostics(json, f.findings);
    json.end_object();
  }
  json.end_array().end_object();
  std::cout << "\n";
}

int run_scan(const std::string& path, const std::string& format, const std::string& fail_on) {
  const fs::path root = fs::absolute(path).lexically_normal();
  if (!fs::is_directory(root)) throw engine::InputError("'" + path + "' is not a folder");
  std::vector<Found> found;
  scan_folder(root, root, found);
  model::Diagnostics all;
  for (const auto& f : found) all.insert(all.end(), f.findings.begin(), f.findings.end());

  if (format == "json") {
    write_json(root, found);
  } else if (format == "junit") {
    // One suite per project, one case: its structural check.
    std::vector<report::JunitSuite> suites;
    for (const auto& f : found)
      suites.push_back({f.path.generic_string() + " (" + f.framework + ")",
                        f.path.generic_string(),
                        {{"structure", f.findings}}});
    std::cout << report::to_junit(suites, "polymigrate scan " + root.string());
  } else if (format == "github") {
    std::cout << report::to_github_annotations(all);
  } else if (format == "sarif") {
    std::cout << report::to_sarif(all, POLYMIGRATE_VERSION);
  } else if (found.empty()) {
    std::cout << "no migration project under " << root.string() << "\n";
  } else {
    report::TextTable table(
        {"Path", "Framework", "Migrations", "Heads", "Errors", "Warnings", "Note"});
    for (const auto& f : found) {
      std::string heads;
      for (const auto& head : f.heads) heads += (heads.empty() ? "" : ", ") + head;
      table.add_row({f.path.string(), f.framework, std::to_string(f.migrations), heads,
                     std::to_string(f.errors), std::to_string(f.warnings), f.note});
    }
    table.print(std::cout);
    print_diagnostics(std::cout, all);
  }
  return fails(all, fail_on) ? kFindings : kOk;
}

}  // namespace

void add_scan_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("scan", "Find every migration project under PATH");
  auto path = std::make_shared<std::string>(".");
  auto json = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("text");
  auto fail_on = std::make_shared<std::string>("error");
  command->add_option("PATH", *path, "Folder to search (default: the current folder)");
  command->add_flag("--json", *json, "Print JSON (as --format json)");
  add_report_options(*command, *format, *fail_on);
  command->callback(
      [=, &exit_code] { exit_code = run_scan(*path, *json ? "json" : *format, *fail_on); });
}

}  // namespace pm::cli
