// `--delegate` for Alembic: the real Alembic runs one revision whose code polymigrate could not
// translate, against polymigrate's database, through its own command API (what `alembic upgrade`
// calls), with the project's alembic.ini and env.py.
#pragma once

#include <memory>

#include "adapters/adapter.hpp"

namespace pm::alembic {

// The Alembic command that runs `revision` alone on a database where every other revision of the
// plan is where polymigrate left it: `upgrade <rev>` (its parents are applied), and `downgrade
// <rev>@-1`, or `downgrade <first parent>` for a merge (Alembic calls `<merge>@-1` an ambiguous
// walk), which reverts the revision and nothing else since no descendant of it is applied.
std::vector<std::string> alembic_command(const model::Migration& revision, bool up);

// request.program: a Python interpreter with alembic installed; empty: the interpreter of the
// `alembic` script in PATH, else python3.
std::unique_ptr<adapters::NativeTool> alembic_native_tool(
    const model::Project& project, const adapters::NativeToolRequest& request);

}  // namespace pm::alembic
