#include "support/knex_npm.hpp"

#include <catch2/catch.hpp>

namespace pm::test {

std::filesystem::path knex_npm_dir() {
  const std::filesystem::path dir = POLYMIGRATE_NPM_TOOLS_DIR;
  INFO("the real Knex comes from ctest's npm_tools fixture (tests/npm/install.sh): " << dir);
  REQUIRE(std::filesystem::exists(dir / "node_modules/knex/bin/cli.js"));
  return dir;
}

}  // namespace pm::test
