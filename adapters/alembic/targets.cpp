#include "adapters/alembic/targets.hpp"

#include <algorithm>
#include <regex>

namespace pm::alembic {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

[[noreturn]] void multiple_heads(const std::string& argument) {
  throw TargetError("Multiple head revisions are present for given argument '" + argument +
                    "'; please specify a specific target revision, '<branchname>@" + argument +
                    "' to narrow to a specific head, or 'heads' for all heads");
}

// Heads of the history reachable from a branch (a label or a revision used as one).
std::vector<std::string> branch_heads(const RevisionGraph& graph, const std::string& branch) {
  std::vector<std::string> out;
  std::string owner = resolve_revision(graph, branch);
  auto below = graph.descendants({owner}, false);
  for (const auto& h : graph.heads())
    if (below.count(h)) out.push_back(h);
  return out;
}

// The database's heads among `applied`: applied revisions no applied revision descends from.
std::vector<std::string> current_heads(const RevisionGraph& graph,
                                       const std::unordered_set<std::string>& applied) {
  std::vector<std::string> out;
  for (const auto& id : graph.revisions()) {
    if (!applied.count(id)) continue;
    bool covered = false;
    for (const auto& d : graph.descendants({id}))
      if (d != id && applied.count(d)) covered = true;
    if (!covered) out.push_back(id);
  }
  return out;
}

}  // namespace

std::string resolve_revision(const RevisionGraph& graph, const std::string& symbol) {
  if (graph.contains(symbol)) return symbol;
  if (auto owner = graph.label_owner(symbol)) return *owner;
  std::vector<std::string> matches;
  for (const auto& id : graph.revisions())
    if (id.rfind(symbol, 0) == 0) matches.push_back(id);
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) throw TargetError("Can't locate revision identified by '" + symbol + "'");
  throw TargetError("Multiple revisions start with '" + symbol + "': " + join(matches) + "...");
}

std::string resolve_alembic_target(const RevisionGraph& graph,
                                   const std::unordered_set<std::string>& applied,
                                   const std::string& target, bool upgrade) {
  if (target == "heads" || target == "latest") return "latest";
  if (target == "base") return "base";
  if (target == "head") {
    if (graph.heads().size() > 1) multiple_heads("head");
    return graph.heads().empty() ? "base" : graph.heads().front();
  }

  // _relative_destination: (?:(.+?)@)?(\w+)?((?:\+|-)\d+)
  static const std::regex relative(R"(^(?:(.+?)@)?(\w+)?((?:\+|-)\d+)$)");
  std::smatch m;
  if (std::regex_match(target, m, relative)) {
    const std::string branch = m[1].str();
    std::string symbol = m[2].str();
    const int delta = std::stoi(m[3].str());
    std::vector<std::string> start;
    if (!symbol.empty() && symbol != "head" && symbol != "heads") {
      start = {resolve_revision(graph, symbol)};
    } else if (symbol == "head" || symbol == "heads") {
      start = branch.empty() ? graph.heads() : branch_heads(graph, branch);
    } else {
      // Relative to what the database has: its heads, narrowed to the branch when one is named.
      start = current_heads(graph, applied);
      if (!branch.empty()) {
        auto on_branch = graph.descendants({resolve_revision(graph, branch)}, false);
        auto below = graph.ancestors({resolve_revision(graph, branch)}, false);
        std::erase_if(start,
                      [&](const std::string& s) { return !on_branch.count(s) && !below.count(s); });
      }
    }
    if (start.size() > 1) multiple_heads(target);
    std::string at = start.empty() ? std::string() : start.front();  // "" is base
    for (int step = 0; step < std::abs(delta); ++step) {
      std::vector<std::string> next;
      if (delta > 0) {
        if (at.empty()) {
          next = graph.bases();
          if (!branch.empty()) {
            auto below = graph.ancestors({resolve_revision(graph, branch)}, false);
            std::erase_if(next, [&](const std::string& b) { return !below.count(b); });
          }
        } else {
          next = graph.children(at);
        }
      } else {
        if (at.empty())
          next = {};
        else
          next = graph.down_revisions(at);
        if (next.empty() && !at.empty() && step + 1 == std::abs(delta)) {
          at.clear();  // one step below a base is base
          break;
        }
      }
      if (next.size() != 1)
        throw TargetError("Relative revision " + m[3].str() + " didn't produce " +
                          std::to_string(std::abs(delta)) + " migrations" +
                          (next.size() > 1 ? " (the history branches on the way)" : ""));
      at = next.front();
    }
    (void)upgrade;
    return at.empty() ? "base" : at;
  }

  auto at = target.find('@');
  if (at != std::string::npos) {
    const std::string branch = target.substr(0, at);
    const std::string what = target.substr(at + 1);
    if (what == "head" || what == "heads") {
      auto heads = branch_heads(graph, branch);
      if (heads.size() > 1 && what == "head") multiple_heads(target);
      if (heads.size() == 1) return heads.front();
      throw TargetError("branch '" + branch +
                        "' has several heads; name one of them: " + join(heads));
    }
    if (what == "base")
      throw TargetError("'" + target + "': reverting one branch to its base is not supported yet");
    return resolve_revision(graph, what);
  }
  return resolve_revision(graph, target);
}

}  // namespace pm::alembic
