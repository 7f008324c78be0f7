// Alembic: alembic.ini (or [tool.alembic] in pyproject.toml) and a versions/ folder of revisions.
// Detected today; reading and running it is the Alembic adapter issue.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::alembic {
const adapters::Adapter& alembic_adapter();
}
