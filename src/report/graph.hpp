// The history as a graph for people: Graphviz DOT or a Mermaid flowchart, one node per
// migration, edges parent -> child, heads marked; with the keys a database has applied, applied
// migrations filled green and pending ones orange (`graph --db`).
#pragma once

#include <string>
#include <unordered_set>

#include "model/history.hpp"

namespace pm::report {

std::string to_dot(const model::History& history,
                   const std::unordered_set<std::string>* applied = nullptr);
std::string to_mermaid(const model::History& history,
                       const std::unordered_set<std::string>* applied = nullptr);

}  // namespace pm::report
