#include "adapters/knex/knex_adapter.hpp"

#include "adapters/planned_adapter.hpp"

namespace pm::knex {

namespace {

// Knex finds knexfile.{js,ts,cjs,mjs,coffee,eg,ls} (bin/cli.js); those are the ones we look for.
bool detect_knex(const std::filesystem::path& root) {
  std::error_code ec;
  for (const char* ext : {".js", ".ts", ".cjs", ".mjs", ".coffee", ".eg", ".ls"})
    if (std::filesystem::exists(root / (std::string("knexfile") + ext), ec)) return true;
  return false;
}

}  // namespace

const adapters::Adapter& knex_adapter() {
  static const adapters::PlannedAdapter adapter("knex", "Knex adapter issue", detect_knex);
  return adapter;
}

}  // namespace pm::knex
