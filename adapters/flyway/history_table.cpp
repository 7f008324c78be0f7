#include "adapters/flyway/history_table.hpp"

#include <chrono>
#include <type_traits>

#include "adapters/flyway/java_string.hpp"
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

class FlywayHistoryTable : public adapters::VersionTable {
 public:
  FlywayHistoryTable(HistoryTableSettings settings, model::Dialect dialect)
      : settings_(std::move(settings)), dialect_(dialect) {
    if (dialect_ == model::Dialect::sqlite) settings_.schema = "main";
  }

  std::string name() const override {
    return (settings_.schema.empty() ? std::string() : settings_.schema + ".") + settings_.table;
  }

  bool exists(db::Connection& conn) override {
    return conn.table_exists(schema(conn), settings_.table);
  }

  void ensure(db::Connection& conn) override {
    if (exists(conn)) return;
    const std::string& s = schema(conn);
    conn.exec_script(dialect_ == model::Dialect::postgresql
                         ? postgresql_create_script(s, settings_.table)
                         : sqlite_create_script(s, settings_.table));
  }

  std::vector<model::Applied> read(db::Connection& conn) override {
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
      if (auto sum = int_of(cell(row, checksum)))
        applied.checksum = model::Checksum::of_number(*sum);
      applied.applied_at = text_of(cell(row, installed_on)).value_or("");
      applied.success = bool_of(cell(row, success));
      applied.execution_ms = int_of(cell(row, execution_time));
      std::string row_type = text_of(cell(row, type)).value_or("");
      if (row_type == "SPRING_JDBC") row_type = "JDBC";  // legacy name Flyway reads as JDBC
      applied.marker = row_type == "BASELINE" || row_type == "SCHEMA";
      applied.extras["installed_rank"] = text_of(cell(row, rank)).value_or("");
      applied.extras["type"] = row_type;
      applied.extras["script"] = text_of(cell(row, script)).value_or("");
      applied.extras["installed_by"] = text_of(cell(row, installed_by)).value_or("");
      rows.push_back(std::move(applied));
    }
    return rows;
  }

  void lock(db::Connection& conn) override {
    if (dialect_ != model::Dialect::postgresql || !conn.supports_advisory_locks()) return;
    std::int64_t key = postgresql_lock_key(schema(conn), settings_.table);
    if (!conn.advisory_lock(key, std::chrono::seconds(settings_.lock_retry_count)))
      throw db::DatabaseError(
          "Number of retries exceeded while attempting to acquire PostgreSQL advisory lock (" +
          std::to_string(key) + ")");
    locked_key_ = key;
  }

  void unlock(db::Connection& conn) override {
    if (!locked_key_) return;
    conn.advisory_unlock(*locked_key_);
    locked_key_.reset();
  }

  void after_apply(db::Connection& conn, const model::Migration& migration,
                   const adapters::ApplyOutcome& outcome) override {
    insert(conn, migration, "SQL", extra(migration, "script"), migration.checksum,
           outcome.execution_ms, true);
  }

  void after_failure(db::Connection& conn, const model::Migration& migration,
                     const adapters::ApplyOutcome& outcome, bool rolled_back) override {
    if (rolled_back) return;
    insert(conn, migration, "SQL", extra(migration, "script"), migration.checksum,
           outcome.execution_ms, false);
  }

  void after_revert(db::Connection& conn, const model::Migration& migration) override {
    std::optional<model::Checksum> checksum;
    if (auto sum = migration.extras.find("undo_checksum"); sum != migration.extras.end())
      checksum = model::Checksum::of_number(std::stoll(sum->second));
    insert(conn, migration, "UNDO_SQL", extra(migration, "undo_script"), checksum, 0, true);
  }

 private:
  static std::string extra(const model::Migration& migration, const char* key) {
    auto found = migration.extras.find(key);
    return found == migration.extras.end() ? migration.source.file : found->second;
  }

  const std::string& schema(db::Connection& conn) {
    if (settings_.schema.empty()) settings_.schema = conn.current_schema();
    return settings_.schema;
  }

  std::string qualified(db::Connection& conn) {
    return quote_name(schema(conn)) + "." + quote_name(settings_.table);
  }

  void insert(db::Connection& conn, const model::Migration& migration, const char* type,
              const std::string& script, const std::optional<model::Checksum>& checksum,
              std::int64_t execution_ms, bool success) {
    // SchemaHistory.calculateInstalledRank: last rank + 1, or 1 on an empty table.
    db::ResultSet max = conn.query("SELECT MAX(\"installed_rank\") FROM " + qualified(conn));
    std::int64_t rank = 1;
    if (!max.rows.empty() && !max.rows[0].empty())
      if (auto last = int_of(max.rows[0][0])) rank = *last + 1;

    std::string installed_by =
        settings_.installed_by ? *settings_.installed_by : conn.current_user();
    std::vector<db::Value> params;
    params.reserve(9);
    params.emplace_back(rank);
    if (migration.version)
      params.emplace_back(*migration.version);
    else
      params.emplace_back(db::Null{});
    params.emplace_back(abbreviate_description(migration.description));
    params.emplace_back(std::string(type));
    params.emplace_back(abbreviate_script(script));
    if (checksum && checksum->form == model::Checksum::Form::number)
      params.emplace_back(checksum->number);
    else
      params.emplace_back(db::Null{});
    params.emplace_back(installed_by);
    params.emplace_back(execution_ms);
    params.emplace_back(success);
    // Database.getInsertStatement; installed_on is left to the column default.
    conn.exec("INSERT INTO " + qualified(conn) +
                  " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
                  "\"checksum\", "
                  "\"installed_by\", \"execution_time\", \"success\") VALUES ($1, $2, $3, $4, $5, "
                  "$6, $7, $8, $9)",
              params);
  }

  HistoryTableSettings settings_;
  model::Dialect dialect_;
  std::optional<std::int64_t> locked_key_;
};

}  // namespace

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

}  // namespace pm::flyway
