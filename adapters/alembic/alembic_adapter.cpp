#include "adapters/alembic/alembic_adapter.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "adapters/alembic/native_tool.hpp"
#include "adapters/alembic/new_revision.hpp"
#include "adapters/alembic/project_config.hpp"
#include "adapters/alembic/project_writer.hpp"
#include "adapters/alembic/revision_file.hpp"
#include "adapters/alembic/revision_graph.hpp"
#include "adapters/alembic/targets.hpp"
#include "adapters/alembic/version_table.hpp"
#include "adapters/file_bytes.hpp"
#include "adapters/parallel_files.hpp"
#include "adapters/project_files.hpp"
#include "adapters/resolved_paths.hpp"

namespace fs = std::filesystem;

namespace pm::alembic {

namespace {

bool detect_alembic(const fs::path& root) {
  std::error_code ec;
  if (fs::exists(root / "alembic.ini", ec)) return true;
  std::ifstream pyproject(root / "pyproject.toml");
  std::stringstream text;
  text << pyproject.rdbuf();
  return text.str().find("[tool.alembic]") != std::string::npos;
}

// One entry of a versions folder; `symlink` comes from the listing, so resolving the file's real
// path needs no syscall unless it is one.
struct ListedFile {
  fs::path path;
  bool symlink = false;
};

// Script._list_py_dir: each folder's files sorted by name; subfolders (sorted, top-down) only
// with recursive_version_locations; __pycache__ skipped.
void list_py_dir(const fs::path& dir, bool recursive, std::vector<ListedFile>& out) {
  std::vector<ListedFile> files;
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) {
      dirs.push_back(it->path());
    } else {
      std::error_code link_ec;  // `ec` ends the listing, as before; this one only asks
      files.push_back({it->path(), it->is_symlink(link_ec)});
    }
  }
  // By the name's text; a folder's files share their parent, so that is the path's order too.
  std::sort(files.begin(), files.end(), [](const ListedFile& a, const ListedFile& b) {
    return a.path.native() < b.path.native();
  });
  out.insert(out.end(), std::make_move_iterator(files.begin()),
             std::make_move_iterator(files.end()));
  if (!recursive) return;
  std::sort(dirs.begin(), dirs.end());
  for (const auto& sub : dirs)
    if (sub.filename().string().size() < 11 ||
        sub.filename().string().compare(sub.filename().string().size() - 11, 11, "__pycache__") !=
            0)
      list_py_dir(sub, recursive, out);
}

// A revision file to read, and what reading it gave: each is filled by its own task.
struct RevisionSlot {
  fs::path path;
  std::string file_name;
  std::string relative;       // to the project root, as reports name it
  bool has_revision = false;  // the migration was written into its place in the vector
  model::Diagnostics diagnostics;
};

// Reads one revision file into its slot, translating its bodies when `translate` (runs on a
// loader thread).
void read_revision_slot(RevisionSlot& slot, model::Migration& migration, bool translate) {
  // An unreadable file reads as empty, which says that it declares no revision.
  const std::string source = adapters::read_file_bytes(slot.path).value_or(std::string());
  RevisionFile file = read_revision_file(source, slot.relative, slot.file_name, translate);
  slot.diagnostics = std::move(file.diagnostics);
  if (!file.revision) return;
  const int line = file.revision_line;
  model::Migration& m = migration;
  m = to_migration(std::move(file), slot.relative);
  m.source.line_begin = line;
  int calls = std::stoi(m.extras["op_calls"]);
  int opaque = std::stoi(m.extras["opaque_steps"]);
  if (opaque > 0)
    slot.diagnostics.push_back({model::Severity::info, codes::opaque,
                                std::to_string(std::stoi(m.extras["translated_calls"])) + " of " +
                                    std::to_string(calls) + " op calls translated; " +
                                    std::to_string(opaque) +
                                    " step(s) kept as Python (they run only with --delegate)",
                                slot.relative, line});
  slot.has_revision = true;
}

std::shared_ptr<const RevisionGraph> graph_of(const model::History& history) {
  return std::make_shared<const RevisionGraph>(history.migrations());
}

class AlembicAdapter : public adapters::Adapter {
 public:
  std::string_view name() const override { return "alembic"; }
  bool detect(const fs::path& root) const override { return detect_alembic(root); }

