#include "model/history.hpp"

#include <algorithm>
#include <limits>
#include <queue>

namespace pm::model {

namespace {
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
}

History::History(std::vector<Migration> migrations) : migrations_(std::move(migrations)) { build(); }

const Migration* History::find(std::string_view key) const {
  auto it = index_.find(std::string(key));
  return it == index_.end() ? nullptr : &migrations_[it->second];
}

void History::build() {
  const std::size_t n = migrations_.size();
  index_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto [it, inserted] = index_.emplace(migrations_[i].key, i);
    if (!inserted) {
      const auto& first = migrations_[it->second];
      diagnostics_.push_back({Severity::error, "PM101",
                              "duplicate migration key '" + migrations_[i].key + "' (also in " +
                                  first.source.file + ")",
                              migrations_[i].source.file, migrations_[i].source.line_begin});
    }
  }

  // Kahn's algorithm; the ready set is a min-heap on the adapter's listing index, which makes the
  // order deterministic and equal to the listing for a linear history.
  children_.assign(n, {});
  std::vector<std::size_t> pending_parents(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (index_.at(migrations_[i].key) != i) continue;  // a duplicate is not part of the graph
    for (const auto& parent : migrations_[i].parents) {
      auto it = index_.find(parent);
      if (it == index_.end()) {
        diagnostics_.push_back({Severity::error, "PM102",
                                "migration '" + migrations_[i].key + "' names parent '" + parent +
                                    "', which does not exist",
                                migrations_[i].source.file, migrations_[i].source.line_begin});
        continue;
      }
      children_[it->second].push_back(i);
      ++pending_parents[i];
    }
  }

  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i)
    if (pending_parents[i] == 0 && index_.at(migrations_[i].key) == i) ready.push(i);
  position_.assign(n, kNone);
  order_.reserve(n);
  while (!ready.empty()) {
    std::size_t i = ready.top();
    ready.pop();
    position_[i] = order_.size();
    order_.push_back(i);
    for (std::size_t child : children_[i])
      if (--pending_parents[child] == 0) ready.push(child);
  }
  for (auto& list : children_)
    std::sort(list.begin(), list.end(),
              [&](std::size_t a, std::size_t b) { return position_[a] < position_[b]; });

  for (std::size_t i = 0; i < n; ++i) {
    if (position_[i] == kNone && index_.at(migrations_[i].key) == i) {
      diagnostics_.push_back({Severity::error, "PM103",
                              "migration '" + migrations_[i].key +
                                  "' is on a cycle (or descends from one): it can never be applied",
                              migrations_[i].source.file, migrations_[i].source.line_begin});
    }
  }
}

std::vector<std::string> History::heads() const {
  std::vector<std::string> out;
  for (std::size_t i : order_)
    if (children_[i].empty()) out.push_back(migrations_[i].key);
  return out;
}

std::vector<std::string> History::bases() const {
  std::vector<std::string> out;
  for (std::size_t i : order_)
    if (migrations_[i].parents.empty()) out.push_back(migrations_[i].key);
  return out;
}

std::vector<std::string> History::children(std::string_view key) const {
  std::vector<std::string> out;
  auto it = index_.find(std::string(key));
  if (it == index_.end()) return out;
  for (std::size_t child : children_[it->second]) out.push_back(migrations_[child].key);
  return out;
}

}  // namespace pm::model
