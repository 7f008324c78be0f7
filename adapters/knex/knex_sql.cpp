#include "adapters/knex/knex_sql.hpp"

#include <type_traits>

#include "adapters/knex/column_builders.hpp"
#include "schema/from_snapshot.hpp"
#include "sql/renderer.hpp"

namespace pm::knex {

namespace {

using model::Dialect;
using model::LogicalType;

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

class KnexRenderer {
 public:
  explicit KnexRenderer(Dialect dialect) : dialect_(dialect) {}

  // ---- names ---------------------------------------------------------------------------------

  std::string wrap(const std::string& name) const {
    const char q = pg() ? '"' : '`';
    std::string out(1, q);
    for (char c : name) {
      out += c;
      if (c == q) out += q;
    }
    return out + q;
  }
  std::string table(const model::QualifiedName& name) const {
    return name.schema.empty() ? wrap(name.name) : wrap(name.schema) + "." + wrap(name.name);
  }
  std::string columnize(const std::vector<std::string>& columns) const {
    std::vector<std::string> wrapped;
    for (const auto& c : columns) wrapped.push_back(wrap(c));
    return join(wrapped);
  }

  // ---- columns -------------------------------------------------------------------------------

  std::string type(const model::Column& column) const {
    const auto& t = column.type;
    auto with_precision = [&](std::string name) {
      return t.precision ? name + "(" + std::to_string(*t.precision) + ")" : name;
    };
    // specificType(name, type): the text as written, whatever logical type it names.
    if (!t.native.empty()) return t.native;
    switch (t.kind) {
      case LogicalType::serial:
        return pg() ? "serial" : "integer";
      case LogicalType::bigserial:
        return pg() ? "bigserial" : "integer";
      case LogicalType::integer:
        return "integer";
      case LogicalType::bigint:
        return "bigint";
      case LogicalType::smallint:
        return pg() ? "smallint" : "integer";
      case LogicalType::string:
        return "varchar(" + std::to_string(t.length.value_or(255)) + ")";
      case LogicalType::text:
        return "text";
      case LogicalType::boolean:
        return "boolean";
      case LogicalType::timestamptz:
        return pg() ? with_precision("timestamptz") : "datetime";
      case LogicalType::timestamp:
        return pg() ? with_precision("timestamp") : "datetime";
      case LogicalType::date:
        return "date";
      case LogicalType::time:
        return "time";
      case LogicalType::decimal:
        if (!pg()) return "float";
        if (!t.precision) return "decimal";
        return "decimal(" + std::to_string(*t.precision) + ", " +
               std::to_string(t.scale.value_or(2)) + ")";
      case LogicalType::float_:
        return pg() ? "real" : "float";
      case LogicalType::double_:
        return pg() ? "double precision" : "float";
      case LogicalType::json:
        return "json";
      case LogicalType::jsonb:
        return pg() ? "jsonb" : "json";
      case LogicalType::uuid:
        return pg() ? "uuid" : "char(36)";
      case LogicalType::binary:
        return pg() ? "bytea" : "blob";
      case LogicalType::enum_: {
        if (pg() && !t.enum_name.empty()) return wrap(t.enum_name);
        std::vector<std::string> values;
        for (const auto& v : t.enum_values) values.push_back(sql_string(v));
        return "text check (" + wrap(column.name) + " in (" + join(values) + "))";
      }
      case LogicalType::other:
        return t.native;
    }
    return t.native;
  }

  // increments: PostgreSQL `serial primary key`, SQLite `integer not null primary key
  // autoincrement` (columncompiler.js increments); without the primary key when the table
  // declares its own.
  std::string column(const model::Column& c, bool table_has_primary) const {
    std::string sql = wrap(c.name) + " " + type(c);
    const bool increments = c.autoincrement && (c.type.kind == LogicalType::serial ||
                                                c.type.kind == LogicalType::bigserial ||
                                                (!pg() && c.type.kind == LogicalType::integer));
    if (increments) {
      const bool primary = c.primary && !table_has_primary;
      if (pg()) return sql + (primary ? " primary key" : "");
      return sql + " not null" + (primary ? " primary key" : "") + " autoincrement";
    }
    if (!c.nullable) sql += " not null";
    if (c.default_sql) sql += " default " + *c.default_sql;
    return sql;
  }

