// polymigrate-map.json: what `convert` wrote for each source migration, read back by `adopt`
// to move a live database's version table from the source tool to the target tool.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/migration.hpp"
#include "model/script.hpp"

namespace pm::engine {

inline constexpr const char* kConversionMapFile = "polymigrate-map.json";

struct ConversionMapEntry {
  std::string source_key;
  std::optional<model::Checksum> source_checksum;
  std::string target_key;
  std::optional<model::Checksum> target_checksum;
  std::string target_file;  // relative to the converted project's root
};

struct ConversionMap {
  std::string source_framework;
  std::string target_framework;
  model::Dialect dialect = model::Dialect::sqlite;
  bool linearized = false;                  // the source's DAG became one line
  std::vector<ConversionMapEntry> entries;  // in the target's apply order
};

std::string to_json_text(const ConversionMap& map);
// Throws std::invalid_argument naming the file when it is not a map polymigrate wrote.
ConversionMap read_conversion_map(const std::filesystem::path& file);

}  // namespace pm::engine
