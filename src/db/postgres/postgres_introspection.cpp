// PostgresConnection::introspect: one schema's tables, indexes, constraints, views and enums,
// read from pg_catalog with the server's own deparsers (format_type, pg_get_expr, pg_get_*def).
#include "db/postgres/postgres_connection.hpp"

namespace pm::db {

namespace {

std::string text_of(const Value& value) { return as_text(value).value_or(""); }

std::string fk_action(const std::string& code) {
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  if (code == "r") return "RESTRICT";
  if (code == "a") return "NO ACTION";
  return {};
}

std::string constraint_kind(const std::string& code) {
  if (code == "p") return "primary_key";
  if (code == "f") return "foreign_key";
  if (code == "u") return "unique";
  if (code == "c") return "check";
  return {};  // exclusion and constraint triggers have no place in the common model
}

}  // namespace

SchemaSnapshot PostgresConnection::introspect(std::string_view schema_name) {
  std::string schema = schema_name.empty() ? current_schema() : std::string(schema_name);
  SchemaSnapshot snapshot;

  ResultSet tables = query(
      "SELECT c.oid::bigint, c.relname FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname",
      {schema});
  for (const auto& table_row : tables.rows) {
    const Value oid = table_row[0];
    TableInfo table;
    table.schema = schema;
    table.name = text_of(table_row[1]);

    ResultSet columns = query(
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "pg_catalog.pg_get_expr(d.adbin, d.adrelid), "
        "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = a.attrelid "
        "        AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) "
        "FROM pg_catalog.pg_attribute a "
        "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = $1::bigint::oid AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum",
        {oid});
    int position = 0;
    for (const auto& row : columns.rows) {
      ColumnInfo column;
      column.name = text_of(row[0]);
      column.type = text_of(row[1]);
      column.nullable = !as_bool(row[2]).value_or(false);
      column.default_sql = as_text(row[3]);
      column.primary_key = as_bool(row[4]).value_or(false);
      column.position = ++position;  // ordinal, not attnum: dropped columns leave gaps there
      table.columns.push_back(std::move(column));
    }

    ResultSet indexes = query(
        "SELECT i.indexrelid::bigint, ic.relname, i.indisunique, i.indisprimary, "
        "pg_catalog.pg_get_indexdef(i.indexrelid), "
        "COALESCE(pg_catalog.pg_get_expr(i.indpred, i.indrelid), '') "
        "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
        "WHERE i.indrelid = $1::bigint::oid AND NOT EXISTS ("
        "  SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid "
        "  AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) "
        "ORDER BY ic.relname",
        {oid});
    for (const auto& row : indexes.rows) {
      IndexInfo index;
      index.name = text_of(row[1]);
      index.unique = as_bool(row[2]).value_or(false);
      index.primary = as_bool(row[3]).value_or(false);
      index.definition = text_of(row[4]);
      index.where = text_of(row[5]);
      // A key column by its plain name; an expression key as the server deparses it.
      ResultSet keys = query(
          "SELECT COALESCE(a.attname::text, pg_catalog.pg_get_indexdef(i.indexrelid, k, true)) "
          "FROM pg_catalog.pg_index i CROSS JOIN generate_series(1, i.indnkeyatts) AS k "
          "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
          "  AND a.attnum = i.indkey[k - 1] AND i.indkey[k - 1] <> 0 "
          "WHERE i.indexrelid = $1::bigint::oid ORDER BY k",
          {row[0]});
      for (const auto& key : keys.rows) index.columns.push_back(text_of(key[0]));
      table.indexes.push_back(std::move(index));
    }

    ResultSet constraints = query(
        "SELECT k.oid::bigint, k.conname, k.contype::text, k.convalidated, "
        "CASE WHEN k.confrelid = 0 THEN '' WHEN rn.nspname = $2 THEN r.relname::text "
        "     ELSE rn.nspname || '.' || r.relname END, "
        "k.confdeltype::text, k.confupdtype::text, pg_catalog.pg_get_constraintdef(k.oid, true) "
        "FROM pg_catalog.pg_constraint k "
        "LEFT JOIN pg_catalog.pg_class r ON r.oid = k.confrelid "
        "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace "
        "WHERE k.conrelid = $1::bigint::oid AND k.contype IN ('p', 'f', 'u', 'c') "
        "ORDER BY k.conname",
        {oid, schema});
    for (const auto& row : constraints.rows) {
      ConstraintInfo constraint;
      constraint.name = text_of(row[1]);
      constraint.kind = constraint_kind(text_of(row[2]));
      constraint.validated = as_bool(row[3]).value_or(true);
      constraint.ref_table = text_of(row[4]);
      if (constraint.kind == "foreign_key") {
        constraint.on_delete = fk_action(text_of(row[5]));
        constraint.on_update = fk_action(text_of(row[6]));
      }
      if (constraint.kind == "check") {
        constraint.check = text_of(row[7]);
        const std::string not_valid = " NOT VALID";
        if (constraint.check.size() > not_valid.size() &&
            constraint.check.ends_with(not_valid)) {  // `validated` already says it
          constraint.check.resize(constraint.check.size() - not_valid.size());
        }
      }
      ResultSet cols = query(
          "SELECT a.attname, 'l' AS side, u.o FROM pg_catalog.pg_constraint k "
          "CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(n, o) "
          "JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n "
          "WHERE k.oid = $1::bigint::oid "
          "UNION ALL "
          "SELECT a.attname, 'r', u.o FROM pg_catalog.pg_constraint k "
          "CROSS JOIN LATERAL unnest(k.confkey) WITH ORDINALITY AS u(n, o) "
          "JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n "
          "WHERE k.oid = $1::bigint::oid ORDER BY side, o",
          {row[0]});
      for (const auto& col : cols.rows) {
        (text_of(col[1]) == "l" ? constraint.columns : constraint.ref_columns)
            .push_back(text_of(col[0]));
      }
      table.constraints.push_back(std::move(constraint));
    }
    snapshot.tables.push_back(std::move(table));
  }

  ResultSet views = query(
      "SELECT c.relname, pg_catalog.pg_get_viewdef(c.oid, true) FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relkind = 'v' ORDER BY c.relname",
      {schema});
  for (const auto& row : views.rows) {
    snapshot.views.push_back(ViewInfo{schema, text_of(row[0]), text_of(row[1])});
  }

  ResultSet enums = query(
      "SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t "
      "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
      "JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid "
      "WHERE n.nspname = $1 ORDER BY t.typname, e.enumsortorder",
      {schema});
  for (const auto& row : enums.rows) {
    std::string name = text_of(row[0]);
    if (snapshot.enums.empty() || snapshot.enums.back().name != name) {
      snapshot.enums.push_back(EnumInfo{schema, name, {}});
    }
    snapshot.enums.back().values.push_back(text_of(row[1]));
  }
  return snapshot;
}

}  // namespace pm::db
