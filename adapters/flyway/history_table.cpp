#include "adapters/flyway/history_table.hpp"

#include <algorithm>
#include <chrono>
#include <type_traits>

#include "adapters/flyway/config.hpp"
#include "adapters/flyway/java_string.hpp"
#include "adapters/flyway/version.hpp"
#include "db/connection.hpp"

namespace pm::flyway {

namespace {

std::string quote_name(const std::string& name) { return "\"" + name + "\""; }

// The db layer's Value, read without depending on its helpers' exact text rules.
std::optional<std::string> text_of(const db::Value& value) {
  return std::visit(
      [](const auto& v) -> std::optional<std::string> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, db::Null>)
          return std::nullopt;
        else if constexpr (std::is_same_v<T, std::string>)
          return v;
        else if constexpr (std::is_same_v<T, bool>)
          return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, double>)
          return std::to_string(v);
        else
          return std::to_string(v);
      },
      value);
}

std::optional<std::int64_t> int_of(const db::Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<std::int64_t>(*d);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? 1 : 0;
  if (const auto* s = std::get_if<std::string>(&value)) {
    try {
      std::size_t used = 0;
      std::int64_t n = std::stoll(*s, &used);
      if (used == s->size()) return n;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

bool bool_of(const db::Value& value) {
  if (const auto* b = std::get_if<bool>(&value)) return *b;
  if (auto i = int_of(value)) return *i != 0;
  if (auto s = text_of(value)) return *s == "t" || *s == "true" || *s == "TRUE";
  return false;
}

std::string java_substring(const std::string& utf8, std::size_t from, std::size_t to) {
  std::u16string chars = to_java_chars(utf8).substr(from, to - from);
  std::string out;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    std::uint32_t cp = chars[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < chars.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (chars[i + 1] - 0xDC00);
      ++i;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace

FlywayHistoryTable::FlywayHistoryTable(HistoryTableSettings settings, model::Dialect dialect)
    : settings_(std::move(settings)), dialect_(dialect) {
  if (dialect_ == model::Dialect::sqlite) settings_.schema = "main";
}

std::string FlywayHistoryTable::name() const {
  return (settings_.schema.empty() ? std::string() : settings_.schema + ".") + settings_.table;
}

bool FlywayHistoryTable::exists(db::Connection& conn) {
  return conn.table_exists(schema(conn), settings_.table);
}

void FlywayHistoryTable::ensure(db::Connection& conn) {
  if (exists(conn)) return;
  if (!schema_empty(conn)) {
    if (!settings_.baseline_on_migrate)
      throw FlywayError("Found non-empty schema(s) \"" + schema(conn) +
                        "\" but no schema history table. Use baseline() or set "
                        "baselineOnMigrate to true to initialize the schema history table.");
    // Flyway.migrate -> doBaseline: the table and its baseline row in one script.
    const bool transaction = !conn.in_transaction();
    if (transaction) conn.begin();
    try {
      create(conn);
      insert_baseline(conn);
      if (transaction) conn.commit();
    } catch (...) {
      if (transaction && conn.in_transaction()) conn.rollback();
      throw;
    }
    return;
  }
  create(conn);
}

void FlywayHistoryTable::create(db::Connection& conn) {
  created_ = true;
  const std::string& s = schema(conn);
  conn.exec_script(dialect_ == model::Dialect::postgresql
                       ? postgresql_create_script(s, settings_.table)
                       : sqlite_create_script(s, settings_.table));
}

void FlywayHistoryTable::insert_baseline(db::Connection& conn) {
  HistoryRow row;
  row.version = MigrationVersion::parse(settings_.baseline_version)
                    .value_or(*MigrationVersion::parse("1"))
                    .text();
  row.description = settings_.baseline_description;
  row.type = "BASELINE";
  row.script = settings_.baseline_description;
  insert(conn, row);
}

bool FlywayHistoryTable::schema_empty(db::Connection& conn) {
  if (dialect_ == model::Dialect::postgresql) {
    const std::string& s = schema(conn);
    db::ResultSet found = conn.query(
        "SELECT EXISTS (\n"
        "    SELECT c.oid FROM pg_catalog.pg_class c\n"
        "    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
        "    LEFT JOIN pg_catalog.pg_depend d ON d.objid = c.oid AND d.deptype = 'e'\n"
        "    WHERE  n.nspname = $1 AND d.objid IS NULL AND c.relkind IN ('r', 'v', 'S', 't')\n"
        "  UNION ALL\n"
        "    SELECT t.oid FROM pg_catalog.pg_type t\n"
        "    JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
        "    LEFT JOIN pg_catalog.pg_depend d ON d.objid = t.oid AND d.deptype = 'e'\n"
        "    WHERE n.nspname = $2 AND d.objid IS NULL AND t.typcategory NOT IN ('A', 'C')\n"
        "  UNION ALL\n"
        "    SELECT p.oid FROM pg_catalog.pg_proc p\n"
        "    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
        "    LEFT JOIN pg_catalog.pg_depend d ON d.objid = p.oid AND d.deptype = 'e'\n"
        "    WHERE n.nspname = $3 AND d.objid IS NULL\n"
        ")",
        {s, s, s});
    return found.rows.empty() || found.rows[0].empty() || !bool_of(found.rows[0][0]);
  }
  db::ResultSet tables = conn.query("SELECT tbl_name FROM " + quote_name(schema(conn)) +
                                    ".sqlite_master WHERE type='table'");
  for (const auto& row : tables.rows) {
    auto table = row.empty() ? std::nullopt : text_of(row[0]);
    if (table && *table != "android_metadata" && *table != "sqlite_sequence") return false;
  }
  return true;
}

std::vector<model::Applied> FlywayHistoryTable::read(db::Connection& conn) {
  std::vector<model::Applied> rows;
  if (!exists(conn)) return rows;
  // Database.getSelectStatement, with Flyway's first refresh bound (installed_rank > -1).
  db::ResultSet result = conn.query(
      "SELECT "
      "\"installed_rank\",\"version\",\"description\",\"type\",\"script\",\"checksum\","
      "\"installed_on\","
      "\"installed_by\",\"execution_time\",\"success\" FROM " +
          qualified(conn) + " WHERE \"installed_rank\" > $1 ORDER BY \"installed_rank\"",
      {std::int64_t{-1}});
  // Columns by lower-cased name, as JdbcTableSchemaHistory.refreshCache does.
  auto column = [&](const char* wanted) {
    for (std::size_t i = 0; i < result.columns.size(); ++i) {
      std::string name = result.columns[i];
      for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (name == wanted) return static_cast<int>(i);
    }
    return -1;
  };
  const int rank = column("installed_rank"), version = column("version"),
            description = column("description"), type = column("type"), script = column("script"),
            checksum = column("checksum"), installed_on = column("installed_on"),
            installed_by = column("installed_by"), execution_time = column("execution_time"),
            success = column("success");
  auto cell = [](const std::vector<db::Value>& row, int index) -> db::Value {
    return index >= 0 && static_cast<std::size_t>(index) < row.size()
               ? row[static_cast<std::size_t>(index)]
               : db::Value{db::Null{}};
  };
  for (const auto& row : result.rows) {
    model::Applied applied;
    applied.version = text_of(cell(row, version));
    applied.description = text_of(cell(row, description)).value_or("");
    applied.key = applied.version ? *applied.version : applied.description;
    if (auto sum = int_of(cell(row, checksum))) applied.checksum = model::Checksum::of_number(*sum);
    applied.applied_at = text_of(cell(row, installed_on)).value_or("");
    applied.success = bool_of(cell(row, success));
    applied.execution_ms = int_of(cell(row, execution_time));
    std::string row_type = text_of(cell(row, type)).value_or("");
    if (row_type == "SPRING_JDBC") row_type = "JDBC";  // legacy name Flyway reads as JDBC
    applied.marker = row_type == "BASELINE" || row_type == "SCHEMA";
    if (row_type == "SQL_BASELINE" && applied.version)
      applied.key = settings_.baseline_migration_prefix + *applied.version;
    applied.extras["installed_rank"] = text_of(cell(row, rank)).value_or("");
    applied.extras["type"] = row_type;
    applied.extras["script"] = text_of(cell(row, script)).value_or("");
    applied.extras["installed_by"] = text_of(cell(row, installed_by)).value_or("");
    rows.push_back(std::move(applied));
  }
  // A DELETE row (repair's "marked as deleted") and the row it deletes record no migration of
  // their own: no file is missing for them.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].extras["type"] != "DELETE" || !rows[i].success) continue;
    rows[i].marker = true;
    for (std::size_t j = i; j-- > 0;) {
      const std::string& type = rows[j].extras["type"];
      if (type == "SCHEMA" || type == "BASELINE" || type == "DELETE") continue;
      if (rows[j].version == rows[i].version &&
          (rows[i].version || rows[j].description == rows[i].description)) {
        rows[j].marker = true;
        break;
      }
    }
  }
  return rows;
}

void FlywayHistoryTable::lock(db::Connection& conn) {
  if (dialect_ != model::Dialect::postgresql || !conn.supports_advisory_locks()) return;
  std::int64_t key = postgresql_lock_key(schema(conn), settings_.table);
  if (!conn.advisory_lock(key, std::chrono::seconds(settings_.lock_retry_count)))
    throw db::DatabaseError(
        "Number of retries exceeded while attempting to acquire PostgreSQL advisory lock (" +
        std::to_string(key) + ")");
  locked_key_ = key;
}

void FlywayHistoryTable::unlock(db::Connection& conn) {
  if (!locked_key_) return;
  conn.advisory_unlock(*locked_key_);
  locked_key_.reset();
}

namespace {

std::string extra(const model::Migration& migration, const char* key) {
  auto found = migration.extras.find(key);
  return found == migration.extras.end() ? migration.source.file : found->second;
}

std::optional<std::int64_t> number_of(const std::optional<model::Checksum>& checksum) {
  if (checksum && checksum->form == model::Checksum::Form::number) return checksum->number;
  return std::nullopt;
}

// SQL, or SQL_BASELINE for a baseline migration (B file).
HistoryRow row_for(const model::Migration& migration, std::int64_t execution_ms, bool success) {
  auto type = migration.extras.find("type");
  return {migration.version,
          migration.description,
          type == migration.extras.end() ? "SQL" : type->second,
          extra(migration, "script"),
          number_of(migration.checksum),
          execution_ms,
          success};
}

}  // namespace

void FlywayHistoryTable::after_apply(db::Connection& conn, const model::Migration& migration,
                                     const adapters::ApplyOutcome& outcome) {
  insert(conn, row_for(migration, outcome.execution_ms, true));
}

void FlywayHistoryTable::after_failure(db::Connection& conn, const model::Migration& migration,
                                       const adapters::ApplyOutcome& outcome, bool rolled_back) {
  if (rolled_back) return;
  insert(conn, row_for(migration, outcome.execution_ms, false));
}

void FlywayHistoryTable::after_revert(db::Connection& conn, const model::Migration& migration) {
  HistoryRow row = row_for(migration, 0, true);
  row.type = "UNDO_SQL";
  row.script = extra(migration, "undo_script");
  row.checksum.reset();
  if (auto sum = migration.extras.find("undo_checksum"); sum != migration.extras.end())
    row.checksum = std::stoll(sum->second);
  insert(conn, row);
}

const std::string& FlywayHistoryTable::schema(db::Connection& conn) {
  if (settings_.schema.empty()) settings_.schema = conn.current_schema();
  return settings_.schema;
}

std::string FlywayHistoryTable::qualified(db::Connection& conn) {
  return quote_name(schema(conn)) + "." + quote_name(settings_.table);
}

void FlywayHistoryTable::insert(db::Connection& conn, const HistoryRow& row) {
  // SchemaHistory.calculateInstalledRank: last rank + 1, or 1 on an empty table. A table this
  // object created holds only the rows it inserted (a dry run has only recorded its CREATE).
  std::int64_t rank = last_inserted_rank_ + 1;
  if (!created_) {
    db::ResultSet max = conn.query("SELECT MAX(\"installed_rank\") FROM " + qualified(conn));
    if (!max.rows.empty() && !max.rows[0].empty())
      if (auto last = int_of(max.rows[0][0])) rank = std::max(rank, *last + 1);
  }
  last_inserted_rank_ = rank;

  const std::string installed_by =
      settings_.installed_by ? *settings_.installed_by : conn.current_user();
  std::vector<db::Value> params;
  params.reserve(9);
  params.emplace_back(rank);
  params.emplace_back(row.version ? db::Value(*row.version) : db::Value(db::Null{}));
  params.emplace_back(abbreviate_description(row.description));
  params.emplace_back(row.type);
  params.emplace_back(abbreviate_script(row.script));
  params.emplace_back(row.checksum ? db::Value(*row.checksum) : db::Value(db::Null{}));
  params.emplace_back(installed_by);
  params.emplace_back(row.execution_ms);
  params.emplace_back(row.success);
  // Database.getInsertStatement; installed_on is left to the column default.
  conn.exec(
      "INSERT INTO " + qualified(conn) +
          " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
          "\"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES ($1, $2, $3, "
          "$4, $5, $6, $7, $8, $9)",
      params);
}

void FlywayHistoryTable::delete_failed(db::Connection& conn, const model::Applied& row) {
  const bool by_version = row.version.has_value();
  conn.exec("DELETE FROM " + qualified(conn) + " WHERE \"success\" = $1 AND " +
                (by_version ? "\"version\" = $2" : "\"description\" = $2"),
            {false, by_version ? *row.version : row.description});
}

void FlywayHistoryTable::update(db::Connection& conn, std::int64_t installed_rank,
                                const std::string& description, const std::string& type,
                                const std::optional<std::int64_t>& checksum) {
  conn.exec(
      "UPDATE " + qualified(conn) +
          " SET \"description\"=$1 , \"type\"=$2 , \"checksum\"=$3 WHERE \"installed_rank\"=$4",
      {description, type, checksum ? db::Value(*checksum) : db::Value(db::Null{}), installed_rank});
}

std::string postgresql_create_script(const std::string& schema, const std::string& table) {
  const std::string t = quote_name(schema) + "." + quote_name(table);
  return "CREATE TABLE " + t +
         " (\n"
         "    \"installed_rank\" INT NOT NULL,\n"
         "    \"version\" VARCHAR(50),\n"
         "    \"description\" VARCHAR(200) NOT NULL,\n"
         "    \"type\" VARCHAR(20) NOT NULL,\n"
         "    \"script\" VARCHAR(1000) NOT NULL,\n"
         "    \"checksum\" INTEGER,\n"
         "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
         "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
         "    \"execution_time\" INTEGER NOT NULL,\n"
         "    \"success\" BOOLEAN NOT NULL\n"
         ");\n"
         "ALTER TABLE " +
         t + " ADD CONSTRAINT " + quote_name(table + "_pk") +
         " PRIMARY KEY (\"installed_rank\");\n"
         "CREATE INDEX " +
         quote_name(table + "_s_idx") + " ON " + t + " (\"success\");";
}

std::string sqlite_create_script(const std::string& schema, const std::string& table) {
  return "CREATE TABLE " + quote_name(schema) + "." + quote_name(table) +
         " (\n"
         "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
         "    \"version\" VARCHAR(50),\n"
         "    \"description\" VARCHAR(200) NOT NULL,\n"
         "    \"type\" VARCHAR(20) NOT NULL,\n"
         "    \"script\" VARCHAR(1000) NOT NULL,\n"
         "    \"checksum\" INT,\n"
         "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
         "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
         "    \"execution_time\" INT NOT NULL,\n"
         "    \"success\" BOOLEAN NOT NULL\n"
         ");\n"
         "CREATE INDEX " +
         quote_name(schema) + "." + quote_name(table + "_s_idx") + " ON " + quote_name(table) +
         " (\"success\");";
}

std::int64_t postgresql_lock_key(const std::string& schema, const std::string& table) {
  constexpr std::int64_t flyway = 0x466C79776179;
  return flyway + java_string_hash(quote_name(schema) + "." + quote_name(table));
}

std::string abbreviate_description(const std::string& description) {
  if (to_java_chars(description).size() <= 200) return description;
  return java_substring(description, 0, 197) + "...";
}

std::string abbreviate_script(const std::string& script) {
  if (to_java_chars(script).size() <= 1000) return script;
  return "..." + java_substring(script, 3, 1000);
}

std::unique_ptr<adapters::VersionTable> make_history_table(HistoryTableSettings settings,
                                                           model::Dialect dialect) {
  return std::make_unique<FlywayHistoryTable>(std::move(settings), dialect);
}

HistoryTableSettings history_table_settings(const model::ProjectConfig& config) {
  HistoryTableSettings settings;
  if (!config.version_table.empty()) settings.table = config.version_table;
  settings.schema = config.version_schema;
  auto setting = [&](const char* key) -> std::optional<std::string> {
    auto found = config.settings.find(key);
    if (found == config.settings.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
  settings.installed_by = setting("installedBy");
  if (auto retries = setting("lockRetryCount")) {
    try {
      settings.lock_retry_count = std::stoi(*retries);
    } catch (const std::exception&) {
      // read_flyway_config reports the bad number; Flyway's default stands.
    }
  }
  settings.baseline_on_migrate = setting_flag(config.settings, "baselineOnMigrate", false);
  if (auto version = setting("baselineVersion")) settings.baseline_version = *version;
  if (auto description = setting("baselineDescription"))
    settings.baseline_description = *description;
  if (auto prefix = setting("baselineMigrationPrefix"))
    settings.baseline_migration_prefix = *prefix;
  return settings;
}

}  // namespace pm::flyway
