#include "report/graph.hpp"

#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace pm::report {

namespace {

std::string dot_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string mermaid_label(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '"') ? '\'' : (c == '\n' ? ' ' : c);
  return out;
}

// A dependency names a key or a branch label (Alembic's depends_on = 'orders'): the key of the
// migration it names, or empty when none does.
std::string dependency_key(const model::History& history, const std::string& dependency) {
  if (history.find(dependency)) return dependency;
  for (const auto& m : history.migrations())
    for (const auto& label : m.branch_labels)
      if (label == dependency) return m.key;
  return {};
}

std::string label(const model::Migration& m) {
  return m.description.empty() ? m.key : m.key + ": " + m.description;
}

}  // namespace

std::string to_dot(const model::History& history, const std::unordered_set<std::string>* applied) {
  std::ostringstream out;
  const auto heads = history.heads();
  const std::unordered_set<std::string> head_set(heads.begin(), heads.end());
  out << "digraph migrations {\n  rankdir=LR;\n  node [shape=box];\n";
  for (std::size_t index : history.order()) {
    const auto& m = history.migrations()[index];
    out << "  " << dot_quote(m.key) << " [label=" << dot_quote(label(m));
    std::string style = head_set.count(m.key) ? "bold" : "";
    if (applied) {
      style += std::string(style.empty() ? "" : ",") + "filled";
      out << ", fillcolor=" << (applied->count(m.key) ? "palegreen" : "orange");
    }
    if (!style.empty()) out << ", style=" << (applied ? dot_quote(style) : style);
    out << "];\n";
  }
  for (std::size_t index : history.order()) {
    const auto& m = history.migrations()[index];
    for (const auto& parent : m.parents)
      out << "  " << dot_quote(parent) << " -> " << dot_quote(m.key) << ";\n";
    for (const auto& dep : m.depends_on)
      if (const auto key = dependency_key(history, dep); !key.empty())
        out << "  " << dot_quote(key) << " -> " << dot_quote(m.key) << " [style=dashed];\n";
  }
  out << "}\n";
  return out.str();
}

std::string to_mermaid(const model::History& history,
                       const std::unordered_set<std::string>* applied) {
  std::ostringstream out;
  out << "flowchart LR\n";
  // Mermaid node ids must be simple: use the position in apply order.
  std::unordered_map<std::string, std::string> ids;
  std::size_t n = 0;
  for (std::size_t index : history.order()) {
    const auto& m = history.migrations()[index];
    ids[m.key] = "m" + std::to_string(n++);
    out << "  " << ids[m.key] << "[\"" << mermaid_label(label(m)) << "\"]\n";
  }
  for (std::size_t index : history.order()) {
    const auto& m = history.migrations()[index];
    for (const auto& parent : m.parents)
      if (ids.count(parent)) out << "  " << ids[parent] << " --> " << ids[m.key] << "\n";
    for (const auto& dep : m.depends_on)
      if (const auto key = dependency_key(history, dep); ids.count(key))
        out << "  " << ids[key] << " -.-> " << ids[m.key] << "\n";
  }
  if (applied) {
    out << "  classDef applied fill:#98fb98\n  classDef pending fill:#ffa500\n";
    for (std::size_t index : history.order()) {
      const auto& m = history.migrations()[index];
      out << "  class " << ids[m.key] << " " << (applied->count(m.key) ? "applied" : "pending")
          << "\n";
    }
  }
  return out.str();
}

}  // namespace pm::report
