// Runs any program (Boost.Process) with arguments, a working folder and extra environment, and
// captures what it prints: the native tools (the real alembic) in interop tests.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pm::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `env` entries are added to (or replace) the environment; an empty value removes the variable.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd = {},
                          const std::map<std::string, std::string>& env = {});

}  // namespace pm::test
