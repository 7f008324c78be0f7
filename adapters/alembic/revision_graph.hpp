// The revision map as Alembic's RevisionMap builds it (alembic/script/revision.py): heads in
// load order, dependencies resolved through branch labels and normalized, propagated branch
// labels, ancestors, and the topological walk `alembic history` prints (newest first).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/migration.hpp"

namespace pm::alembic {

class RevisionGraph {
 public:
  // `migrations` in the order Alembic loads the files (version locations in order, names sorted);
  // depends_on may name revisions or branch labels. Unknown names are reported in `diagnostics`.
  RevisionGraph(const std::vector<model::Migration>& migrations,
                model::Diagnostics* diagnostics = nullptr);

  bool contains(const std::string& revision) const { return index_.count(revision) > 0; }
  const std::vector<std::string>& revisions() const { return ids_; }  // load order
  // Revisions no other revision names as down_revision, in load order (RevisionMap.heads).
  const std::vector<std::string>& heads() const { return heads_; }
  const std::vector<std::string>& bases() const { return bases_; }
  const std::vector<std::string>& down_revisions(const std::string& revision) const;
  // down_revisions + dependencies not already dependencies of an ancestor
  // (_normalized_down_revisions).
  std::vector<std::string> normalized_down_revisions(const std::string& revision) const;
  const std::vector<std::string>& resolved_dependencies(const std::string& revision) const;
  // Revisions naming this one as down_revision (nextrev), in load order.
  const std::vector<std::string>& children(const std::string& revision) const;

  // The revisions and all their ancestors (through dependencies too when asked).
  std::unordered_set<std::string> ancestors(const std::vector<std::string>& revisions,
                                            bool include_dependencies = true) const;
  std::unordered_set<std::string> descendants(const std::vector<std::string>& revisions,
                                              bool include_dependencies = true) const;

  // Branch labels after Alembic's propagation (_add_branches).
  const std::set<std::string>& branch_labels(const std::string& revision) const;
  // The revision that declares a label.
  std::optional<std::string> label_owner(const std::string& label) const;

  // RevisionMap._topological_sort over every revision from all heads: `alembic history` order.
  std::vector<std::string> history_order() const;

 private:
  struct Node {
    std::string id;
    std::vector<std::string> down;
    std::vector<std::string> deps;             // resolved to revision ids
    std::vector<std::string> normalized_deps;  // minus dependencies of ancestors
    std::vector<std::string> children;         // versioned next revisions
    std::vector<std::string> dependents;       // revisions that depend on this one
    std::set<std::string> labels;
  };
  const Node* node(const std::string& id) const;
  std::vector<Node> nodes_;
  std::vector<std::string> ids_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, std::string> label_owner_;
  std::vector<std::string> heads_;
  std::vector<std::string> bases_;
};

}  // namespace pm::alembic
