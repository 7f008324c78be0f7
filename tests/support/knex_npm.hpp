// The shared npm tools folder ctest's npm_tools fixture fills (tests/npm/install.sh), for the tests
// that run the real Knex. Fails the test (never skips it) when the install is not there.
#pragma once

#include <filesystem>

namespace pm::test {

std::filesystem::path knex_npm_dir();

}  // namespace pm::test
