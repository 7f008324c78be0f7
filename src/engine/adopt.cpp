#include "engine/adopt.hpp"

#include <unordered_map>
#include <unordered_set>

#include "engine/conversion_map.hpp"
#include "engine/drift.hpp"
#include "engine/migrate.hpp"
#include "schema/compare.hpp"

namespace pm::engine {

namespace {

ConversionMap read_map(const LoadedProject& target, const LoadedProject& source,
                       model::Dialect dialect) {
  ConversionMap map = read_conversion_map(target.project.root / kConversionMapFile);
  if (map.source_framework != source.project.framework ||
      map.target_framework != target.project.framework)
    throw InputError("the map in " + target.project.root.string() + " converts " +
                     map.source_framework + " to " + map.target_framework + ", not " +
                     source.project.framework + " to " + target.project.framework);
  if (map.dialect != dialect)
    throw InputError("the project was converted for " + std::string(model::to_string(map.dialect)) +
                     " and the database is " + model::to_string(dialect) +
                     ": convert again with --dialect " + model::to_string(dialect));
  return map;
}

model::Diagnostic refusal(const char* code, std::string message, std::string file = {}) {
  return {model::Severity::error, code, std::move(message), std::move(file), 0};
}

}  // namespace

AdoptResult adopt(db::Connection& conn, const LoadedProject& target, const LoadedProject& source,
                  bool dry_run) {
  const model::Dialect dialect = conn.dialect();
  const ConversionMap map = read_map(target, source, dialect);
  auto source_table = source.adapter->version_table(source.project, dialect);
  auto target_table = target.adapter->version_table(target.project, dialect);
  AdoptResult result{source_table->name(), target_table->name(), {}, {}};

  // What the source tool applied, and that it is all sound.
  const StatusReport status = read_status(conn, *source.adapter, source.project);
  model::Diagnostics refused;
  for (auto& finding : status_findings(status))
    if (finding.severity == model::Severity::error) refused.push_back(std::move(finding));
  const auto applied = source.adapter->applied_keys(source.project.history, status.rows);

  std::unordered_map<std::string, const ConversionMapEntry*> by_source;
  for (const auto& entry : map.entries) by_source[entry.source_key] = &entry;
  for (const auto& key : applied) {
    const auto entry = by_source.find(key);
    const model::Migration* migration = source.project.history.find(key);
    if (entry == by_source.end()) {
      refused.push_back(refusal("PM411",
                                "migration '" + key +
                                    "' is applied but the map has no entry for "
                                    "it: convert the source project again",
                                migration ? migration->source.file : std::string()));
    } else if (migration && entry->second->source_checksum != migration->checksum) {
      refused.push_back(refusal(
          "PM415",
          "migration '" + key + "' changed since the convert: convert the source project again",
          migration->source.file));
    }
  }

  // The target's migrations to record: the first ones of its order, with no gap.
  std::vector<const model::Migration*> to_record;
  std::string first_pending;
  for (const auto& entry : map.entries) {
    if (!applied.count(entry.source_key)) {
      if (first_pending.empty()) first_pending = entry.source_key;
      continue;
    }
    if (!first_pending.empty()) {
      refused.push_back(refusal("PM412", "migration '" + entry.source_key + "' is applied but '" +
                                             first_pending +
                                             "', before it in the converted order, is not: the "
                                             "target tool would see a gap"));
      continue;
    }
    const model::Migration* migration = target.project.history.find(entry.target_key);
    if (!migration)
      refused.push_back(refusal(
          "PM411",
          "the converted project has no migration '" + entry.target_key + "' that the map names",
          entry.target_file));
    else
      to_record.push_back(migration);
  }

  if (target_table->exists(conn) && !target_table->read(conn).empty())
    refused.push_back(refusal(
        "PM414", result.target_table + " already holds rows: adopt writes a new table only"));

  // The database must hold what the applied source migrations build (as the source tool ran
  // them), the version tables of both tools left out.
  const schema::SchemaState expected = applied_schema(source, applied, dialect);
  std::vector<std::string> version_tables = source_table->kept_tables();
  for (const auto& name : target_table->kept_tables()) version_tables.push_back(name);
  for (const auto& difference : schema::compare(expected, live_schema(conn, version_tables)))
    refused.push_back(refusal("PM413", "the database differs from the schema its " +
                                           source.project.framework +
                                           " history builds: " + difference));

  if (!refused.empty())
    throw RefusedError("the database cannot be adopted; nothing was changed", std::move(refused));

  conn.begin();
  try {
    target_table->create_for_adopt(conn);
    target_table->lock(conn);
    for (const auto* migration : to_record) {
      target_table->before_apply(conn, *migration);
      target_table->after_apply(conn, *migration, {0, {}});
      result.adopted.push_back(migration->key);
    }
    result.rows = target_table->read(conn);
    target_table->unlock(conn);
    if (dry_run)
      conn.rollback();
    else
      conn.commit();
  } catch (...) {
    if (conn.in_transaction()) conn.rollback();
    throw;
  }
  return result;
}

}  // namespace pm::engine
