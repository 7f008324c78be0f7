#include "engine/new_migration.hpp"

#include <stdexcept>

#include "adapters/project_files.hpp"
#include "schema/rollback.hpp"

namespace pm::engine {

namespace {

namespace fs = std::filesystem;

// The configured migrations folders relative to the root. An adapter keeps a location relative
// to the root or to the working directory (the root's path included): both readings are taken,
// since only a folder the file lies in matters.
std::vector<fs::path> migration_folders(const model::Project& project) {
  const fs::path root = fs::absolute(project.root).lexically_normal();
  std::vector<fs::path> out;
  for (const auto& location : project.config.locations) {
    for (const fs::path& absolute :
         {fs::absolute(location), fs::absolute(project.root / location)}) {
      const fs::path relative = absolute.lexically_normal().lexically_relative(root);
      if (!relative.empty() && *relative.begin() != "..") out.push_back(relative);
    }
  }
  return out;
}

bool inside(const fs::path& file, const fs::path& folder) {
  if (folder == "." || folder.empty()) return true;
  auto f = file.begin();
  for (auto part = folder.begin(); part != folder.end(); ++part, ++f) {
    if (part->empty()) continue;  // a trailing separator
    if (f == file.end() || *f != *part) return false;
  }
  return true;
}

}  // namespace

std::vector<fs::path> add_migration(const LoadedProject& loaded, model::Dialect dialect,
                                    const adapters::NewMigration& migration) {
  std::vector<adapters::WrittenFile> files;
  try {
    files = loaded.adapter->new_migration_files(loaded.project, dialect, migration);
  } catch (const adapters::NotAvailable&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
  const auto folders = migration_folders(loaded.project);
  for (const auto& file : files) {
    const fs::path path = file.path.lexically_normal();
    bool ok = false;
    for (const auto& folder : folders) ok = ok || inside(path, folder);
    if (!ok || path.is_absolute() || (!path.empty() && *path.begin() == ".."))
      throw InputError("refusing to write " + file.path.string() +
                       ": it is not inside the project's migrations folder");
  }
  try {
    adapters::write_project_files(loaded.project.root, files);
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
  std::vector<fs::path> out;
  for (const auto& file : files) out.push_back(file.path);
  return out;
}

void use_sql(adapters::NewMigration& migration, const LoadedProject& loaded, model::Dialect dialect,
             const std::string& sql, const std::string& file) {
  migration.up = {model::SqlStep{sql, 1, false, false}};
  migration.down.reset();

  // The rollback of the new migration placed after every head of the history.
  std::vector<model::Migration> migrations = loaded.project.history.migrations();
  model::Migration added;
  added.key = "polymigrate-new-migration";
  added.description = migration.name;
  added.parents = loaded.project.history.heads();
  added.up = migration.up;
  added.source = {file, 1, 1};
  migrations.push_back(added);
  const model::History history(std::move(migrations));
  const schema::Rollback rollback =
      schema::RollbackGenerator(history, dialect).rollback(*history.find(added.key));
  if (!rollback.ok()) {
    migration.down_note = "polymigrate could not generate the down from " + file + " (" +
                          rollback.blockers.front().message + "): write it here.";
    return;
  }
  model::Script down;
  for (const auto& step : rollback.steps) down.push_back(model::OpStep{step.op, "", 0});
  migration.down = std::move(down);
  for (const auto& warning : rollback.warnings)
    migration.notes.push_back("the generated down: " + warning.message);
}

}  // namespace pm::engine
