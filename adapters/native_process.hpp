// Runs a native tool (the real alembic, the real knex) as a child process with Boost.Process:
// arguments, working folder and extra environment, capturing what it prints.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pm::adapters {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `env` entries are added to (or replace) this process's environment; an empty value removes
// the variable. `program` is a path or a name looked up in PATH. Throws std::runtime_error when
// the program cannot be started.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd = {},
                          const std::map<std::string, std::string>& env = {});

// Runs a native tool's command: `program` is the executable and its leading arguments ("npx",
// "knex"), `args` follow. Throws std::runtime_error naming `what` ("knex migrate:up x.js"), with
// the tool's own output, when it exits non-zero.
void run_native_command(const std::string& what, const std::vector<std::string>& program,
                        const std::vector<std::string>& args, const std::filesystem::path& cwd,
                        const std::map<std::string, std::string>& env);

// The first executable named `name` in PATH; empty when there is none.
std::filesystem::path find_in_path(const std::string& name);

}  // namespace pm::adapters
