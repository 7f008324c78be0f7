// Catalog text -> schema state. Every normalisation here undoes something the server does to
// what the migration wrote; compare.cpp handles what cannot be undone, only tolerated.
#include "schema/from_snapshot.hpp"

#include "schema/expression_text.hpp"
#include "sql/column_definition.hpp"
#include "sql/ddl_cursor.hpp"
#include "sql/ddl_reader.hpp"

namespace pm::schema {

namespace {

using model::Dialect;
using model::LogicalType;

bool is_default_schema(const std::string& schema, Dialect dialect) {
  return schema.empty() || schema == (dialect == Dialect::postgresql ? "public" : "main");
}

model::QualifiedName name_of(const std::string& schema, const std::string& name, Dialect dialect) {
  return {is_default_schema(schema, dialect) ? std::string() : schema, name};
}

model::ColumnType parse_type(const std::string& text, Dialect dialect) {
  if (text.empty()) return {};  // SQLite column declared without a type
  sql::DdlCursor cursor(text, dialect);
  if (cursor.lexed()) {
    if (auto type = sql::read_column_type(cursor); type && cursor.at_end()) return *type;
  }
  model::ColumnType type;
  type.native = text;
  return type;
}

// PostgreSQL serial is integer + a sequence default; the catalog keeps only the latter.
bool is_sequence_default(const std::optional<std::string>& value) {
  return value && value->starts_with("nextval(") && value->ends_with("::regclass)");
}

model::Column column_of(const db::ColumnInfo& info, Dialect dialect) {
  model::Column column;
  column.name = info.name;
  column.type = parse_type(info.type, dialect);
  column.nullable = info.nullable;
  column.default_sql = info.default_sql;
  if (dialect == Dialect::postgresql) {
    if (is_sequence_default(column.default_sql) &&
        (column.type.kind == LogicalType::integer || column.type.kind == LogicalType::bigint ||
         column.type.kind == LogicalType::smallint)) {
      const bool big = column.type.kind == LogicalType::bigint;
      column.type.kind = big ? LogicalType::bigserial : LogicalType::serial;
      column.type.native = big ? "bigserial" : "serial";
      column.autoincrement = true;
      column.default_sql.reset();
    } else if (column.default_sql) {
      column.default_sql = strip_literal_cast(*column.default_sql);
    }
  }
  return column;
}

std::string strip_check_keyword(std::string text) {
  // pg_get_constraintdef: "CHECK ((price >= (0)::numeric))" -> "(price >= (0)::numeric)".
  if (text.starts_with("CHECK (") && text.ends_with(")")) {
    text = text.substr(7, text.size() - 8);
  }
  return text;
}

model::Constraint constraint_of(const db::ConstraintInfo& info, Dialect dialect) {
  model::Constraint constraint;
  constraint.name = info.name;
  constraint.columns = info.columns;
  constraint.not_valid = !info.validated;
  if (info.kind == "primary_key") {
    constraint.kind = model::ConstraintKind::primary_key;
  } else if (info.kind == "foreign_key") {
    constraint.kind = model::ConstraintKind::foreign_key;
    model::ForeignKeyRef ref;
    ref.table = info.ref_table;
    ref.columns = info.ref_columns;
    ref.on_delete = info.on_delete;
    ref.on_update = info.on_update;
    constraint.references = ref;
  } else if (info.kind == "unique") {
    constraint.kind = model::ConstraintKind::unique;
  } else {
    constraint.kind = model::ConstraintKind::check;
    constraint.check =
        dialect == Dialect::postgresql ? strip_check_keyword(info.check) : info.check;
  }
  return constraint;
}

// "CREATE INDEX i ON public.t USING gin (...)": the method, or "" for the default btree.
std::string index_method(const std::string& definition) {
  const auto at = definition.find(" USING ");
  if (at == std::string::npos) return {};
  const auto begin = at + 7;
  const auto end = definition.find(' ', begin);
  std::string method = definition.substr(begin, end == std::string::npos ? end : end - begin);
  return method == "btree" ? std::string() : method;
}

bool iequals(std::string_view a, std::string_view b) { return same_name(a, b, Dialect::sqlite); }

}  // namespace

SchemaState from_snapshot(const db::SchemaSnapshot& snapshot, Dialect dialect) {
  SchemaState state(dialect);
  for (const auto& info : snapshot.tables) {
    Table table;
    table.name = name_of(info.schema, info.name, dialect);
    for (const auto& column : info.columns) table.columns.push_back(column_of(column, dialect));
    for (const auto& constraint : info.constraints) {
      table.constraints.push_back(constraint_of(constraint, dialect));
      // SQLite's rowid alias (a lone INTEGER primary key) never holds NULL, whatever
      // table_info's notnull says about the declaration.
      const auto& added = table.constraints.back();
      if (dialect == Dialect::sqlite && added.kind == model::ConstraintKind::primary_key &&
          added.columns.size() == 1) {
        if (auto* column = table.find_column(added.columns[0], dialect);
            column && iequals(column->type.native, "INTEGER")) {
          column->nullable = false;
        }
      }
    }
    for (const auto& index : info.indexes) {
      Index out;
      out.name = index.name;
      out.columns = index.columns;
      out.unique = index.unique;
      out.where = index.where;
      if (dialect == Dialect::postgresql) out.method = index_method(index.definition);
      table.indexes.push_back(std::move(out));
    }
    state.put_table(std::move(table));
  }
  for (const auto& info : snapshot.views) {
    View view{name_of(info.schema, info.name, dialect), info.definition};
    if (dialect == Dialect::sqlite) {
      // SQLite keeps the CREATE VIEW statement; the model keeps only the query after AS.
      sql::Statement statement;
      statement.text = info.definition;
      for (const auto& step : sql::read_ddl(statement, dialect)) {
        if (const auto* create = std::get_if<model::CreateView>(&step.op))
          view.query = create->query;
      }
    }
    state.put_view(std::move(view));
  }
  for (const auto& info : snapshot.enums) {
    state.put_enum(Enum{name_of(info.schema, info.name, dialect), info.values});
  }
  return state;
}

}  // namespace pm::schema
