// The persistent map under the schema state: same answers as std::map, and old versions unchanged.
#include "schema/persistent_map.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <random>

TEST_CASE("persistent map: behaves as std::map and keeps old versions", "[schema][state]") {
  pm::schema::PersistentMap<int> map;
  std::map<std::string, int> expected;
  std::vector<std::pair<pm::schema::PersistentMap<int>, std::map<std::string, int>>> versions;
  std::mt19937 random(42);
  for (int step = 0; step < 3000; ++step) {
    const std::string key = "k" + std::to_string(random() % 500);
    if (random() % 3 == 0) {
      CHECK(map.erase(key) == (expected.erase(key) == 1));
    } else {
      map.set(key, step);
      expected[key] = step;
    }
    if (step % 300 == 0) versions.emplace_back(map, expected);
  }
  versions.emplace_back(map, expected);
  for (const auto& [version, reference] : versions) {
    REQUIRE(version.size() == reference.size());
    std::vector<std::pair<std::string, int>> seen;
    version.for_each([&](const std::string& k, int v) {
      seen.emplace_back(k, v);
      return true;
    });
    CHECK(seen == std::vector<std::pair<std::string, int>>(reference.begin(), reference.end()));
    for (const auto& [k, v] : reference) CHECK(*version.find(k) == v);
    CHECK(version.find("absent") == nullptr);
  }
}
