// The JSON contract of `inspect --json`, `status --json` and `validate --format json`, documented
// in the README. Keys are stable: add, never rename or remove. Written by streaming (JsonWriter).
#pragma once

#include <ostream>
#include <string>

#include "engine/status.hpp"
#include "model/project.hpp"
#include "report/json_writer.hpp"

namespace pm::report {

void write_diagnostics(JsonWriter& json, const model::Diagnostics& diagnostics);

// {framework, root, heads, diagnostics, migrations: [...in apply order]}
void write_inspect_json(std::ostream& out, const model::Project& project);

// write_inspect_json's keys, each migration with `state` and `applied` (the row, or null), rows
// without files appended with state "missing", plus `database` (masked URL), `version_table`
// and `up_to_date`.
void write_status_json(std::ostream& out, const model::Project& project, const engine::StatusReport& status,
                       const std::string& masked_database_url, const std::string& version_table);

// {framework, root, valid, diagnostics}
void write_validate_json(std::ostream& out, const model::Project& project, const model::Diagnostics& findings);

}  // namespace pm::report
