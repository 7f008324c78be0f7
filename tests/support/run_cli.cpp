#include "support/run_cli.hpp"

namespace pm::test {

CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::map<std::string, std::string>& env) {
  return run_process(POLYMIGRATE_BINARY, args, cwd, env);
}

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(POLYMIGRATE_SOURCE_DIR) / relative;
}

}  // namespace pm::test
