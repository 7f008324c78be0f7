// The registered adapters. Each adapter folder exposes one `const Adapter& <name>_adapter()`.
#include <algorithm>
#include <cstdlib>

#include "adapters/adapter.hpp"
#include "adapters/alembic/alembic_adapter.hpp"
#include "adapters/flyway/flyway_adapter.hpp"
#include "adapters/knex/knex_adapter.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "sql/renderer.hpp"

extern char** environ;

namespace pm::adapters {

const std::vector<const Adapter*>& all_adapters() {
  static const std::vector<const Adapter*> adapters = {
      &prisma::prisma_adapter(),
      &alembic::alembic_adapter(),
      &knex::knex_adapter(),
      &flyway::flyway_adapter(),
  };
  return adapters;
}

const Adapter* find_adapter(std::string_view name) {
  for (const Adapter* adapter : all_adapters())
    if (adapter->name() == name) return adapter;
  return nullptr;
}

std::vector<const Adapter*> detect_adapters(const std::filesystem::path& root) {
  std::vector<const Adapter*> found;
  for (const Adapter* adapter : all_adapters())
    if (adapter->detect(root)) found.push_back(adapter);
  return found;
}

std::optional<std::vector<std::string>> Adapter::native_sql(const model::Op& op,
                                                            model::Dialect dialect) const {
  try {
    return sql::render(op, dialect);
  } catch (const sql::RenderError&) {
    return std::nullopt;
  }
}

std::unordered_set<std::string> Adapter::applied_keys(
    const model::History& history, const std::vector<model::Applied>& rows) const {
  (void)history;
  std::unordered_set<std::string> keys;
  for (const auto& row : rows)
    if (row.success) keys.insert(row.key);
  return keys;
}

LoadOptions LoadOptions::from_process_environment() {
  LoadOptions options;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos)
      options.env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return options;
}

}  // namespace pm::adapters
