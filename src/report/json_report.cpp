#include "report/json_report.hpp"

namespace pm::report {

using nlohmann::json;

json diagnostic_json(const model::Diagnostic& d) {
  return {{"severity", model::to_string(d.severity)},
          {"code", d.code},
          {"message", d.message},
          {"file", d.file.empty() ? json(nullptr) : json(d.file)},
          {"line", d.line > 0 ? json(d.line) : json(nullptr)}};
}

json diagnostics_json(const model::Diagnostics& diagnostics) {
  json out = json::array();
  for (const auto& d : diagnostics) out.push_back(diagnostic_json(d));
  return out;
}

json checksum_json(const std::optional<model::Checksum>& checksum) {
  if (!checksum) return nullptr;
  if (checksum->form == model::Checksum::Form::number) return checksum->number;
  return checksum->text;
}

namespace {

json step_json(const model::Step& step) {
  json out = {{"type", model::step_type(step)}, {"line", model::step_line(step)}};
  if (const auto* op = std::get_if<model::OpStep>(&step)) {
    out["op"] = model::op_name(op->op);
    if (!op->sql.empty()) out["sql"] = op->sql;
  } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
    out["sql"] = sql->text;
    out["understood"] = sql->understood;
    if (sql->no_transaction) out["no_transaction"] = true;
  } else if (const auto* opaque = std::get_if<model::OpaqueStep>(&step)) {
    out["language"] = opaque->language;
    out["reason"] = opaque->reason;
    out["line"] = opaque->source.line_begin;
    out["code"] = opaque->code;
  }
  return out;
}

json steps_json(const model::Script& script) {
  json out = json::array();
  for (const auto& step : script) out.push_back(step_json(step));
  return out;
}

json strings_json(const std::vector<std::string>& values) { return json(values); }

}  // namespace

json migration_json(const model::Migration& m) {
  json out = {{"key", m.key},
              {"version", m.version ? json(*m.version) : json(nullptr)},
              {"description", m.description},
              {"kind", model::to_string(m.kind)},
              {"parents", strings_json(m.parents)},
              {"file", m.source.file},
              {"checksum", checksum_json(m.checksum)},
              {"has_down", m.down.has_value()},
              {"transactional", m.transactional},
              {"steps", steps_json(m.up)}};
  if (!m.depends_on.empty()) out["depends_on"] = strings_json(m.depends_on);
  if (!m.branch_labels.empty()) out["branch_labels"] = strings_json(m.branch_labels);
  if (m.down) out["down_steps"] = steps_json(*m.down);
  if (!m.extras.empty()) out["native"] = m.extras;
  return out;
}

json applied_json(const model::Applied& row) {
  json out = {{"key", row.key},
              {"version", row.version ? json(*row.version) : json(nullptr)},
              {"description", row.description},
              {"checksum", checksum_json(row.checksum)},
              {"applied_at", row.applied_at},
              {"success", row.success},
              {"execution_ms", row.execution_ms ? json(*row.execution_ms) : json(nullptr)}};
  if (!row.extras.empty()) out["native"] = row.extras;
  return out;
}

json inspect_json(const model::Project& project) {
  json migrations = json::array();
  for (std::size_t index : project.history.order())
    migrations.push_back(migration_json(project.history.migrations()[index]));
  return {{"framework", project.framework},
          {"root", project.root.string()},
          {"heads", project.history.heads()},
          {"diagnostics", diagnostics_json(project.all_diagnostics())},
          {"migrations", std::move(migrations)}};
}

json status_json(const model::Project& project, const engine::StatusReport& status,
                 const std::string& masked_database_url, const std::string& version_table) {
  json out = inspect_json(project);
  json migrations = json::array();
  for (const auto& entry : status.entries) {
    json item;
    if (entry.migration) {
      item = migration_json(*entry.migration);
    } else {
      item = {{"key", entry.row->key},
              {"version", entry.row->version ? json(*entry.row->version) : json(nullptr)},
              {"description", entry.row->description},
              {"kind", nullptr},
              {"parents", json::array()},
              {"file", nullptr},
              {"checksum", checksum_json(entry.row->checksum)},
              {"has_down", false},
              {"steps", json::array()}};
    }
    item["state"] = engine::to_string(entry.state);
    item["applied"] = entry.row ? applied_json(*entry.row) : json(nullptr);
    migrations.push_back(std::move(item));
  }
  out["migrations"] = std::move(migrations);
  out["database"] = masked_database_url;
  out["version_table"] = version_table;
  out["up_to_date"] = status.up_to_date();
  return out;
}

}  // namespace pm::report
