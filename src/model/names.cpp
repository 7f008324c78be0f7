// Stable names of the model's enums and variants, as they appear in JSON and reports.
#include <type_traits>

#include "model/column.hpp"
#include "model/migration.hpp"
#include "model/op.hpp"
#include "model/script.hpp"

namespace pm::model {

const char* to_string(LogicalType type) {
  switch (type) {
    case LogicalType::integer: return "integer";
    case LogicalType::bigint: return "bigint";
    case LogicalType::smallint: return "smallint";
    case LogicalType::serial: return "serial";
    case LogicalType::bigserial: return "bigserial";
    case LogicalType::string: return "string";
    case LogicalType::text: return "text";
    case LogicalType::boolean: return "boolean";
    case LogicalType::timestamp: return "timestamp";
    case LogicalType::timestamptz: return "timestamptz";
    case LogicalType::date: return "date";
    case LogicalType::time: return "time";
    case LogicalType::decimal: return "decimal";
    case LogicalType::float_: return "float";
    case LogicalType::double_: return "double";
    case LogicalType::json: return "json";
    case LogicalType::jsonb: return "jsonb";
    case LogicalType::uuid: return "uuid";
    case LogicalType::binary: return "binary";
    case LogicalType::enum_: return "enum";
    case LogicalType::other: return "other";
  }
  return "other";
}

const char* to_string(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::primary_key: return "primary_key";
    case ConstraintKind::foreign_key: return "foreign_key";
    case ConstraintKind::unique: return "unique";
    case ConstraintKind::check: return "check";
  }
  return "check";
}

const char* op_name(const Op& op) {
  return std::visit(
      [](const auto& o) -> const char* {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) return "create_table";
        else if constexpr (std::is_same_v<T, DropTable>) return "drop_table";
        else if constexpr (std::is_same_v<T, RenameTable>) return "rename_table";
        else if constexpr (std::is_same_v<T, AddColumn>) return "add_column";
        else if constexpr (std::is_same_v<T, DropColumn>) return "drop_column";
        else if constexpr (std::is_same_v<T, RenameColumn>) return "rename_column";
        else if constexpr (std::is_same_v<T, AlterColumn>) return "alter_column";
        else if constexpr (std::is_same_v<T, CreateIndex>) return "create_index";
        else if constexpr (std::is_same_v<T, DropIndex>) return "drop_index";
        else if constexpr (std::is_same_v<T, AddConstraint>) return "add_constraint";
        else if constexpr (std::is_same_v<T, DropConstraint>) return "drop_constraint";
        else if constexpr (std::is_same_v<T, ValidateConstraint>) return "validate_constraint";
        else if constexpr (std::is_same_v<T, CreateView>) return "create_view";
        else if constexpr (std::is_same_v<T, DropView>) return "drop_view";
        else if constexpr (std::is_same_v<T, CreateEnum>) return "create_enum";
        else if constexpr (std::is_same_v<T, DropEnum>) return "drop_enum";
        else return "insert_rows";
      },
      op);
}

const char* to_string(Dialect dialect) {
  return dialect == Dialect::sqlite ? "sqlite" : "postgresql";
}

std::optional<Dialect> parse_dialect(std::string_view text) {
  if (text == "sqlite" || text == "sqlite3") return Dialect::sqlite;
  if (text == "postgresql" || text == "postgres" || text == "pg") return Dialect::postgresql;
  return std::nullopt;
}

const char* step_type(const Step& step) {
  switch (step.index()) {
    case 0: return "op";
    case 1: return "sql";
    default: return "opaque";
  }
}

int step_line(const Step& step) {
  return std::visit(
      [](const auto& s) -> int {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, OpaqueStep>) return s.source.line_begin;
        else return s.line;
      },
      step);
}

const char* to_string(MigrationKind kind) {
  switch (kind) {
    case MigrationKind::versioned: return "versioned";
    case MigrationKind::repeatable: return "repeatable";
    case MigrationKind::baseline: return "baseline";
  }
  return "versioned";
}

}  // namespace pm::model
