#include "schema/change_text.hpp"

#include <type_traits>

#include "sql/renderer.hpp"

namespace pm::schema {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string column_text(const model::Column& column, model::Dialect dialect) {
  std::string out = sql::render_type(column.type, dialect, true);
  out += column.nullable ? ", nullable" : ", NOT NULL";
  if (column.default_sql) out += ", default " + *column.default_sql;
  if (column.primary) out += ", primary key";
  if (column.unique) out += ", unique";
  if (column.references)
    out += ", references " + column.references->table + " (" + joined(column.references->columns) +
           ")";
  return out;
}

std::string constraint_text(const model::Constraint& c) {
  std::string out = model::to_string(c.kind);
  if (!c.name.empty()) out += " " + c.name;
  if (!c.columns.empty()) out += " (" + joined(c.columns) + ")";
  if (c.references)
    out += " references " + c.references->table + " (" + joined(c.references->columns) + ")";
  if (!c.check.empty()) out += " check (" + c.check + ")";
  return out;
}

}  // namespace

std::string change_text(const model::Op& op, model::Dialect dialect) {
  return std::visit(
      [&](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, model::CreateTable>) {
          std::vector<std::string> columns;
          for (const auto& c : o.columns) columns.push_back(c.name);
          return "table " + o.table.display() + " created (" + joined(columns) + ")";
        } else if constexpr (std::is_same_v<T, model::DropTable>) {
          return "table " + o.table.display() + " dropped";
        } else if constexpr (std::is_same_v<T, model::RenameTable>) {
          return "table " + o.table.display() + " renamed to " + o.new_name;
        } else if constexpr (std::is_same_v<T, model::AddColumn>) {
          return "column " + o.table.display() + "." + o.column.name +
                 " added: " + column_text(o.column, dialect);
        } else if constexpr (std::is_same_v<T, model::DropColumn>) {
          return "column " + o.table.display() + "." + o.column + " dropped";
        } else if constexpr (std::is_same_v<T, model::RenameColumn>) {
          return "column " + o.table.display() + "." + o.column + " renamed to " + o.new_name;
        } else if constexpr (std::is_same_v<T, model::AlterColumn>) {
          std::string out = "column " + o.table.display() + "." + o.column + " changed:";
          if (o.type) out += " type " + sql::render_type(*o.type, dialect, true);
          if (o.nullable) out += *o.nullable ? " nullable" : " NOT NULL";
          if (o.default_sql)
            out += *o.default_sql ? " default " + **o.default_sql : std::string(" no default");
          return out;
        } else if constexpr (std::is_same_v<T, model::CreateIndex>) {
          return std::string(o.unique ? "unique index " : "index ") + o.name + " created on " +
                 o.table.display() + " (" + joined(o.columns) + ")" +
                 (o.where.empty() ? "" : " where " + o.where);
        } else if constexpr (std::is_same_v<T, model::DropIndex>) {
          return "index " + o.name + " dropped";
        } else if constexpr (std::is_same_v<T, model::AddConstraint>) {
          return "constraint " + constraint_text(o.constraint) + " added to " + o.table.display();
        } else if constexpr (std::is_same_v<T, model::DropConstraint>) {
          return "constraint " + o.name + " dropped from " + o.table.display();
        } else if constexpr (std::is_same_v<T, model::ValidateConstraint>) {
          return "constraint " + o.name + " of " + o.table.display() + " validated";
        } else if constexpr (std::is_same_v<T, model::CreateView>) {
          return "view " + o.view.display() + " created";
        } else if constexpr (std::is_same_v<T, model::DropView>) {
          return "view " + o.view.display() + " dropped";
        } else if constexpr (std::is_same_v<T, model::CreateEnum>) {
          return "type " + o.type.display() + " created (" + joined(o.values) + ")";
        } else if constexpr (std::is_same_v<T, model::DropEnum>) {
          return "type " + o.type.display() + " dropped";
        } else {
          return std::to_string(o.rows.size()) + " rows inserted into " + o.table.display();
        }
      },
      op);
}

}  // namespace pm::schema
