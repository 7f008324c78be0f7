// Runs the built polymigrate binary as a user would, capturing its output (see run_process).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/run_process.hpp"

namespace pm::test {

using CliResult = ProcessResult;

// `cwd` defaults to the current folder; `env` entries are added to (or replace) the environment,
// and an empty value removes the variable.
CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                  const std::map<std::string, std::string>& env = {});

// A path inside the source tree, e.g. source_path("fixtures/flyway/basic").
std::filesystem::path source_path(const std::string& relative);

}  // namespace pm::test
