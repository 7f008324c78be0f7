// Planning: which migrations run, in which order, for a target.
#include <catch2/catch.hpp>

#include "engine/plan.hpp"
#include "engine/project_loader.hpp"
#include "support/toy_adapter.hpp"

using namespace pm;

namespace {

std::vector<std::string> keys(const engine::Plan& plan) {
  std::vector<std::string> out;
  for (const auto* m : plan.migrations) out.push_back(m->key);
  return out;
}

model::Project linear() {
  return test::toy_project({test::toy_migration("1", {}), test::toy_migration("2", {}),
                            test::toy_migration("3", {}), test::toy_migration("4", {})});
}

}  // namespace

TEST_CASE("up plans every pending migration in order, or up to a target", "[engine]") {
  auto project = linear();
  CHECK(keys(engine::plan_up(project.history, {"1"}, std::nullopt)) == std::vector<std::string>{"2", "3", "4"});
  CHECK(keys(engine::plan_up(project.history, {"1"}, "3")) == std::vector<std::string>{"2", "3"});
  CHECK(keys(engine::plan_up(project.history, {}, "latest")).size() == 4);
  CHECK(keys(engine::plan_up(project.history, {"1", "2", "3", "4"}, std::nullopt)).empty());
}

TEST_CASE("down reverts the last applied by default, or down to a target, newest first", "[engine]") {
  auto project = linear();
  std::unordered_set<std::string> applied{"1", "2", "3"};
  CHECK(keys(engine::plan_down(project.history, applied, std::nullopt)) == std::vector<std::string>{"3"});
  CHECK(keys(engine::plan_down(project.history, applied, "1")) == std::vector<std::string>{"3", "2"});
  CHECK(keys(engine::plan_down(project.history, applied, "base")) == std::vector<std::string>{"3", "2", "1"});
  CHECK(keys(engine::plan_down(project.history, {}, std::nullopt)).empty());
}

TEST_CASE("targets resolve by exact key, then by unique prefix", "[engine]") {
  auto project = test::toy_project({test::toy_migration("ae10", {}), test::toy_migration("ae20", {}),
                                    test::toy_migration("b7", {})});
  CHECK(engine::resolve_target_key(project.history, "b") == "b7");
  CHECK(engine::resolve_target_key(project.history, "ae10") == "ae10");
  CHECK_THROWS_AS(engine::resolve_target_key(project.history, "ae"), engine::InputError);
  CHECK_THROWS_WITH(engine::resolve_target_key(project.history, "zz"), Catch::Contains("no migration matches"));
}

TEST_CASE("on a branched history a target takes only its own ancestors", "[engine]") {
  auto project = test::toy_project({test::toy_migration("a", {}), test::toy_migration("x", {}, {}, {"a"}),
                                    test::toy_migration("y", {}, {}, {"a"}),
                                    test::toy_migration("m", {}, {}, {"x", "y"})});
  CHECK(keys(engine::plan_up(project.history, {}, "x")) == std::vector<std::string>{"a", "x"});
  CHECK(keys(engine::plan_up(project.history, {"a", "x"}, std::nullopt)) == std::vector<std::string>{"y", "m"});
  CHECK(keys(engine::plan_down(project.history, {"a", "x", "y", "m"}, "y")) ==
        std::vector<std::string>{"m", "x"});
}
