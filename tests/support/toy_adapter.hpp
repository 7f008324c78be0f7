// A minimal adapter for engine tests: migrations built in code, a one-table version table
// (`toy_versions`), and a policy the test chooses. It exercises the engine without any framework.
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::test {

model::Migration toy_migration(std::string key, std::vector<std::string> up_sql,
                               std::vector<std::string> down_sql = {}, std::vector<std::string> parents = {});

// Each migration's parent is the previous one unless it names its own.
model::Project toy_project(std::vector<model::Migration> migrations);

class ToyAdapter : public adapters::Adapter {
 public:
  adapters::RunPolicy policy;

  std::string_view name() const override { return "toy"; }
  bool detect(const std::filesystem::path&) const override { return false; }
  model::Project load(const std::filesystem::path&, const adapters::LoadOptions&) const override { return {}; }
  std::unique_ptr<adapters::VersionTable> version_table(const model::Project&, model::Dialect) const override;
  adapters::RunPolicy run_policy(const model::Project&, model::Dialect) const override { return policy; }
};

}  // namespace pm::test