  std::string foreign_key_pg(const model::QualifiedName& t, const model::Constraint& c) const {
    std::string sql = "alter table " + table(t) + " add constraint " + wrap(c.name) +
                      " foreign key (" + columnize(c.columns) + ") references " +
                      wrap(c.references->table) + " (" + columnize(c.references->columns) + ")";
    // pg-tablecompiler.js foreign: onUpdate is written before onDelete.
    if (!c.references->on_update.empty()) sql += " on update " + c.references->on_update;
    if (!c.references->on_delete.empty()) sql += " on delete " + c.references->on_delete;
    return sql;
  }

  std::string unique_pg(const model::QualifiedName& t, const model::Constraint& c) const {
    return "alter table " + table(t) + " add constraint " + wrap(c.name) + " unique (" +
           columnize(c.columns) + ")";
  }

  // tablecompiler.js _addChecks: `constraint <name> check (<predicate>)`, the name as written.
  std::string checks(const model::CreateTable& op) const {
    std::string out;
    for (const auto& c : op.constraints) {
      if (c.kind != model::ConstraintKind::check) continue;
      out += ", " + (c.name.empty() ? std::string() : "constraint " + knex_raw_name(c.name) + " ") +
             "check (" + c.check + ")";
    }
    return out;
  }

  std::string unique_index_sqlite(const model::QualifiedName& t, const model::Constraint& c) const {
    return "create unique index " + wrap(c.name) + " on " + table(t) + " (" + columnize(c.columns) +
           ")";
  }

  // ---- ops -----------------------------------------------------------------------------------

  std::vector<std::string> operator()(const model::CreateTable& op) const {
    std::vector<std::string> elements;
    const model::Constraint* primary = nullptr;
    for (const auto& c : op.constraints)
      if (c.kind == model::ConstraintKind::primary_key) primary = &c;
    for (const auto& c : op.columns) elements.push_back(column(c, primary != nullptr));
    std::string body = join(elements);
    std::vector<std::string> after;
    if (pg()) {
      if (primary)
        body += ", constraint " + wrap(primary->name) + " primary key (" +
                columnize(primary->columns) + ")";
      for (const auto& c : op.constraints) {
        if (c.kind == model::ConstraintKind::foreign_key)
          after.push_back(foreign_key_pg(op.table, c));
        if (c.kind == model::ConstraintKind::unique) after.push_back(unique_pg(op.table, c));
      }
      body += checks(op);
    } else {
      // sqlite-tablecompiler.js createQuery: columns, then foreign keys, then the primary key.
      for (const auto& c : op.constraints) {
        if (c.kind != model::ConstraintKind::foreign_key) continue;
        const bool named = c.name != knex_index_name(op.table.name, c.columns, "foreign");
        body += "," + (named ? " constraint " + wrap(c.name) : std::string()) + " foreign key(" +
                columnize(c.columns) + ") references " + wrap(c.references->table) + "(" +
                columnize(c.references->columns) + ")";
        if (!c.references->on_delete.empty()) body += " on delete " + c.references->on_delete;
        if (!c.references->on_update.empty()) body += " on update " + c.references->on_update;
      }
      if (primary) {
        const bool named = primary->name != op.table.name + "_pkey";
        bool has_increments = false;
        for (const auto& c : op.columns) has_increments = has_increments || c.autoincrement;
        body += "," + (named ? " constraint " + wrap(primary->name) : std::string()) +
                (has_increments ? " unique (" : " primary key (") + columnize(primary->columns) +
                ")";
      }
      body += checks(op);
      for (const auto& c : op.constraints)
        if (c.kind == model::ConstraintKind::unique)
          after.push_back(unique_index_sqlite(op.table, c));
    }
    std::vector<std::string> out{std::string("create table ") +
                                 (op.if_not_exists ? "if not exists " : "") + table(op.table) +
                                 " (" + body + ")"};
    out.insert(out.end(), after.begin(), after.end());
    return out;
  }

