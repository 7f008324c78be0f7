#include "engine/conversion_map.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace pm::engine {

namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;  // the file reads in the order it is written

// Checksums keep their native form: Flyway's CRC32 a number, the others text.
ordered checksum_json(const std::optional<model::Checksum>& checksum) {
  if (!checksum) return nullptr;
  if (checksum->form == model::Checksum::Form::number) return checksum->number;
  return checksum->text;
}

std::optional<model::Checksum> checksum_of(const json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer()) return model::Checksum::of_number(value.get<std::int64_t>());
  return model::Checksum::of_text(value.get<std::string>());
}

}  // namespace

std::string to_json_text(const ConversionMap& map) {
  ordered migrations = ordered::array();
  for (const auto& entry : map.entries)
    migrations.push_back({{"source_key", entry.source_key},
                          {"source_checksum", checksum_json(entry.source_checksum)},
                          {"target_key", entry.target_key},
                          {"target_checksum", checksum_json(entry.target_checksum)},
                          {"target_file", entry.target_file}});
  const json document{
      {"polymigrate_map", 1},
      {"source", {{"framework", map.source_framework}}},
      {"target", {{"framework", map.target_framework}, {"dialect", model::to_string(map.dialect)}}},
      {"linearized", map.linearized},
      {"migrations", migrations}};
  return document.dump(2) + "\n";
}

ConversionMap read_conversion_map(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::invalid_argument(file.string() +
                                " not found: adopt needs the map that `polymigrate convert` "
                                "writes into the converted project");
  try {
    const json document = json::parse(in);
    if (document.value("polymigrate_map", 0) != 1)
      throw std::invalid_argument("not a polymigrate map (no \"polymigrate_map\": 1)");
    ConversionMap map;
    map.source_framework = document.at("source").at("framework").get<std::string>();
    map.target_framework = document.at("target").at("framework").get<std::string>();
    const auto dialect =
        model::parse_dialect(document.at("target").at("dialect").get<std::string>());
    if (!dialect) throw std::invalid_argument("unknown target dialect");
    map.dialect = *dialect;
    map.linearized = document.value("linearized", false);
    for (const auto& item : document.at("migrations"))
      map.entries.push_back(
          {item.at("source_key").get<std::string>(), checksum_of(item.at("source_checksum")),
           item.at("target_key").get<std::string>(), checksum_of(item.at("target_checksum")),
           item.at("target_file").get<std::string>()});
    return map;
  } catch (const json::exception& error) {
    throw std::invalid_argument(file.string() + ": " + error.what());
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(file.string() + ": " + error.what());
  }
}

}  // namespace pm::engine
