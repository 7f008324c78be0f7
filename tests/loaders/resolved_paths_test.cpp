// ResolvedPaths gives what fs::weakly_canonical and fs::relative give, folder by folder.
#include "adapters/resolved_paths.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using pm::adapters::ResolvedPaths;

TEST_CASE("paths resolve as fs::weakly_canonical and fs::relative do", "[loaders]") {
  pm::test::TempDir dir;
  const fs::path a = dir.write("project/versions/a.py", "");
  dir.write("elsewhere/b.py", "");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "project" / "linked");
  fs::create_symlink(dir.path() / "elsewhere" / "b.py", dir.path() / "project/versions/b_link.py");
  const fs::path root = dir.path() / "project";

  ResolvedPaths paths(root);
  const fs::path through_folder_link = root / "linked" / "b.py";
  const fs::path file_link = root / "versions" / "b_link.py";
  const fs::path dotted = root / "versions" / ".." / "versions" / "a.py";
  for (const auto& [file, symlink] : std::vector<std::pair<fs::path, bool>>{
           {a, false}, {through_folder_link, false}, {file_link, true}, {dotted, false}}) {
    INFO(file.string());
    CHECK(paths.canonical(file, symlink) == fs::weakly_canonical(file));
    CHECK(paths.relative(file, symlink) == fs::relative(file, root).generic_string());
  }
  CHECK(paths.relative(a, false) == "versions/a.py");
  CHECK(paths.relative(file_link, true) == "../elsewhere/b.py");  // a link names its target
}