  std::vector<std::string> operator()(const model::DropTable& op) const {
    return {std::string("drop table ") + (op.if_exists ? "if exists " : "") + table(op.table)};
  }

  std::vector<std::string> operator()(const model::RenameTable& op) const {
    return {"alter table " + table(op.table) + " rename to " + wrap(op.new_name)};
  }

  std::vector<std::string> operator()(const model::AddColumn& op) const {
    return {"alter table " + table(op.table) + " add column " + column(op.column, false)};
  }

  std::vector<std::string> operator()(const model::DropColumn& op) const {
    // Knex on SQLite always copies the table (SQLite3_DDL.dropColumn), which also drops the
    // column's indexes; SQLite's own DROP COLUMN refuses an indexed column.
    if (!pg()) throw NeedsRebuild("drop column on SQLite");
    return {"alter table " + table(op.table) + " drop column " + wrap(op.column)};
  }

  std::vector<std::string> operator()(const model::RenameColumn& op) const {
    return {"alter table " + table(op.table) + " rename " + wrap(op.column) + " to " +
            wrap(op.new_name)};
  }

  // pg-columncompiler.js / pg-tablecompiler.js alterColumns: drop the default and NOT NULL, change
  // the type with a cast, then set what the builder says. setNullable/dropNullable change only
  // NOT NULL.
  std::vector<std::string> operator()(const model::AlterColumn& op) const {
    if (!pg()) throw NeedsRebuild("alter column on SQLite");
    const std::string prefix =
        "alter table " + table(op.table) + " alter column " + wrap(op.column) + " ";
    if (!op.type) {
      if (!op.nullable) return {};
      return {prefix + (*op.nullable ? "drop not null" : "set not null")};
    }
    model::Column shape;
    shape.name = op.column;
    shape.type = *op.type;
    const std::string type_sql = type(shape);
    std::vector<std::string> out{
        prefix + "drop default", prefix + "drop not null",
        prefix + "type " + type_sql + " using (" + wrap(op.column) + "::" + type_sql + ")"};
    if (op.nullable && !*op.nullable) out.push_back(prefix + "set not null");
    if (op.default_sql && *op.default_sql)
      out.push_back(prefix + "set default " + **op.default_sql);
    return out;
  }

  std::vector<std::string> operator()(const model::CreateIndex& op) const {
    return {std::string("create ") + (op.unique ? "unique " : "") + "index " + wrap(op.name) +
            " on " + table(op.table) + " (" + columnize(op.columns) + ")"};
  }

  std::vector<std::string> operator()(const model::DropIndex& op) const {
    // pg-tablecompiler.js dropIndex: the index lives in the table's schema.
    const model::QualifiedName name{op.table.schema, op.name};
    return {"drop index " + table(name)};
  }

  std::vector<std::string> operator()(const model::AddConstraint& op) const {
    const auto& c = op.constraint;
    if (c.kind == model::ConstraintKind::unique)
      return {pg() ? unique_pg(op.table, c) : unique_index_sqlite(op.table, c)};
    if (!pg()) throw NeedsRebuild("add constraint on SQLite");
    if (c.kind == model::ConstraintKind::foreign_key) return {foreign_key_pg(op.table, c)};
    if (c.kind == model::ConstraintKind::primary_key)
      return {"alter table " + table(op.table) + " add constraint " + wrap(c.name) +
              " primary key (" + columnize(c.columns) + ")"};
    // tablecompiler.js check: the name and the predicate as written.
    return {"alter table " + table(op.table) + " add constraint " + knex_raw_name(c.name) +
            " check(" + c.check + ")"};
  }

