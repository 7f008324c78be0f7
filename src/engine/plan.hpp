// Which migrations to apply or revert to reach a target, from the history and the applied keys.
// Targets here are the framework-neutral ones: latest, base, a key or a unique key prefix.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "model/history.hpp"

namespace pm::engine {

struct Plan {
  enum class Direction { up, down };
  Direction direction = Direction::up;
  std::vector<const model::Migration*> migrations;  // in the order they run
};

// Resolves a user-given target to a key: exact key first, then a unique prefix. "latest"/"head"
// and "base" are not keys: callers handle them (see plan_up/plan_down). Throws InputError.
std::string resolve_target_key(const model::History& history, const std::string& target);

// Pending migrations in apply order; with a target, only the target and its ancestors. Those in
// `held_back` (the adapter's: Flyway's Ignored, Above Target) are left alone.
Plan plan_up(const model::History& history, const std::unordered_set<std::string>& applied,
             const std::optional<std::string>& target,
             const std::unordered_set<std::string>& held_back = {});

// Applied migrations to revert, newest first (repeatable ones are never reverted). No target: the
// last applied one. "base": all. A key: every applied migration that is not the target or one of
// its ancestors.
Plan plan_down(const model::History& history, const std::unordered_set<std::string>& applied,
               const std::optional<std::string>& target);

}  // namespace pm::engine
