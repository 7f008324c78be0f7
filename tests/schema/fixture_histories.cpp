// Loads fixtures/schema/<name>/[dialect/]NNN_name.sql into histories, in file-name order.
#include "schema/fixture_histories.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pm::test {

namespace {

std::filesystem::path fixtures_root() {
  return std::filesystem::path(POLYMIGRATE_SOURCE_DIR) / "fixtures" / "schema";
}

std::vector<FixtureFile> sql_files(const std::filesystem::path& folder) {
  std::vector<FixtureFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({entry.path().filename().string(), text.str()});
  }
  std::sort(files.begin(), files.end(),
            [](const FixtureFile& a, const FixtureFile& b) { return a.name < b.name; });
  return files;
}

}  // namespace

std::vector<FixtureHistory> schema_fixture_histories(model::Dialect dialect) {
  std::vector<std::filesystem::path> folders;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures_root())) {
    if (entry.is_directory()) folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  std::vector<FixtureHistory> out;
  for (const auto& folder : folders) {
    const auto own = folder / model::to_string(dialect);
    std::vector<FixtureFile> files;
    if (std::filesystem::is_directory(own)) {
      files = sql_files(own);
    } else {
      files = sql_files(folder);  // empty when the folder only has other dialects' subfolders
    }
    if (files.empty()) continue;
    std::vector<model::Migration> migrations;
    for (const auto& file : files) {
      model::Migration migration;
      migration.key = file.name;
      migration.description = file.name;
      if (!migrations.empty()) migration.parents = {migrations.back().key};
      migration.up = {model::SqlStep{file.sql, 1, false, false}};
      migration.source.file = file.name;
      migrations.push_back(std::move(migration));
    }
    out.push_back(FixtureHistory{folder.filename().string(), dialect, std::move(files),
                                 model::History(std::move(migrations))});
  }
  return out;
}

}  // namespace pm::test
