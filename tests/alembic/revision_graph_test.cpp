// The revision map: heads, labels, dependencies and the walk `alembic history` prints.
#include "adapters/alembic/revision_graph.hpp"

#include <catch2/catch.hpp>

using namespace pm;
using pm::alembic::RevisionGraph;

namespace {

model::Migration rev(std::string id, std::vector<std::string> down,
                     std::vector<std::string> deps = {}, std::vector<std::string> labels = {}) {
  model::Migration m;
  m.key = std::move(id);
  m.parents = std::move(down);
  m.depends_on = std::move(deps);
  m.branch_labels = std::move(labels);
  return m;
}

}  // namespace

TEST_CASE("history order: a branch with a dependency and a merge, as alembic 1.8 prints it",
          "[alembic]") {
  // fixtures/alembic/branched; `alembic history` prints ee, dd, cc2, cc1, bb, aa.
  RevisionGraph graph({rev("aa", {}), rev("bb", {"aa"}, {}, {"orders"}), rev("cc1", {"aa"}),
                       rev("cc2", {"cc1"}, {"orders"}), rev("dd", {"bb", "cc2"}),
                       rev("ee", {"dd"})});
  CHECK(graph.history_order() == std::vector<std::string>{"ee", "dd", "cc2", "cc1", "bb", "aa"});
  CHECK(graph.heads() == std::vector<std::string>{"ee"});
  CHECK(graph.resolved_dependencies("cc2") == std::vector<std::string>{"bb"});
  CHECK(graph.normalized_down_revisions("cc2") == std::vector<std::string>{"cc1", "bb"});
  CHECK(graph.branch_labels("ee").count("orders"));
  CHECK(graph.branch_labels("bb").count("orders"));
  CHECK_FALSE(graph.branch_labels("aa").count("orders"));  // aa is a branch point
}

TEST_CASE("history order: two heads walk in load order, each down to where the other joins",
          "[alembic]") {
  RevisionGraph graph(
      {rev("a", {}), rev("b", {"a"}), rev("c", {"b"}), rev("x", {"a"}), rev("y", {"x"})});
  CHECK(graph.heads() == std::vector<std::string>{"c", "y"});
  CHECK(graph.history_order() == std::vector<std::string>{"c", "b", "y", "x", "a"});
}

TEST_CASE("normalized dependencies drop what an ancestor already depends on", "[alembic]") {
  RevisionGraph graph({rev("a", {}), rev("o", {}), rev("b", {"a"}, {"o"}), rev("c", {"b"}, {"o"})});
  CHECK(graph.normalized_down_revisions("b") == std::vector<std::string>{"a", "o"});
  CHECK(graph.normalized_down_revisions("c") == std::vector<std::string>{"b"});
  auto ancestors = graph.ancestors({"c"});
  CHECK(ancestors.count("o"));
  CHECK_FALSE(graph.ancestors({"c"}, false).count("o"));
}

TEST_CASE("a reused branch label and an unknown dependency are diagnostics", "[alembic]") {
  model::Diagnostics diagnostics;
  RevisionGraph graph({rev("a", {}, {}, {"x"}), rev("b", {"a"}, {"nope"}, {"x"})}, &diagnostics);
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].message == "Branch name 'x' in revision b already used by revision a");
  CHECK(diagnostics[1].message == "Revision nope referenced from b is not present");
}