  model::Project load(const fs::path& root, const adapters::LoadOptions& options) const override {
    model::Project project;
    project.framework = "alembic";
    project.root = root;
    AlembicSettings settings = read_alembic_settings(root, options.config, project.diagnostics);
    project.config = to_project_config(settings, root);

    // ScriptDirectory._load_revisions: version locations in order, each real file once.
    std::vector<RevisionSlot> slots;
    std::unordered_set<std::string> seen;
    adapters::ResolvedPaths paths(root);
    for (const auto& location : settings.version_locations) {
      std::error_code ec;
      if (!fs::is_directory(location, ec)) continue;  // Alembic skips locations that do not exist
      std::vector<ListedFile> files;
      list_py_dir(location, settings.recursive_version_locations, files);
      for (const auto& listed : files) {
        if (!seen.insert(paths.canonical(listed.path, listed.symlink).native()).second) continue;
        std::string file_name = listed.path.filename().string();
        if (!is_revision_file_name(file_name)) continue;
        RevisionSlot& slot = slots.emplace_back();
        slot.path = listed.path;
        slot.file_name = std::move(file_name);
        slot.relative = paths.relative(listed.path, listed.symlink);
      }
    }
    // Each migration is written into its place; the files without a revision are closed up.
    std::vector<model::Migration> loaded(slots.size());
    adapters::for_each_file_task(slots.size(), [&](std::size_t i) {
      read_revision_slot(slots[i], loaded[i], options.steps);
    });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      auto& slot = slots[i];
      project.diagnostics.insert(project.diagnostics.end(),
                                 std::make_move_iterator(slot.diagnostics.begin()),
                                 std::make_move_iterator(slot.diagnostics.end()));
      if (!slot.has_revision) continue;
      if (kept != i) loaded[kept] = std::move(loaded[i]);
      ++kept;
    }
    loaded.erase(loaded.begin() + static_cast<std::ptrdiff_t>(kept), loaded.end());
    slots.clear();

    // Dependencies name revisions or branch labels; the model keeps revision ids, the file's
    // spelling stays in extras.
    RevisionGraph graph(loaded, &project.diagnostics);
    for (auto& m : loaded) {
      if (m.depends_on.empty()) continue;
      std::string written;
      for (const auto& d : m.depends_on) written += (written.empty() ? "" : ",") + d;
      m.extras["depends_on"] = written;
      m.depends_on = graph.resolved_dependencies(m.key);
    }

    // History lists migrations in apply order: the reverse of the walk `alembic history` prints.
    // Revisions the walk cannot reach (a cycle) follow in load order, so History reports them.
    auto walk = graph.history_order();
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < walk.size(); ++i) position[walk[i]] = walk.size() - 1 - i;
    std::stable_sort(loaded.begin(), loaded.end(),
                     [&](const model::Migration& a, const model::Migration& b) {
                       auto pa = position.find(a.key), pb = position.find(b.key);
                       std::size_t ia = pa == position.end() ? walk.size() : pa->second;
                       std::size_t ib = pb == position.end() ? walk.size() : pb->second;
                       return ia < ib;
                     });
    project.history = model::History(std::move(loaded));
    return project;
  }

  std::unique_ptr<adapters::VersionTable> version_table(const model::Project& project,
                                                        model::Dialect dialect) const override {
    (void)dialect;
    VersionTableSettings settings;
    if (!project.config.version_table.empty()) settings.table = project.config.version_table;
    settings.schema = project.config.version_schema;
    auto pk = project.config.settings.find("version_table_pk");
    settings.primary_key = pk == project.config.settings.end() || pk->second != "false";
    return std::make_unique<AlembicVersionTable>(settings, graph_of(project.history));
  }

  // migration.py: PostgreSQL has transactional DDL, and env.py's begin_transaction() wraps the
  // whole run unless transaction_per_migration=True; SQLite commits per migration.
  adapters::RunPolicy run_policy(const model::Project& project,
                                 model::Dialect dialect) const override {
    adapters::RunPolicy policy;
    policy.refuse_missing = true;  // "Can't locate revision identified by ..."
    auto per = project.config.settings.find("transaction_per_migration");
    const bool per_migration = per != project.config.settings.end() && per->second == "true";
    policy.scope = dialect == model::Dialect::postgresql && !per_migration
                       ? adapters::TransactionScope::whole_run
                       : adapters::TransactionScope::per_migration;
    return policy;
  }

  // The table holds heads only: a head, its ancestors and their dependencies are applied.
  std::unordered_set<std::string> applied_keys(
      const model::History& history, const std::vector<model::Applied>& rows) const override {
    std::vector<std::string> heads;
    for (const auto& row : rows)
      if (history.find(row.key)) heads.push_back(row.key);
    auto ancestors = graph_of(history)->ancestors(heads);
    return {ancestors.begin(), ancestors.end()};
  }

  bool checksum_matches(const model::Checksum&, const model::Migration&) const override {
    return true;  // Alembic keeps no checksums
  }

  std::unique_ptr<adapters::NativeTool> native_tool(
      const model::Project& project, const adapters::NativeToolRequest& request) const override {
    return alembic_native_tool(project, request);
  }

  std::vector<adapters::WrittenFile> new_migration_files(
      const model::Project& project, model::Dialect dialect,
      const adapters::NewMigration& migration) const override {
    return alembic_new_revision_files(project, dialect, migration);
  }

  std::vector<adapters::WrittenFile> write(const model::Project& project, model::Dialect dialect,
                                           const fs::path& out) const override {
    auto files = alembic_project_files(project, dialect);  // everything rendered before writing
    adapters::write_project_files(out, files);
    return files;
  }

  std::string resolve_target(const model::History& history,
                             const std::unordered_set<std::string>& applied,
                             const std::string& target, bool up) const override {
    return resolve_alembic_target(*graph_of(history), applied, target, up);
  }
};

}  // namespace

const adapters::Adapter& alembic_adapter() {
  static const AlembicAdapter adapter;
  return adapter;
}

}  // namespace pm::alembic
