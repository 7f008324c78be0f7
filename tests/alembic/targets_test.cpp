// Targets resolve as Alembic's RevisionMap resolves them.
#include "adapters/alembic/targets.hpp"

#include <catch2/catch.hpp>

using namespace pm;
using namespace pm::alembic;

namespace {
model::Migration rev(std::string id, std::vector<std::string> down,
                     std::vector<std::string> labels = {}) {
  model::Migration m;
  m.key = std::move(id);
  m.parents = std::move(down);
  m.branch_labels = std::move(labels);
  return m;
}
}  // namespace

TEST_CASE("head, heads, base and the multiple heads error", "[alembic]") {
  RevisionGraph linear({rev("ae1027a6acf0", {}), rev("27c6a30d7c24", {"ae1027a6acf0"})});
  CHECK(resolve_alembic_target(linear, {}, "head", true) == "27c6a30d7c24");
  CHECK(resolve_alembic_target(linear, {}, "heads", true) == "latest");
  CHECK(resolve_alembic_target(linear, {}, "base", false) == "base");
  CHECK(resolve_alembic_target(linear, {}, "27c6", true) == "27c6a30d7c24");  // a unique prefix

  RevisionGraph forked(
      {rev("a1", {}), rev("b1", {"a1"}, {"billing"}), rev("c1", {"a1"}), rev("b2", {"b1"})});
  CHECK_THROWS_WITH(
      resolve_alembic_target(forked, {}, "head", true),
      "Multiple head revisions are present for given argument 'head'; please specify a specific "
      "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all "
      "heads");
  CHECK(resolve_alembic_target(forked, {}, "billing@head", true) == "b2");
  CHECK(resolve_alembic_target(forked, {}, "c1@head", true) == "c1");
  CHECK(resolve_alembic_target(forked, {}, "billing", true) == "b1");
  CHECK_THROWS_WITH(resolve_alembic_target(forked, {}, "zz", true),
                    "Can't locate revision identified by 'zz'");
}

TEST_CASE("relative targets: +N from the database's head, -N down, rev+N", "[alembic]") {
  RevisionGraph graph({rev("r1", {}), rev("r2", {"r1"}), rev("r3", {"r2"}), rev("r4", {"r3"})});
  CHECK(resolve_alembic_target(graph, {}, "+1", true) == "r1");
  CHECK(resolve_alembic_target(graph, {"r1", "r2"}, "+2", true) == "r4");
  CHECK(resolve_alembic_target(graph, {"r1", "r2", "r3"}, "-1", false) == "r2");
  CHECK(resolve_alembic_target(graph, {"r1", "r2"}, "-2", false) == "base");
  CHECK(resolve_alembic_target(graph, {}, "r2+1", true) == "r3");
  CHECK_THROWS_WITH(resolve_alembic_target(graph, {"r1"}, "-3", false),
                    Catch::Contains("didn't produce 3"));
}
