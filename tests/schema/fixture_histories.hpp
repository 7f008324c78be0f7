// The hand-written histories under fixtures/schema/, loaded as a History of SQL steps per dialect
// (one migration per NNN_name.sql file, each the parent of the next).
#pragma once

#include <string>
#include <vector>

#include "model/history.hpp"

namespace pm::test {

struct FixtureFile {
  std::string name;  // "001_customers_products.sql"
  std::string sql;
};

struct FixtureHistory {
  std::string name;  // folder name, e.g. "shop"
  model::Dialect dialect;
  std::vector<FixtureFile> files;
  model::History history;
};

// Every history that runs on `dialect`: the dialect-neutral folders and the folders with a
// subfolder named after the dialect ("postgresql", "sqlite").
std::vector<FixtureHistory> schema_fixture_histories(model::Dialect dialect);

}  // namespace pm::test
