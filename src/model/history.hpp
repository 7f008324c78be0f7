// The history of a project: migrations and the parent -> child edges between them. Linear
// frameworks give each migration the previous one as parent; Alembic gives a real DAG.
// The apply order is a deterministic topological order: among ready migrations, the one the
// adapter listed first goes first, so a linear history keeps the adapter's native order.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/migration.hpp"

namespace pm::model {

class History {
 public:
  History() = default;
  explicit History(std::vector<Migration> migrations);

  const std::vector<Migration>& migrations() const { return migrations_; }  // as the adapter listed them
  std::size_t size() const { return migrations_.size(); }
  bool empty() const { return migrations_.empty(); }

  const Migration* find(std::string_view key) const;

  // Indices into migrations() in apply order. Migrations on a cycle are left out (see diagnostics()).
  const std::vector<std::size_t>& order() const { return order_; }
  // Keys of migrations no other migration names as parent, in apply order.
  std::vector<std::string> heads() const;
  // Keys of migrations without parents, in apply order.
  std::vector<std::string> bases() const;
  // Children of a migration (keys), in apply order.
  std::vector<std::string> children(std::string_view key) const;

  // Structural problems found while building the graph: duplicate keys (PM101), missing parents
  // (PM102), cycles (PM103).
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  void build();

  std::vector<Migration> migrations_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> position_;  // index -> position in order_, or npos
  Diagnostics diagnostics_;
};

}  // namespace pm::model
