// The history as a graph for people: Graphviz DOT or a Mermaid flowchart, one node per
// migration, edges parent -> child, heads marked.
#pragma once

#include <string>

#include "model/history.hpp"

namespace pm::report {

std::string to_dot(const model::History& history);
std::string to_mermaid(const model::History& history);

}  // namespace pm::report
