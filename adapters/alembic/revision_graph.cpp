#include "adapters/alembic/revision_graph.hpp"

#include <algorithm>

namespace pm::alembic {

namespace {
const std::vector<std::string> kNone;
const std::set<std::string> kNoLabels;
}  // namespace

RevisionGraph::RevisionGraph(const std::vector<model::Migration>& migrations,
                             model::Diagnostics* diagnostics) {
  auto report = [&](const model::Migration& m, std::string message) {
    if (diagnostics)
      diagnostics->push_back({model::Severity::error, "PM135", std::move(message), m.source.file,
                              m.source.line_begin});
  };
  for (const auto& m : migrations) {
    if (index_.count(m.key))
      continue;  // History reports the duplicate (PM101); the first one counts
    index_.emplace(m.key, nodes_.size());
    ids_.push_back(m.key);
    Node n;
    n.id = m.key;
    n.down = m.parents;
    nodes_.push_back(std::move(n));
  }
  // _map_branch_labels: a label names one revision, and may not repeat.
  for (const auto& m : migrations) {
    for (const auto& label : m.branch_labels) {
      if (auto it = label_owner_.find(label); it != label_owner_.end() && it->second != m.key)
        report(m, "Branch name '" + label + "' in revision " + m.key +
                      " already used by revision " + it->second);
      else if (index_.count(label) && label != m.key)
        report(m, "Branch name '" + label + "' in revision " + m.key + " is also a revision id");
      else
        label_owner_.emplace(label, m.key);
    }
  }
  // _add_depends_on: a dependency is a revision id or a branch label.
  for (const auto& m : migrations) {
    auto it = index_.find(m.key);
    if (it == index_.end() || nodes_[it->second].id != m.key) continue;
    Node& n = nodes_[it->second];
    if (!n.deps.empty()) continue;
    for (const auto& dep : m.depends_on) {
      if (index_.count(dep))
        n.deps.push_back(dep);
      else if (auto owner = label_owner_.find(dep); owner != label_owner_.end())
        n.deps.push_back(owner->second);
      else
        report(m, "Revision " + dep + " referenced from " + m.key + " is not present");
    }
  }
  for (auto& n : nodes_) {
    for (const auto& d : n.down)
      if (auto it = index_.find(d); it != index_.end()) nodes_[it->second].children.push_back(n.id);
    for (const auto& d : n.deps)
      if (auto it = index_.find(d); it != index_.end())
        nodes_[it->second].dependents.push_back(n.id);
  }
  for (const auto& n : nodes_) {
    if (n.children.empty()) heads_.push_back(n.id);
    if (n.down.empty()) bases_.push_back(n.id);
  }
  // _normalize_depends_on: drop dependencies that an ancestor (by down_revision) already has.
  for (auto& n : nodes_) {
    if (n.deps.empty()) continue;
    std::vector<std::string> normalized = n.deps;
    for (const auto& a : ancestors({n.id}, false)) {
      if (a == n.id) continue;
      for (const auto& dep : node(a)->deps)
        normalized.erase(std::remove(normalized.begin(), normalized.end(), dep), normalized.end());
    }
    n.normalized_deps = normalized;
  }
  // _add_branches: a label covers its revision's descendants, and its ancestors down to the
  // nearest branch point or merge point.
  for (const auto& [label, owner] : label_owner_) {
    for (const auto& d : descendants({owner}, false)) nodes_[index_.at(d)].labels.insert(label);
    const Node* parent = node(owner);
    while (parent && parent->children.size() + parent->dependents.size() <= 1 &&
           parent->down.size() <= 1) {
      nodes_[index_.at(parent->id)].labels.insert(label);
      parent = parent->down.empty() ? nullptr : node(parent->down.front());
    }
  }
}

const RevisionGraph::Node* RevisionGraph::node(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &nodes_[it->second];
}

const std::vector<std::string>& RevisionGraph::down_revisions(const std::string& revision) const {
  const Node* n = node(revision);
  return n ? n->down : kNone;
}

std::vector<std::string> RevisionGraph::normalized_down_revisions(
    const std::string& revision) const {
  const Node* n = node(revision);
  if (!n) return {};
  std::vector<std::string> out = n->down;
  for (const auto& dep : n->normalized_deps)
    if (std::find(out.begin(), out.end(), dep) == out.end()) out.push_back(dep);
  return out;
}

const std::vector<std::string>& RevisionGraph::resolved_dependencies(
    const std::string& revision) const {
  const Node* n = node(revision);
  return n ? n->deps : kNone;
}

const std::vector<std::string>& RevisionGraph::children(const std::string& revision) const {
  const Node* n = node(revision);
  return n ? n->children : kNone;
}

std::unordered_set<std::string> RevisionGraph::ancestors(const std::vector<std::string>& revisions,
                                                         bool include_dependencies) const {
  std::unordered_set<std::string> seen;
  std::vector<std::string> todo(revisions.begin(), revisions.end());
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!seen.insert(id).second) continue;
    const Node* n = node(id);
    if (!n) continue;
    for (const auto& d : n->down) todo.push_back(d);
    if (include_dependencies)
      for (const auto& d : n->deps) todo.push_back(d);
  }
  return seen;
}

