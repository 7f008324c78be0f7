// Runs the built polymigrate binary as a user would (Boost.Process), capturing its output.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pm::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `cwd` defaults to the current folder; `env` entries are added to (or replace) the environment,
// and an empty value removes the variable.
CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                  const std::map<std::string, std::string>& env = {});

// A path inside the source tree, e.g. source_path("fixtures/flyway/basic").
std::filesystem::path source_path(const std::string& relative);

}  // namespace pm::test
