// Which files count and their order, as Knex's FsMigrations.
#include "adapters/knex/migration_source.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "support/temp_dir.hpp"

using namespace pm;
using namespace pm::knex;
namespace fs = std::filesystem;

namespace {

void touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "\n";
}

std::vector<std::string> names(const std::vector<MigrationFileEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.directory + "/" + e.file);
  return out;
}

}  // namespace

TEST_CASE("JavaScript string order: UTF-16 code units, case-sensitive", "[knex]") {
  CHECK(js_string_less("10_a.js", "9_a.js"));
  CHECK(js_string_less("B.js", "a.js"));
  CHECK(js_string_less("a.js", "a_b.js"));
  // U+10000 is a surrogate pair (0xD800...) and sorts before U+FFFD; UTF-8 bytes say otherwise.
  CHECK(js_string_less("\xF0\x90\x80\x80", "\xEF\xBF\xBD"));
  CHECK_FALSE(std::string("\xF0\x90\x80\x80") < std::string("\xEF\xBF\xBD"));
}

TEST_CASE("path.extname as Node computes it", "[knex]") {
  CHECK(js_extname("a.js") == ".js");
  CHECK(js_extname("a.test.ts") == ".ts");
  CHECK(js_extname(".eslintrc") == "");
  CHECK(js_extname("README") == "");
}

TEST_CASE("files of every folder sorted together by name, filtered by loadExtensions", "[knex]") {
  test::TempDir dir;
  touch(dir.path() / "a/2_b.js");
  touch(dir.path() / "a/10_a.js");
  touch(dir.path() / "a/README.md");
  touch(dir.path() / "a/3_esm.mjs");  // not in the default loadExtensions
  touch(dir.path() / "b/1_c.ts");
  touch(dir.path() / "b/4_d.cjs");
  touch(dir.path() / "b/nested/0_deep.js");  // readdir is not recursive
  model::Diagnostics d;
  auto all = list_migration_files(dir.path(), {"a", "b"}, false, {".js", ".cjs", ".ts"}, d);
  CHECK(d.empty());
  // "10_a" < "1_c": '0' (0x30) sorts before '_' (0x5F).
  CHECK(names(all) == std::vector<std::string>{"a/10_a.js", "b/1_c.ts", "a/2_b.js", "b/4_d.cjs"});

  auto separate = list_migration_files(dir.path(), {"a", "b"}, true, {".js", ".cjs", ".ts"}, d);
  CHECK(names(separate) ==
        std::vector<std::string>{"a/10_a.js", "a/2_b.js", "b/1_c.ts", "b/4_d.cjs"});

  auto with_mjs = list_migration_files(dir.path(), {"a"}, false, {".mjs"}, d);
  CHECK(names(with_mjs) == std::vector<std::string>{"a/3_esm.mjs"});
}

TEST_CASE("a missing migrations folder is an error, as Knex's readdir", "[knex]") {
  test::TempDir dir;
  model::Diagnostics d;
  auto none = list_migration_files(dir.path(), {"./migrations"}, false, {".js"}, d);
  CHECK(none.empty());
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "PM146");
  CHECK(d[0].message.rfind("ENOENT: no such file or directory, scandir '", 0) == 0);
}
