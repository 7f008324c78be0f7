// Alembic: alembic.ini (or [tool.alembic] in pyproject.toml) and versions/ folders of Python
// revision files, read with tree-sitter and never run; alembic_version holds the current heads.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::alembic {
const adapters::Adapter& alembic_adapter();
}
