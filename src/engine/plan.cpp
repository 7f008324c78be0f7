#include "engine/plan.hpp"

#include <algorithm>

#include "engine/project_loader.hpp"

namespace pm::engine {

namespace {

bool is_latest(const std::string& target) {
  return target == "latest" || target == "head" || target == "heads";
}
bool is_base(const std::string& target) { return target == "base" || target == "0"; }

// The target and every migration it descends from.
std::unordered_set<std::string> self_and_ancestors(const model::History& history,
                                                   const std::string& key) {
  std::unordered_set<std::string> seen{key};
  std::vector<std::string> stack{key};
  while (!stack.empty()) {
    const model::Migration* migration = history.find(stack.back());
    stack.pop_back();
    if (!migration) continue;
    for (const auto& parent : migration->parents)
      if (seen.insert(parent).second) stack.push_back(parent);
    // A dependency (Alembic depends_on) must be applied before, and kept while, its dependent is.
    for (const auto& dependency : migration->depends_on)
      if (history.find(dependency) && seen.insert(dependency).second) stack.push_back(dependency);
  }
  return seen;
}

}  // namespace

std::string resolve_target_key(const model::History& history, const std::string& target) {
  if (history.find(target)) return target;
  std::vector<std::string> matches;
  for (const auto& migration : history.migrations())
    if (migration.key.rfind(target, 0) == 0) matches.push_back(migration.key);
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) throw InputError("no migration matches target '" + target + "'");
  std::string list;
  for (const auto& m : matches) list += (list.empty() ? "" : ", ") + m;
  throw InputError("target '" + target + "' is ambiguous: " + list);
}

Plan plan_up(const model::History& history, const std::unordered_set<std::string>& applied,
             const std::optional<std::string>& target,
             const std::unordered_set<std::string>& held_back) {
  Plan plan{Plan::Direction::up, {}};
  std::optional<std::unordered_set<std::string>> wanted;
  if (target && is_base(*target)) return plan;
  if (target && !is_latest(*target))
    wanted = self_and_ancestors(history, resolve_target_key(history, *target));
  for (std::size_t index : history.order()) {
    const auto& migration = history.migrations()[index];
    if (applied.count(migration.key) || held_back.count(migration.key)) continue;
    if (wanted && !wanted->count(migration.key)) continue;
    plan.migrations.push_back(&migration);
  }
  return plan;
}

Plan plan_down(const model::History& history, const std::unordered_set<std::string>& applied,
               const std::optional<std::string>& target) {
  Plan plan{Plan::Direction::down, {}};
  std::vector<const model::Migration*> applied_in_order;
  for (std::size_t index : history.order()) {
    const auto& migration = history.migrations()[index];
    // A repeatable migration (Flyway's R files) is re-applied when it changes, never reverted.
    if (applied.count(migration.key) && migration.kind != model::MigrationKind::repeatable)
      applied_in_order.push_back(&migration);
  }
  std::reverse(applied_in_order.begin(), applied_in_order.end());
  if (!target) {
    if (!applied_in_order.empty()) plan.migrations.push_back(applied_in_order.front());
    return plan;
  }
  if (is_latest(*target)) return plan;
  if (is_base(*target)) {
    plan.migrations = applied_in_order;
    return plan;
  }
  auto keep = self_and_ancestors(history, resolve_target_key(history, *target));
  for (const auto* migration : applied_in_order)
    if (!keep.count(migration->key)) plan.migrations.push_back(migration);
  return plan;
}

}  // namespace pm::engine
