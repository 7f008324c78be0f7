// Structured schema operations: what Alembic op.* calls, Knex schema-builder chains and the SQL
// DDL reader all turn into. Replay, lint, convert and rollback generation work on these.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/column.hpp"

namespace pm::model {

struct QualifiedName {
  std::string schema;  // empty: the connection's default schema
  std::string name;

  bool operator==(const QualifiedName&) const = default;
  std::string display() const { return schema.empty() ? name : schema + "." + name; }
};

struct CreateTable {
  QualifiedName table;
  std::vector<Column> columns;
  std::vector<Constraint> constraints;  // table-level constraints
  bool if_not_exists = false;
};
struct DropTable {
  QualifiedName table;
  bool if_exists = false;
  bool cascade = false;
};
struct RenameTable {
  QualifiedName table;
  std::string new_name;
};
struct AddColumn {
  QualifiedName table;
  Column column;
  bool if_not_exists = false;
};
struct DropColumn {
  QualifiedName table;
  std::string column;
  bool if_exists = false;
  bool cascade = false;
};
struct RenameColumn {
  QualifiedName table;
  std::string column;
  std::string new_name;
};
// Each optional says whether that aspect changes; `default_sql` holding nullopt inside means DROP DEFAULT.
struct AlterColumn {
  QualifiedName table;
  std::string column;
  std::optional<ColumnType> type;
  std::optional<std::string> using_expr;  // PostgreSQL ALTER ... TYPE ... USING
  std::optional<bool> nullable;
  std::optional<std::optional<std::string>> default_sql;
};
struct CreateIndex {
  std::string name;
  QualifiedName table;
  std::vector<std::string> columns;  // column names or expressions as SQL text
  bool unique = false;
  bool concurrently = false;
  bool if_not_exists = false;
  std::string where;   // partial index predicate
  std::string method;  // USING btree/gin/...; empty for default
};
struct DropIndex {
  std::string name;
  QualifiedName table;  // needed by some dialects; may be empty
  bool if_exists = false;
  bool concurrently = false;
  bool cascade = false;
};
struct AddConstraint {
  QualifiedName table;
  Constraint constraint;
};
struct DropConstraint {
  QualifiedName table;
  std::string name;
  std::optional<ConstraintKind> kind;  // known for Alembic drop_constraint(type_=...)
  bool if_exists = false;
};
struct ValidateConstraint {
  QualifiedName table;
  std::string name;
};
struct CreateView {
  QualifiedName view;
  std::string query;
  bool or_replace = false;
};
struct DropView {
  QualifiedName view;
  bool if_exists = false;
  bool cascade = false;
};
struct CreateEnum {
  QualifiedName type;
  std::vector<std::string> values;
};
struct DropEnum {
  QualifiedName type;
  bool if_exists = false;
};
// Rows as SQL literal text per column, in `columns` order.
struct InsertRows {
  QualifiedName table;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

using Op = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, RenameColumn,
                        AlterColumn, CreateIndex, DropIndex, AddConstraint, DropConstraint,
                        ValidateConstraint, CreateView, DropView, CreateEnum, DropEnum, InsertRows>;

// Stable snake_case name of the op kind ("create_table", ...), used in JSON and reports.
const char* op_name(const Op& op);

}  // namespace pm::model
