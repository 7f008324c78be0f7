// read_file_bytes: a file's exact bytes, whatever its size; nothing for what cannot be read.
#include "adapters/file_bytes.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

using pm::adapters::read_file_bytes;

TEST_CASE("a file's bytes come back exactly", "[loaders]") {
  pm::test::TempDir dir;
  const std::string small = std::string("\xEF\xBB\xBFSELECT 1;\r\n") + std::string(1, '\0');
  std::string large;
  for (int i = 0; i < 50000; ++i) large += "line " + std::to_string(i) + "\n";
  CHECK(read_file_bytes(dir.write("small.sql", small)) == small);
  CHECK(read_file_bytes(dir.write("large.sql", large)) == large);
  CHECK(read_file_bytes(dir.write("empty.sql", "")) == std::string());
}

TEST_CASE("a missing file or a folder reads as nothing", "[loaders]") {
  pm::test::TempDir dir;
  CHECK_FALSE(read_file_bytes(dir.path() / "missing.sql"));
  CHECK_FALSE(read_file_bytes(dir.path()));
}
