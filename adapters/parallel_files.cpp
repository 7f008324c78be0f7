#include "adapters/parallel_files.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace pm::adapters {

namespace {

// Below this many files per thread, starting a thread costs more than it saves.
constexpr std::size_t kFilesPerThread = 64;
// Files handed out at a time: few enough that threads finish together, enough that the shared
// counter is not contended.
constexpr std::size_t kBatch = 16;
constexpr unsigned kMaxThreads = 8;

}  // namespace

void for_each_file_task(std::size_t count, const std::function<void(std::size_t)>& task) {
  const unsigned cores = std::max(1u, std::min(std::thread::hardware_concurrency(), kMaxThreads));
  const std::size_t threads = std::min<std::size_t>(cores, count / kFilesPerThread);
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) task(i);
    return;
  }

  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::size_t failed_index = count;
  std::exception_ptr failure;
  auto work = [&] {
    for (;;) {
      const std::size_t begin = next.fetch_add(kBatch);
      if (begin >= count) return;
      for (std::size_t i = begin; i < std::min(count, begin + kBatch); ++i) {
        try {
          task(i);
        } catch (...) {
          std::lock_guard lock(failure_mutex);
          if (i < failed_index) {
            failed_index = i;
            failure = std::current_exception();
          }
        }
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(threads - 1);
    try {
      for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    } catch (const std::system_error&) {
      // No more threads to be had: the ones started and this one do all the files.
    }
    work();
  }  // the jthreads join here
  if (failure) std::rethrow_exception(failure);
}

}  // namespace pm::adapters
