#include "adapters/flyway/repair.hpp"

#include "adapters/flyway/history_table.hpp"
#include "adapters/flyway/migration_info.hpp"

namespace pm::flyway {

namespace {

bool is_synthetic_or_undo(const std::string& type) {
  return type == "SCHEMA" || type == "BASELINE" || type == "DELETE" || type == "UNDO_SQL" ||
         type == "UNDO_SCRIPT";
}

std::string shown(const MigrationInfo& info) {
  return info.version().value_or("") + (info.version() ? " (" : "(") + info.description() + ")";
}

std::optional<std::int64_t> number_of(const std::optional<model::Checksum>& checksum) {
  if (checksum && checksum->form == model::Checksum::Form::number) return checksum->number;
  return std::nullopt;
}

std::string type_of(const model::Migration& migration) {
  auto found = migration.extras.find("type");
  return found == migration.extras.end() ? "SQL" : found->second;
}

std::int64_t rank_of(const model::Applied& row) {
  return std::stoll(row.extras.at("installed_rank"));
}

// Runs `work` in one transaction under Flyway's lock (ExecutionTemplate + the table's lock).
template <typename Work>
void locked_transaction(db::Connection& conn, FlywayHistoryTable& table, Work work) {
  table.lock(conn);
  try {
    conn.begin();
    work();
    conn.commit();
  } catch (...) {
    if (conn.in_transaction()) conn.rollback();
    try {
      table.unlock(conn);
    } catch (...) {
      // The first error is the one to report; the server drops session locks with the connection.
    }
    throw;
  }
  table.unlock(conn);
}

}  // namespace

RepairResult repair(db::Connection& conn, const model::Project& project) {
  FlywayHistoryTable table(history_table_settings(project.config), conn.dialect());
  RepairResult result;
  if (!table.exists(conn)) return result;  // "not necessary as table doesn't exist"
  const InfoContext configured = info_context_of(project.config.settings);

  locked_transaction(conn, table, [&] {
    for (const auto& row : table.read(conn))
      if (!row.success) {
        table.delete_failed(conn, row);
        result.removed.push_back(row.version.value_or("") + (row.version ? " (" : "(") +
                                 row.description + ")");
      }

    // DbRepair's own info service: latest target, outOfOrder on, every pattern ignored.
    const std::vector<model::Applied> rows = table.read(conn);
    InfoContext context;
    context.out_of_order = true;
    context.ignore_patterns = {{"*", "*"}};
    MigrationInfoService service(project.history, rows, context);

    for (const auto& info : service.all()) {
      if (!info.applied || is_synthetic_or_undo(info.type())) continue;
      const bool missing = info.state == MigrationState::missing_success ||
                           info.state == MigrationState::missing_failed ||
                           info.state == MigrationState::future_success ||
                           info.state == MigrationState::future_failed;
      bool ignored = false;
      for (const auto& pattern : configured.ignore_patterns)
        ignored = ignored || pattern.matches(info.version().has_value(), info.state);
      if (!missing || ignored) continue;
      const model::Applied& row = *info.applied;
      auto script = row.extras.find("script");
      table.insert(conn, {row.version, row.description, "DELETE",
                          script == row.extras.end() ? "" : script->second, number_of(row.checksum),
                          0, row.success});
      result.deleted.push_back(shown(info));
    }

    for (const auto& info : service.all()) {
      if (!info.resolved || !info.applied || is_synthetic_or_undo(info.type())) continue;
      if (info.state == MigrationState::undone || info.state == MigrationState::ignored) continue;
      const model::Migration& file = *info.resolved;
      const model::Applied& row = *info.applied;
      bool needed;
      if (file.version) {
        needed = !resolved_checksum_matches(file, row.checksum) ||
                 file.description != row.description || type_of(file) != info.type();
      } else {
        // checksumMatchesWithoutBeingIdentical: the row has the raw-text checksum of a file
        // with placeholders.
        auto equivalent = file.extras.find("equivalent_checksum");
        needed = row.checksum && equivalent != file.extras.end() &&
                 std::to_string(row.checksum->number) == equivalent->second &&
                 !(file.checksum == row.checksum);
      }
      if (!needed) continue;
      table.update(conn, rank_of(row), file.description, type_of(file), number_of(file.checksum));
      result.aligned.push_back(shown(info));
    }
  });
  return result;
}

std::string baseline(db::Connection& conn, const model::Project& project) {
  FlywayHistoryTable table(history_table_settings(project.config), conn.dialect());
  const auto& settings = table.settings();
  const std::string version = MigrationVersion::parse(settings.baseline_version)
                                  .value_or(*MigrationVersion::parse("1"))
                                  .text();
  const std::string& description = settings.baseline_description;

  locked_transaction(conn, table, [&] {
    if (!table.exists(conn)) {
      table.create(conn);
      table.insert_baseline(conn);
      return;
    }
    const auto rows = table.read(conn);
    const std::string name = "\"" + table.schema(conn) + "\".\"" + settings.table + "\"";
    for (const auto& row : rows) {
      if (row.extras.at("type") != "BASELINE") continue;
      if (row.version == version && row.description == description) return;  // "Skipping."
      throw FlywayError("Unable to baseline schema history table " + name + " with (" + version +
                        "," + description + ") as it has already been baselined with (" +
                        row.version.value_or("") + "," + row.description + ")");
    }
    bool schema_marker = false, migrations = false;
    for (const auto& row : rows) {
      const std::string& type = row.extras.at("type");
      schema_marker = schema_marker || type == "SCHEMA";
      migrations = migrations || !(type == "SCHEMA" || type == "BASELINE" || type == "DELETE");
    }
    if (schema_marker && version == "0")
      throw FlywayError("Unable to baseline schema history table " + name +
                        " with version 0 as this version was used for schema creation");
    if (migrations)
      throw FlywayError("Unable to baseline schema history table " + name +
                        " as it already contains migrations");
    if (rows.empty())
      throw FlywayError(
          "Unable to baseline schema history table " + name +
          " as it already exists, and is empty.\nDelete the schema history table, and run "
          "baseline again.");
    throw FlywayError(
        "Unable to baseline schema history table " + name +
        " as it already contains migrations.\nDelete the schema history table, and run "
        "baseline again.");
  });
  return version;
}

}  // namespace pm::flyway
