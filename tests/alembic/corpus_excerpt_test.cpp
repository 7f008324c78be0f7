// Order checked against real projects' histories: the revision structure (ids, down_revision)
// of an excerpt of getredash/redash migrations/versions, written here by hand, and the order
// the real `alembic history` printed for that folder (newest first).
#include <catch2/catch.hpp>
#include <fstream>

#include "adapters/alembic/alembic_adapter.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

void revision(const fs::path& versions, const std::string& id, const std::string& down) {
  std::ofstream(versions / (id + "_.py"))
      << "revision = '" << id << "'\ndown_revision = " << down
      << "\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n";
}

}  // namespace

TEST_CASE("redash excerpt: a branch point and a merge walk as alembic history walks them",
          "[alembic]") {
  pm::test::TempDir dir;
  fs::create_directories(dir.path() / "alembic" / "versions");
  std::ofstream(dir.path() / "alembic.ini") << "[alembic]\nscript_location = %(here)s/alembic\n";
  const auto versions = dir.path() / "alembic" / "versions";
  revision(versions, "98af61feea92", "None");
  revision(versions, "e5c7a4e2df4d", "'98af61feea92'");
  revision(versions, "0ec979123ba4", "'e5c7a4e2df4d'");
  revision(versions, "d7d747033183", "'e5c7a4e2df4d'");
  revision(versions, "89bc7873a3e0", "('0ec979123ba4', 'd7d747033183')");
  revision(versions, "fd4fc850d7ea", "'89bc7873a3e0'");

  auto project = pm::alembic::alembic_adapter().load(dir.path(), {});
  REQUIRE(project.all_diagnostics().empty());
  std::vector<std::string> newest_first;
  for (auto it = project.history.order().rbegin(); it != project.history.order().rend(); ++it)
    newest_first.push_back(project.history.migrations()[*it].key);
  CHECK(newest_first == std::vector<std::string>{"fd4fc850d7ea", "89bc7873a3e0", "0ec979123ba4",
                                                 "d7d747033183", "e5c7a4e2df4d", "98af61feea92"});
}
