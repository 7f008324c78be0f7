// The JSON contract of `inspect --json`, `status --json` and `validate --format json`, documented
// in the README. Keys are stable: add, never rename or remove.
#pragma once

#include <nlohmann/json.hpp>

#include "db/connection.hpp"
#include "engine/status.hpp"
#include "model/project.hpp"

namespace pm::report {

nlohmann::json diagnostic_json(const model::Diagnostic& diagnostic);
nlohmann::json diagnostics_json(const model::Diagnostics& diagnostics);
nlohmann::json checksum_json(const std::optional<model::Checksum>& checksum);
nlohmann::json migration_json(const model::Migration& migration);
nlohmann::json applied_json(const model::Applied& row);

// {framework, root, diagnostics, migrations: [...in apply order]}
nlohmann::json inspect_json(const model::Project& project);
// inspect_json's keys, each migration with `state` (and `applied` when a row exists), rows without
// files appended with state "missing", plus `database` (masked URL) and `up_to_date`.
nlohmann::json status_json(const model::Project& project, const engine::StatusReport& status,
                           const std::string& masked_database_url, const std::string& version_table);

}  // namespace pm::report
