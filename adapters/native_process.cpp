#include "adapters/native_process.hpp"

#include <unistd.h>

#include <boost/process.hpp>
#include <cstdlib>
#include <future>
#include <string_view>

namespace pm::adapters {

namespace bp = boost::process;

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::filesystem::path& cwd,
                          const std::map<std::string, std::string>& env) {
  // The child's environment is this process's with `env` applied, handed over by `env -i`:
  // Boost 1.74's environment::find compares key + "=" against each entry without checking the
  // entry's length, so it reads past the end of a shorter entry (AddressSanitizer reports it).
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos)
      merged[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
  }
  for (const auto& [key, value] : env) {
    if (value.empty())
      merged.erase(key);
    else
      merged[key] = value;
  }
  std::vector<std::string> env_args{"-i"};
  for (const auto& [key, value] : merged) env_args.push_back(key + "=" + value);
  env_args.push_back(program);
  env_args.insert(env_args.end(), args.begin(), args.end());
  const std::string dir = cwd.empty() ? std::filesystem::current_path().string() : cwd.string();
  // Both pipes are drained concurrently: a tool that logs a lot on stderr must not block.
  std::future<std::string> out, err;
  boost::asio::io_context io;
  try {
    bp::child child("/usr/bin/env", bp::args(env_args), bp::std_in.close(), bp::std_out > out,
                    bp::std_err > err, bp::start_dir(dir), io);
    io.run();
    child.wait();
    // env exits 127 when it cannot find the program, 126 when it cannot run it.
    return {child.exit_code(), out.get(), err.get()};
  } catch (const bp::process_error& e) {
    throw std::runtime_error("cannot start " + program + ": " + e.what());
  }
}

void run_native_command(const std::string& what, const std::vector<std::string>& program,
                        const std::vector<std::string>& args, const std::filesystem::path& cwd,
                        const std::map<std::string, std::string>& env) {
  std::vector<std::string> all(program.begin() + 1, program.end());
  all.insert(all.end(), args.begin(), args.end());
  const auto result = run_process(program.front(), all, cwd, env);
  if (result.exit_code != 0)
    throw std::runtime_error(what + " (run with " + program.front() + ") failed with exit code " +
                             std::to_string(result.exit_code) + ":\n" + result.err + result.out);
}

std::filesystem::path find_in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::filesystem::path candidate = std::filesystem::path(rest.substr(0, colon)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return {};
}

}  // namespace pm::adapters
