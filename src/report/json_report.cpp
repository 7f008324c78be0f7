#include "report/json_report.hpp"

namespace pm::report {

namespace {

void write_checksum(JsonWriter& json, const std::optional<model::Checksum>& checksum) {
  if (!checksum)
    json.null();
  else if (checksum->form == model::Checksum::Form::number)
    json.value(checksum->number);
  else
    json.value(checksum->text);
}

void write_step(JsonWriter& json, const model::Step& step) {
  json.begin_object().field("type", model::step_type(step)).field("line", model::step_line(step));
  if (const auto* op = std::get_if<model::OpStep>(&step)) {
    json.field("op", model::op_name(op->op));
    if (!op->sql.empty()) json.field("sql", op->sql);
  } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
    json.field("sql", sql->text).field("understood", sql->understood);
    if (sql->no_transaction) json.field("no_transaction", true);
  } else if (const auto* opaque = std::get_if<model::OpaqueStep>(&step)) {
    json.field("language", opaque->language)
        .field("reason", opaque->reason)
        .field("code", opaque->code);
  }
  json.end_object();
}

void write_steps(JsonWriter& json, const model::Script& script) {
  json.begin_array();
  for (const auto& step : script) write_step(json, step);
  json.end_array();
}

void write_native(JsonWriter& json, const std::map<std::string, std::string>& extras) {
  json.key("native").begin_object();
  for (const auto& [name, text] : extras) json.field(name, text);
  json.end_object();
}

// The keys every migration has, without closing the object (status adds its own).
void write_migration_fields(JsonWriter& json, const model::Migration& m) {
  json.field("key", m.key)
      .field("version", m.version)
      .field("description", m.description)
      .field("kind", model::to_string(m.kind))
      .field("parents", m.parents)
      .field("file", m.source.file);
  json.key("checksum");
  write_checksum(json, m.checksum);
  json.field("has_down", m.down.has_value()).field("transactional", m.transactional);
  json.key("steps");
  write_steps(json, m.up);
  if (m.down) {
    json.key("down_steps");
    write_steps(json, *m.down);
  }
  if (!m.depends_on.empty()) json.field("depends_on", m.depends_on);
  if (!m.branch_labels.empty()) json.field("branch_labels", m.branch_labels);
  if (!m.extras.empty()) write_native(json, m.extras);
}

void write_row_fields(JsonWriter& json, const model::Applied& row) {
  json.field("key", row.key).field("version", row.version).field("description", row.description);
  json.key("checksum");
  write_checksum(json, row.checksum);
  json.field("applied_at", row.applied_at).field("success", row.success);
  json.key("execution_ms");
  if (row.execution_ms)
    json.value(*row.execution_ms);
  else
    json.null();
  if (!row.extras.empty()) write_native(json, row.extras);
}

void write_project_header(JsonWriter& json, const model::Project& project) {
  json.field("framework", project.framework)
      .field("root", project.root.string())
      .field("heads", project.history.heads());
  json.key("diagnostics");
  write_diagnostics(json, project.all_diagnostics());
}

}  // namespace

void write_diagnostics(JsonWriter& json, const model::Diagnostics& diagnostics) {
  json.begin_array();
  for (const auto& d : diagnostics) {
    json.begin_object()
        .field("severity", model::to_string(d.severity))
        .field("code", d.code)
        .field("message", d.message);
    json.key("file");
    if (d.file.empty())
      json.null();
    else
      json.value(d.file);
    json.key("line");
    if (d.line > 0)
      json.value(d.line);
    else
      json.null();
    json.end_object();
  }
  json.end_array();
}

void write_inspect_json(std::ostream& out, const model::Project& project) {
  JsonWriter json(out);
  json.begin_object();
  write_project_header(json, project);
  json.key("migrations").begin_array();
  for (std::size_t index : project.history.order()) {
    json.begin_object();
    write_migration_fields(json, project.history.migrations()[index]);
    json.end_object();
  }
  json.end_array().end_object();
}

void write_status_json(std::ostream& out, const model::Project& project,
                       const engine::StatusReport& status, const std::string& masked_database_url,
                       const std::string& version_table) {
  JsonWriter json(out);
  json.begin_object();
  write_project_header(json, project);
  json.key("migrations").begin_array();
  for (const auto& entry : status.entries) {
    json.begin_object();
    if (entry.migration) {
      write_migration_fields(json, *entry.migration);
    } else {
      json.field("key", entry.row->key)
          .field("version", entry.row->version)
          .field("description", entry.row->description)
          .null_field("kind")
          .field("parents", std::vector<std::string>{})
          .null_field("file");
      json.key("checksum");
      write_checksum(json, entry.row->checksum);
      json.field("has_down", false).field("steps", std::vector<std::string>{});
    }
    json.field("state", engine::to_string(entry.state));
    json.key("applied");
    if (entry.row) {
      json.begin_object();
      write_row_fields(json, *entry.row);
      json.end_object();
    } else {
      json.null();
    }
    json.end_object();
  }
  json.end_array();
  json.field("database", masked_database_url)
      .field("version_table", version_table)
      .field("up_to_date", status.up_to_date());
  // The native tool's own listing (`flyway info`), one object per line keyed by its columns.
  if (status.native) {
    json.key("native_status").begin_array();
    for (const auto& row : status.native->rows) {
      json.begin_object();
      for (std::size_t i = 0; i < row.size() && i < status.native->columns.size(); ++i)
        json.field(status.native->columns[i], row[i]);
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
}

void write_validate_json(std::ostream& out, const model::Project& project,
                         const model::Diagnostics& findings) {
  JsonWriter json(out);
  json.begin_object()
      .field("framework", project.framework)
      .field("root", project.root.string())
      .field("valid", !model::has_errors(findings));
  json.key("diagnostics");
  write_diagnostics(json, findings);
  json.end_object();
}

}  // namespace pm::report
