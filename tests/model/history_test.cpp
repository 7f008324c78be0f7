// The history DAG: deterministic order, heads and bases, and structural problems as diagnostics.
#include <catch2/catch.hpp>

#include "model/history.hpp"

using pm::model::History;
using pm::model::Migration;

namespace {

Migration make(std::string key, std::vector<std::string> parents = {}) {
  Migration m;
  m.key = std::move(key);
  m.parents = std::move(parents);
  m.source.file = "versions/" + m.key + ".py";
  m.source.line_begin = 1;
  return m;
}

std::vector<std::string> ordered_keys(const History& history) {
  std::vector<std::string> keys;
  for (auto index : history.order()) keys.push_back(history.migrations()[index].key);
  return keys;
}

}  // namespace

TEST_CASE("a linear history keeps the adapter's order and has one head", "[model]") {
  History history({make("1"), make("2", {"1"}), make("3", {"2"})});
  CHECK(ordered_keys(history) == std::vector<std::string>{"1", "2", "3"});
  CHECK(history.heads() == std::vector<std::string>{"3"});
  CHECK(history.bases() == std::vector<std::string>{"1"});
  CHECK(history.diagnostics().empty());
}

TEST_CASE("topological order does not depend on listing a child before its parent", "[model]") {
  History history({make("c", {"b"}), make("b", {"a"}), make("a")});
  CHECK(ordered_keys(history) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("branches and a merge: order is deterministic, ties broken by listing order", "[model]") {
  //      a
  //     / \       (x listed before y)
  //    x   y
  //     \ /
  //      m
  History history({make("a"), make("x", {"a"}), make("y", {"a"}), make("m", {"x", "y"})});
  CHECK(ordered_keys(history) == std::vector<std::string>{"a", "x", "y", "m"});
  CHECK(history.heads() == std::vector<std::string>{"m"});
  CHECK(history.children("a") == std::vector<std::string>{"x", "y"});

  History unmerged({make("a"), make("y", {"a"}), make("x", {"a"})});
  CHECK(ordered_keys(unmerged) == std::vector<std::string>{"a", "y", "x"});
  CHECK(unmerged.heads() == std::vector<std::string>{"y", "x"});
}

TEST_CASE("two bases are both roots", "[model]") {
  History history({make("a"), make("b"), make("c", {"b"})});
  CHECK(history.bases() == std::vector<std::string>{"a", "b"});
  CHECK(history.heads() == std::vector<std::string>{"a", "c"});
}

TEST_CASE("a cycle is reported with code PM103 and left out of the order", "[model]") {
  History history({make("a"), make("b", {"a", "d"}), make("c", {"b"}), make("d", {"c"})});
  CHECK(ordered_keys(history) == std::vector<std::string>{"a"});
  REQUIRE(history.diagnostics().size() == 3);
  for (const auto& d : history.diagnostics()) {
    CHECK(d.code == "PM103");
    CHECK(d.line == 1);
  }
  CHECK(history.diagnostics()[0].file == "versions/b.py");
}

TEST_CASE("a self-reference is a cycle", "[model]") {
  History history({make("a", {"a"})});
  CHECK(history.order().empty());
  REQUIRE(history.diagnostics().size() == 1);
  CHECK(history.diagnostics()[0].code == "PM103");
}

TEST_CASE("a missing parent is PM102 and the child still orders after its known parents", "[model]") {
  History history({make("a"), make("b", {"a", "ghost"})});
  CHECK(ordered_keys(history) == std::vector<std::string>{"a", "b"});
  REQUIRE(history.diagnostics().size() == 1);
  CHECK(history.diagnostics()[0].code == "PM102");
  CHECK(history.diagnostics()[0].message.find("ghost") != std::string::npos);
}

TEST_CASE("a duplicate key is PM101 naming both files", "[model]") {
  auto second = make("a");
  second.source.file = "versions/other.py";
  History history({make("a"), second});
  REQUIRE(history.diagnostics().size() == 1);
  CHECK(history.diagnostics()[0].code == "PM101");
  CHECK(history.diagnostics()[0].file == "versions/other.py");
  CHECK(history.diagnostics()[0].message.find("versions/a.py") != std::string::npos);
  CHECK(history.order().size() == 1);
}

TEST_CASE("ten thousand linear migrations order in linear time", "[model]") {
  std::vector<Migration> migrations;
  for (int i = 0; i < 10000; ++i)
    migrations.push_back(make(std::to_string(i), i ? std::vector<std::string>{std::to_string(i - 1)}
                                                   : std::vector<std::string>{}));
  History history(std::move(migrations));
  CHECK(history.order().size() == 10000);
  CHECK(history.heads() == std::vector<std::string>{"9999"});
}