std::unordered_set<std::string> RevisionGraph::descendants(
    const std::vector<std::string>& revisions, bool include_dependencies) const {
  std::unordered_set<std::string> seen;
  std::vector<std::string> todo(revisions.begin(), revisions.end());
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!seen.insert(id).second) continue;
    const Node* n = node(id);
    if (!n) continue;
    for (const auto& c : n->children) todo.push_back(c);
    if (include_dependencies)
      for (const auto& c : n->dependents) todo.push_back(c);
  }
  return seen;
}

const std::set<std::string>& RevisionGraph::branch_labels(const std::string& revision) const {
  const Node* n = node(revision);
  return n ? n->labels : kNoLabels;
}

std::optional<std::string> RevisionGraph::label_owner(const std::string& label) const {
  auto it = label_owner_.find(label);
  if (it == label_owner_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> RevisionGraph::history_order() const {
  // A port of the walk in RevisionMap._topological_sort: follow one head down its line until a
  // revision another pending head still descends from, then switch to that head; heads start in
  // load order, and a merge point's parents are followed in down_revision order.
  std::unordered_set<std::string> todo(ids_.begin(), ids_.end());
  std::vector<std::string> current_heads;
  for (const auto& id : ids_)
    if (std::find(heads_.begin(), heads_.end(), id) != heads_.end()) current_heads.push_back(id);
  std::vector<std::unordered_set<std::string>> ancestors_by_index;
  for (const auto& h : current_heads) ancestors_by_index.push_back(ancestors({h}));

  std::vector<std::string> output;
  std::size_t index = 0;
  // Every step either emits a revision, drops a head or switches heads; a graph with a cycle
  // could switch forever, so the walk is bounded.
  std::size_t budget = 4 * (ids_.size() + 1) * (ids_.size() + 1) + 1000;
  while (!current_heads.empty() && budget-- > 0) {
    const std::string candidate = current_heads[index];
    bool switched = false;
    for (std::size_t j = 0; j < ancestors_by_index.size(); ++j) {
      if (j != index && ancestors_by_index[j].count(candidate)) {
        index = j;
        switched = true;
        break;
      }
    }
    if (switched) continue;
    if (todo.erase(candidate)) output.push_back(candidate);
    const Node* n = node(candidate);
    std::vector<std::string> heads_to_add;
    if (n)
      for (const auto& d : normalized_down_revisions(candidate))
        if (todo.count(d) &&
            std::find(current_heads.begin(), current_heads.end(), d) == current_heads.end())
          heads_to_add.push_back(d);
    if (heads_to_add.empty()) {
      current_heads.erase(current_heads.begin() + static_cast<std::ptrdiff_t>(index));
      ancestors_by_index.erase(ancestors_by_index.begin() + static_cast<std::ptrdiff_t>(index));
      index = index > 0 ? index - 1 : 0;
    } else if (n->normalized_deps.empty() && n->down.size() == 1) {
      current_heads[index] = heads_to_add[0];
      ancestors_by_index[index].erase(candidate);
    } else {
      current_heads[index] = heads_to_add[0];
      ancestors_by_index[index] = ancestors({heads_to_add[0]});
      for (std::size_t k = 1; k < heads_to_add.size(); ++k) {
        current_heads.push_back(heads_to_add[k]);
        ancestors_by_index.push_back(ancestors({heads_to_add[k]}));
      }
    }
  }
  // Revisions a cycle keeps out of reach are not in Alembic's walk either; History reports them.
  return output;
}

}  // namespace pm::alembic
