#include "adapters/prisma/new_migration.hpp"

#include <stdexcept>

#include "adapters/prisma/project_writer.hpp"
#include "adapters/project_files.hpp"
#include "adapters/sql_writing.hpp"
#include "schema/replay.hpp"

namespace pm::prisma {

std::vector<adapters::WrittenFile> prisma_new_migration_files(
    const model::Project& project, model::Dialect dialect,
    const adapters::NewMigration& migration) {
  if (migration.merge)
    throw std::invalid_argument("Prisma migrations are one line of folders: there is no merge");
  if (project.config.locations.empty())
    throw std::invalid_argument("the Prisma project has no migrations folder");
  const std::filesystem::path& location = project.config.locations.front();
  const auto folder = adapters::folder_in_project(project, std::filesystem::absolute(location));

  std::vector<std::string> existing;
  for (const auto& m : project.history.migrations()) existing.push_back(m.key);
  const std::string slug = slugify(migration.name);
  // createMigration.ts: `${timestamp}_${name}`; an empty name leaves the timestamp alone.
  const std::string name =
      adapters::next_timestamp(migration.created, existing) + (slug.empty() ? "" : "_" + slug);

  model::Migration written;
  written.key = name;
  written.up = migration.up;
  written.source.file = (folder / name / "migration.sql").string();
  std::string sql = prisma_migration_script(
      written,
      migration.before ? *migration.before : schema::replay_history(project.history, dialect).state,
      dialect);
  // No down part: Prisma has none (`down` generates the rollback when it runs).
  std::string notes;
  for (const auto& note : migration.notes) notes += adapters::sql_comment("polymigrate: " + note);
  return {{folder / name / "migration.sql", notes + sql}};
}

}  // namespace pm::prisma
