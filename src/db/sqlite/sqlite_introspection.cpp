// SqliteConnection::introspect: what an SQLite schema holds, read from sqlite_master and the
// pragma table-valued functions (table_info, index_list, index_xinfo, foreign_key_list).
#include <algorithm>
#include <cctype>
#include <map>

#include "db/sqlite/sqlite_connection.hpp"
#include "db/sqlite/sqlite_schema_sql.hpp"

namespace pm::db {

namespace {

std::string text_of(const Value& value) { return as_text(value).value_or(""); }

// The name a constraint was declared with (CONSTRAINT name ...), matched by kind and columns.
std::string declared_name(const std::vector<sqlite_sql::DeclaredConstraint>& declared,
                          const std::string& kind, const std::vector<std::string>& columns) {
  for (const auto& d : declared) {
    if (d.kind == kind && d.columns == columns) return d.name;
  }
  return {};
}

}  // namespace

SchemaSnapshot SqliteConnection::introspect(std::string_view schema_name) {
  std::string schema = schema_name.empty() ? "main" : std::string(schema_name);
  std::string master = schema == "temp" ? std::string("sqlite_temp_master")
                                        : quote_identifier(schema) + ".sqlite_master";
  SchemaSnapshot snapshot;

  ResultSet tables = query("SELECT name, sql FROM " + master +
                           " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                           "ORDER BY name");
  for (const auto& table_row : tables.rows) {
    TableInfo table;
    table.schema = schema;
    table.name = text_of(table_row[0]);
    // Constraint names and CHECKs exist only in the CREATE TABLE text.
    const auto declared = sqlite_sql::parse_create_table(text_of(table_row[1]));

    // Columns as declared. A PRIMARY KEY column without NOT NULL is reported nullable, because
    // SQLite (unlike the standard) lets it hold NULL unless it is the rowid.
    ResultSet columns = query(
        "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1, $2) "
        "ORDER BY cid",
        {table.name, schema});
    std::vector<std::pair<std::int64_t, std::string>> pk_columns;
    for (const auto& row : columns.rows) {
      ColumnInfo column;
      column.position = static_cast<int>(as_int(row[0]).value_or(0)) + 1;
      column.name = text_of(row[1]);
      column.type = text_of(row[2]);
      column.nullable = as_int(row[3]).value_or(0) == 0;
      column.default_sql = as_text(row[4]);
      std::int64_t pk = as_int(row[5]).value_or(0);
      column.primary_key = pk > 0;
      if (pk > 0) pk_columns.emplace_back(pk, column.name);
      table.columns.push_back(std::move(column));
    }
    if (!pk_columns.empty()) {
      std::sort(pk_columns.begin(), pk_columns.end());
      ConstraintInfo pk;
      pk.kind = "primary_key";
      for (auto& [rank, name] : pk_columns) pk.columns.push_back(name);
      pk.name = declared_name(declared, pk.kind, pk.columns);
      table.constraints.push_back(std::move(pk));
    }

    ResultSet indexes = query(
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list($1, $2) ORDER BY name",
        {table.name, schema});
    for (const auto& row : indexes.rows) {
      std::string name = text_of(row[0]);
      std::string origin = text_of(row[2]);
      if (origin == "pk") continue;  // the primary_key constraint above already says it
      ResultSet keys =
          query("SELECT cid, name FROM pragma_index_xinfo($1, $2) WHERE key = 1 ORDER BY seqno",
                {name, schema});
      ResultSet sql_rows =
          query("SELECT sql FROM " + master + " WHERE type = 'index' AND name = $1", {name});
      std::string sql = sql_rows.rows.empty() ? "" : text_of(sql_rows.rows[0][0]);
      sqlite_sql::IndexParts parts = sqlite_sql::parse_create_index(sql);

      std::vector<std::string> key_names;
      for (std::size_t k = 0; k < keys.rows.size(); ++k) {
        if (!is_null(keys.rows[k][1])) {
          key_names.push_back(text_of(keys.rows[k][1]));
        } else if (k < parts.keys.size()) {
          key_names.push_back(parts.keys[k]);  // an expression key
        } else {
          key_names.push_back(as_int(keys.rows[k][0]).value_or(0) == -1 ? "rowid" : "?");
        }
      }

      if (origin == "u") {
        ConstraintInfo unique;
        unique.kind = "unique";
        unique.columns = std::move(key_names);
        unique.name = declared_name(declared, unique.kind, unique.columns);
        if (unique.name.empty()) unique.name = name;  // SQLite's sqlite_autoindex_<table>_N
        table.constraints.push_back(std::move(unique));
        continue;
      }
      IndexInfo index;
      index.name = name;
      index.unique = as_int(row[1]).value_or(0) != 0;
      index.columns = std::move(key_names);
      if (as_int(row[3]).value_or(0) != 0) index.where = parts.where;
      index.definition = sql;
      table.indexes.push_back(std::move(index));
    }

    // Foreign keys, one row per column.
    ResultSet fks = query(
        "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete "
        "FROM pragma_foreign_key_list($1, $2) ORDER BY id, seq",
        {table.name, schema});
    std::map<std::int64_t, ConstraintInfo> by_id;
    bool any_implicit_target = false;
    for (const auto& row : fks.rows) {
      ConstraintInfo& fk = by_id[as_int(row[0]).value_or(0)];
      fk.kind = "foreign_key";
      fk.ref_table = text_of(row[2]);
      fk.columns.push_back(text_of(row[3]));
      if (is_null(row[4])) {
        any_implicit_target = true;
      } else {
        fk.ref_columns.push_back(text_of(row[4]));
      }
      fk.on_update = text_of(row[5]);
      fk.on_delete = text_of(row[6]);
    }
    // pragma_foreign_key_list numbers constraints from the last declared; list them as written.
    for (auto it = by_id.rbegin(); it != by_id.rend(); ++it) {
      ConstraintInfo fk = it->second;
      if (any_implicit_target && fk.ref_columns.empty()) {
        // "REFERENCES parent" without columns means the parent's primary key.
        ResultSet parent =
            query("SELECT name FROM pragma_table_info($1, $2) WHERE pk > 0 ORDER BY pk",
                  {fk.ref_table, schema});
        for (const auto& p : parent.rows) fk.ref_columns.push_back(text_of(p[0]));
      }
      fk.name = declared_name(declared, fk.kind, fk.columns);
      table.constraints.push_back(std::move(fk));
    }
    for (const auto& d : declared) {
      if (d.kind != "check") continue;
      ConstraintInfo check;
      check.name = d.name;
      check.kind = "check";
      check.columns = d.columns;  // the column of a column-level CHECK; none for a table-level one
      check.check = d.check;
      table.constraints.push_back(std::move(check));
    }
    snapshot.tables.push_back(std::move(table));
  }

  ResultSet views = query("SELECT name, sql FROM " + master + " WHERE type = 'view' ORDER BY name");
  for (const auto& row : views.rows) {
    snapshot.views.push_back(ViewInfo{schema, text_of(row[0]), text_of(row[1])});
  }
  return snapshot;
}

}  // namespace pm::db
