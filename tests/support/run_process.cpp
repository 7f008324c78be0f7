#include "support/run_process.hpp"

#include <boost/process.hpp>
#include <future>
#include <sstream>

namespace pm::test {

namespace bp = boost::process;

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd,
                          const std::map<std::string, std::string>& env) {
  bp::environment child_env = boost::this_process::environment();
  for (const auto& [key, value] : env) {
    if (value.empty())
      child_env.erase(key);
    else
      child_env[key] = value;
  }
  const std::string dir = cwd.empty() ? std::filesystem::current_path().string() : cwd.string();
  // Both pipes are drained concurrently: a tool that logs a lot on stderr must not block.
  std::future<std::string> out, err;
  boost::asio::io_context io;
  bp::child child(program, bp::args(args), bp::std_in.close(), bp::std_out > out, bp::std_err > err,
                  bp::start_dir(dir), child_env, io);
  io.run();
  child.wait();
  return {child.exit_code(), out.get(), err.get()};
}

}  // namespace pm::test