  std::vector<std::string> operator()(const model::DropConstraint& op) const {
    if (!pg()) {
      // sqlite-tablecompiler.js dropUnique: a unique key is an index there.
      if (op.kind == model::ConstraintKind::unique) return {"drop index " + wrap(op.name)};
      throw NeedsRebuild("drop constraint on SQLite");
    }
    // tablecompiler.js dropChecks writes the name as it was given.
    const std::string name =
        op.kind == model::ConstraintKind::check ? knex_raw_name(op.name) : wrap(op.name);
    return {"alter table " + table(op.table) + " drop constraint " + name};
  }

  std::vector<std::string> operator()(const model::ValidateConstraint&) const {
    throw sql::RenderError("Knex has no validate constraint");
  }

  std::vector<std::string> operator()(const model::CreateView& op) const {
    return {"create view " + table(op.view) + " as " + op.query};
  }

  std::vector<std::string> operator()(const model::DropView& op) const {
    return {std::string("drop view ") + (op.if_exists ? "if exists " : "") + table(op.view)};
  }

  std::vector<std::string> operator()(const model::CreateEnum& op) const {
    if (!pg()) return {};  // SQLite: the column is text with a check
    std::vector<std::string> values;
    for (const auto& v : op.values) values.push_back(sql_string(v));
    return {"create type " + table(op.type) + " as enum (" + join(values) + ")"};
  }

  std::vector<std::string> operator()(const model::DropEnum& op) const {
    if (!pg()) return {};
    return {std::string("drop type ") + (op.if_exists ? "if exists " : "") + table(op.type)};
  }

  // querycompiler.js insert: PostgreSQL `values (...), (...)`; SQLite one row `values (...)`,
  // several `select ... as col union all select ...` (sqlite-querycompiler.js insert).
  std::vector<std::string> operator()(const model::InsertRows& op) const {
    std::string sql = "insert into " + table(op.table) + " (" + columnize(op.columns) + ")";
    auto value = [&](const std::string& v) {
      return !pg() && v == "DEFAULT" ? std::string("NULL") : v;
    };
    if (pg() || op.rows.size() == 1) {
      std::vector<std::string> rows;
      for (const auto& row : op.rows) {
        std::vector<std::string> values;
        for (const auto& v : row) values.push_back(value(v));
        rows.push_back("(" + join(values) + ")");
      }
      return {sql + " values " + join(rows)};
    }
    std::vector<std::string> selects;
    for (const auto& row : op.rows) {
      std::vector<std::string> values;
      for (std::size_t i = 0; i < row.size(); ++i)
        values.push_back(value(row[i]) + " as " + wrap(op.columns[i]));
      selects.push_back("select " + join(values));
    }
    return {sql + " " + join(selects, " union all ")};
  }

 private:
  bool pg() const { return dialect_ == Dialect::postgresql; }
  Dialect dialect_;
};

}  // namespace

std::vector<std::string> render_knex(const model::Op& op, model::Dialect dialect) {
  return std::visit(KnexRenderer(dialect), op);
}

model::ColumnType knex_column_type(const model::ColumnType& built, model::Dialect dialect) {
  if (dialect != Dialect::sqlite || !built.native.empty() || built.kind == LogicalType::enum_)
    return built;
  model::Column column;
  column.type = built;
  return sql_column_type(KnexRenderer(dialect).type(column));
}

std::vector<std::string> render_for_connection(const model::Op& op, db::Connection& conn) {
  try {
    return render_knex(op, conn.dialect());
  } catch (const NeedsRebuild&) {
    const schema::SchemaState state = schema::from_snapshot(conn.introspect(), conn.dialect());
    sql::RenderContext context;
    context.state = &state;
    return sql::render(op, conn.dialect(), context);
  }
}

}  // namespace pm::knex
