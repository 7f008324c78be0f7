// The loaders' thread pool: every file's task runs once, results land in their own slots, and a
// failure is the one a plain loop over the files would have met first.
#include "adapters/parallel_files.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using pm::adapters::for_each_file_task;

TEST_CASE("every file's task runs exactly once, whatever the count", "[loaders]") {
  for (std::size_t count : {0u, 1u, 63u, 64u, 1000u, 10007u}) {
    std::vector<int> runs(count, 0);
    for_each_file_task(count, [&](std::size_t i) { ++runs[i]; });
    CHECK(std::count(runs.begin(), runs.end(), 1) == static_cast<std::ptrdiff_t>(count));
  }
}

TEST_CASE("a few files run on the calling thread alone", "[loaders]") {
  std::set<std::thread::id> threads;
  for_each_file_task(10, [&](std::size_t) { threads.insert(std::this_thread::get_id()); });
  CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("many files share the cores and still fill their slots in file order", "[loaders]") {
  std::vector<std::size_t> slots(5000);
  std::atomic<int> running{0}, most{0};
  for_each_file_task(slots.size(), [&](std::size_t i) {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    slots[i] = i * 3;
    --running;
  });
  for (std::size_t i = 0; i < slots.size(); ++i) REQUIRE(slots[i] == i * 3);
  CHECK(most.load() <= static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

TEST_CASE("the failure of the lowest file index is the one rethrown", "[loaders]") {
  std::atomic<std::size_t> ran{0};
  auto failing = [&](std::size_t i) {
    ++ran;
    if (i == 700 || i == 4000) throw std::runtime_error("file " + std::to_string(i));
  };
  try {
    for_each_file_task(5000, failing);
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "file 700");
  }
  CHECK(ran.load() == 5000);  // the other files were still read: each writes only its own slot
}
