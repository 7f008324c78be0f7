// `graph` on an Alembic history with a branch, a dependency across branches and a merge
// (fixtures/alembic/branched): the DOT and Mermaid texts parsed back, nodes and edges counted,
// and with --db the applied revisions told from the pending ones.
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "generate/project_copy.hpp"

using namespace pm;

namespace {

struct Dot {
  std::map<std::string, std::string> nodes;  // key -> its attributes
  std::set<std::pair<std::string, std::string>> edges, dashed;
};

Dot parse_dot(const std::string& text) {
  static const std::regex node(R"re(^  "([^"]+)" \[(label=.*)\];$)re");
  static const std::regex edge(R"re(^  "([^"]+)" -> "([^"]+)"( \[style=dashed\])?;$)re");
  Dot out;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  CHECK(line == "digraph migrations {");
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, node)) {
      out.nodes[m[1]] = m[2];
    } else if (std::regex_match(line, m, edge)) {
      (m[3].matched ? out.dashed : out.edges).insert({m[1], m[2]});
    } else {
      CHECK((line == "  rankdir=LR;" || line == "  node [shape=box];" || line == "}"));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("graph: the branched Alembic history as DOT, every edge once", "[generate][graph]") {
  test::ProjectCopy project("alembic/branched");
  auto result = project.cli("graph", {"--format", "dot"});
  REQUIRE(result.exit_code == 0);
  const Dot dot = parse_dot(result.out);
  CHECK(dot.nodes.size() == 6);
  using Edge = std::pair<std::string, std::string>;
  CHECK(dot.edges == std::set<Edge>{{"aa0000000001", "bb0000000001"},
                                    {"aa0000000001", "cc0000000001"},
                                    {"cc0000000001", "cc0000000002"},
                                    {"bb0000000001", "dd0000000001"},
                                    {"cc0000000002", "dd0000000001"},
                                    {"dd0000000001", "ee0000000001"}});
  // depends_on = 'orders' names the branch label of bb0000000001.
  CHECK(dot.dashed == std::set<Edge>{{"bb0000000001", "cc0000000002"}});
  for (const auto& [key, attributes] : dot.nodes) {
    INFO(key);
    CHECK((attributes.find("style=bold") != std::string::npos) == (key == "ee0000000001"));
    CHECK(attributes.find("fillcolor") == std::string::npos);
  }

  auto mermaid = project.cli("graph", {"--format", "mermaid"});
  REQUIRE(mermaid.exit_code == 0);
  std::size_t solid = 0, dotted = 0;
  for (std::size_t at = 0; (at = mermaid.out.find(" --> ", at)) != std::string::npos; ++at) ++solid;
  for (std::size_t at = 0; (at = mermaid.out.find(" -.-> ", at)) != std::string::npos; ++at)
    ++dotted;
  CHECK(solid == 6);
  CHECK(dotted == 1);
}

TEST_CASE("graph --db: applied revisions filled green, pending ones orange", "[generate][graph]") {
  test::ProjectCopy project("alembic/branched");
  const std::string db = project.sqlite("graph.db");
  REQUIRE(project.cli("up", {"--db", db, "--to", "bb0000000001"}).exit_code == 0);
  auto result = project.cli("graph", {"--format", "dot", "--db", db});
  REQUIRE(result.exit_code == 0);
  const Dot dot = parse_dot(result.out);
  REQUIRE(dot.nodes.size() == 6);
  for (const auto& [key, attributes] : dot.nodes) {
    INFO(key << ": " << attributes);
    const bool applied = key == "aa0000000001" || key == "bb0000000001";
    CHECK_THAT(attributes, Catch::Contains(applied ? "fillcolor=palegreen" : "fillcolor=orange"));
  }
  CHECK(dot.edges.size() == 6);

  auto mermaid = project.cli("graph", {"--format", "mermaid", "--db", db});
  REQUIRE(mermaid.exit_code == 0);
  CHECK_THAT(mermaid.out, Catch::Contains("class m0 applied"));
  CHECK_THAT(mermaid.out, Catch::Contains("class m5 pending"));
}
