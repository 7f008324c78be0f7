// The floor of loading a Python or JavaScript history: every file of a folder read and parsed by
// tree-sitter, nothing else (no translation, no model), on one thread and on the loaders' thread
// pool. bench/run.sh prints it beside `inspect`, as the sqlite3 shell is printed beside `up`.
//   pm_parse_floor python|javascript DIR
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/file_bytes.hpp"
#include "adapters/parallel_files.hpp"
#include "parse/syntax_tree.hpp"

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

// Reads (and, when `parse`, parses) every file; returns the number of nodes seen, so that the
// work cannot be optimised away.
std::size_t load(const std::vector<fs::path>& files, pm::parse::Language language, bool parse,
                 bool parallel) {
  std::vector<std::size_t> nodes(files.size());
  auto task = [&](std::size_t i) {
    std::string source = pm::adapters::read_file_bytes(files[i]).value_or(std::string());
    if (!parse) {
      nodes[i] = source.size();
      return;
    }
    pm::parse::SyntaxTree tree(language, std::move(source));
    nodes[i] = ts_node_child_count(tree.root());
  };
  if (parallel) {
    pm::adapters::for_each_file_task(files.size(), task);
  } else {
    for (std::size_t i = 0; i < files.size(); ++i) task(i);
  }
  std::size_t total = 0;
  for (std::size_t n : nodes) total += n;
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pm_parse_floor python|javascript DIR\n");
    return 2;
  }
  const std::string which = argv[1];
  const auto language =
      which == "python" ? pm::parse::Language::python : pm::parse::Language::javascript;
  const std::string extension = which == "python" ? ".py" : ".js";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(argv[2]))
    if (entry.is_regular_file() && entry.path().extension() == extension)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  std::printf("%-34s %10s %10s\n", ("floor, " + std::to_string(files.size()) + " files").c_str(),
              "seconds", "cpu s");
  struct Run {
    const char* label;
    bool parse, parallel;
  };
  for (Run run :
       {Run{"read only, 1 thread", false, false}, Run{"read + parse, 1 thread", true, false},
        Run{"read + parse, thread pool", true, true}}) {
    const double cpu_before = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const std::size_t seen = load(files, language, run.parse, run.parallel);
    std::printf("%-34s %10.3f %10.3f   (%zu %s)\n", run.label, seconds_since(start),
                cpu_seconds() - cpu_before, seen, run.parse ? "top-level nodes" : "bytes");
  }
  return 0;
}
