#include "adapters/alembic/alembic_adapter.hpp"

#include <fstream>
#include <sstream>

#include "adapters/planned_adapter.hpp"

namespace pm::alembic {

namespace {

bool detect_alembic(const std::filesystem::path& root) {
  std::error_code ec;
  if (std::filesystem::exists(root / "alembic.ini", ec)) return true;
  std::ifstream pyproject(root / "pyproject.toml");
  std::stringstream text;
  text << pyproject.rdbuf();
  return text.str().find("[tool.alembic]") != std::string::npos;
}

}  // namespace

const adapters::Adapter& alembic_adapter() {
  static const adapters::PlannedAdapter adapter("alembic", "Alembic adapter issue", detect_alembic);
  return adapter;
}

}  // namespace pm::alembic
