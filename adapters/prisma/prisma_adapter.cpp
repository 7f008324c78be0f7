#include "adapters/prisma/prisma_adapter.hpp"

#include "adapters/planned_adapter.hpp"

namespace pm::prisma {

namespace {

// Prisma's default places: prisma/schema.prisma, a multi-file prisma/schema/ folder, or a
// migrations folder with Prisma's lock file.
bool detect_prisma(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::exists(root / "prisma" / "schema.prisma", ec) ||
         std::filesystem::exists(root / "schema.prisma", ec) ||
         std::filesystem::exists(root / "prisma" / "migrations" / "migration_lock.toml", ec) ||
         std::filesystem::exists(root / "migrations" / "migration_lock.toml", ec);
}

}  // namespace

const adapters::Adapter& prisma_adapter() {
  static const adapters::PlannedAdapter adapter("prisma", "Prisma adapter issue", detect_prisma);
  return adapter;
}

}  // namespace pm::prisma
