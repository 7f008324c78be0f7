// Runs one task per migration file on a few threads: reading and parsing thousands of files is
// the whole cost of `inspect` and `status`, and each file is read on its own. Every task writes
// only its own slot (its result, its diagnostics), and the caller merges the slots in file order
// afterwards, so the output and the diagnostics are the same as a loop over the files.
#pragma once

#include <cstddef>
#include <functional>

namespace pm::adapters {

// Calls task(i) once for every i in [0, count), on up to hardware_concurrency() threads (a few
// files run on the calling thread alone: a thread costs more than they do). Returns when all
// are done. When tasks throw, the exception of the lowest index is rethrown, as a loop would.
void for_each_file_task(std::size_t count, const std::function<void(std::size_t)>& task);

}  // namespace pm::adapters
