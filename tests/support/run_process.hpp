// Runs any program (Boost.Process) with arguments, a working folder and extra environment, and
// captures what it prints: the native tools (the real alembic) in interop tests. The library's
// own runner (adapters/native_process.hpp), which `--delegate` uses too.
#pragma once

#include "adapters/native_process.hpp"

namespace pm::test {

using adapters::ProcessResult;
using adapters::run_process;

}  // namespace pm::test
