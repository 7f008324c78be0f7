// Columns and constraints in the common model: logical types that every framework can express,
// with the native spelling kept where the logical type is not enough to render it back.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pm::model {

enum class LogicalType {
  integer, bigint, smallint, serial, bigserial,
  string,      // varchar(length)
  text, boolean,
  timestamp, timestamptz, date, time,
  decimal,     // decimal(precision, scale)
  float_, double_,
  json, jsonb, uuid, binary,
  enum_,       // values, optional native type name
  other        // anything else: `native` holds the exact SQL type
};

const char* to_string(LogicalType type);

struct ColumnType {
  LogicalType kind = LogicalType::other;
  std::optional<int> length;     // string(n), char(n)
  std::optional<int> precision;  // decimal(p, s), timestamp(p)
  std::optional<int> scale;
  bool array = false;            // PostgreSQL T[]
  std::vector<std::string> enum_values;
  std::string enum_name;         // native enum type name (PostgreSQL CREATE TYPE ... AS ENUM)
  std::string native;            // the type as written in the source, e.g. "character varying(20)"

  bool operator==(const ColumnType&) const = default;
};

struct ForeignKeyRef {
  std::string table;
  std::vector<std::string> columns;
  std::string on_delete;  // "" | CASCADE | SET NULL | SET DEFAULT | RESTRICT | NO ACTION
  std::string on_update;

  bool operator==(const ForeignKeyRef&) const = default;
};

struct Column {
  std::string name;
  ColumnType type;
  bool nullable = true;
  std::optional<std::string> default_sql;  // a literal or an SQL expression, as SQL text
  bool primary = false;
  bool unique = false;
  bool autoincrement = false;              // identity / serial / SQLite AUTOINCREMENT
  std::optional<ForeignKeyRef> references;
  std::optional<std::string> check;        // column CHECK expression
  std::optional<std::string> generated;    // GENERATED ALWAYS AS (expr)

  bool operator==(const Column&) const = default;
};

enum class ConstraintKind { primary_key, foreign_key, unique, check };

const char* to_string(ConstraintKind kind);

struct Constraint {
  std::string name;  // may be empty: the database names it
  ConstraintKind kind = ConstraintKind::check;
  std::vector<std::string> columns;
  std::optional<ForeignKeyRef> references;  // foreign_key
  std::string check;                        // check expression
  bool not_valid = false;                   // PostgreSQL NOT VALID

  bool operator==(const Constraint&) const = default;
};

}  // namespace pm::model
