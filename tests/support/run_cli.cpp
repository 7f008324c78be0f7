#include "support/run_cli.hpp"

#include <boost/process.hpp>
#include <sstream>

namespace pm::test {

namespace bp = boost::process;

CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::map<std::string, std::string>& env) {
  bp::ipstream out, err;
  auto environment = boost::this_process::environment();
  bp::environment child_env = environment;
  for (const auto& [key, value] : env) {
    if (value.empty())
      child_env.erase(key);
    else
      child_env[key] = value;
  }
  const std::string dir = cwd.empty() ? std::filesystem::current_path().string() : cwd.string();
  bp::child child(POLYMIGRATE_BINARY, bp::args(args), bp::std_out > out, bp::std_err > err, bp::start_dir(dir),
                  child_env);
  std::stringstream out_text, err_text;
  // Read both pipes fully before waiting; the outputs here are small enough that reading stdout
  // first cannot deadlock on a full stderr pipe.
  out_text << out.rdbuf();
  err_text << err.rdbuf();
  child.wait();
  return {child.exit_code(), out_text.str(), err_text.str()};
}

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(POLYMIGRATE_SOURCE_DIR) / relative;
}

}  // namespace pm::test
