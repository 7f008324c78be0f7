// What a live database holds, as the server reports it (catalog text, not logical types).
// src/schema maps this to its schema state to compare replayed and real schemas.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pm::db {

struct ColumnInfo {
  std::string name;
  std::string type;  // as the catalog spells it: "integer", "character varying(255)", "VARCHAR(50)"
  bool nullable = true;
  std::optional<std::string> default_sql;
  bool primary_key = false;
  int position = 0;  // 1-based
};

struct IndexInfo {
  std::string name;
  bool unique = false;
  bool primary = false;
  std::vector<std::string> columns;  // names, or expressions as SQL text
  std::string where;                 // partial index predicate, "" if none
  std::string definition;            // full CREATE INDEX text when the server keeps it
};

struct ConstraintInfo {
  std::string name;
  std::string kind;  // "primary_key" | "foreign_key" | "unique" | "check"
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string on_delete;
  std::string on_update;
  std::string check;
  bool validated = true;
};

struct TableInfo {
  std::string schema;
  std::string name;
  std::vector<ColumnInfo> columns;  // in position order
  std::vector<IndexInfo> indexes;
  std::vector<ConstraintInfo> constraints;
};

struct ViewInfo {
  std::string schema;
  std::string name;
  std::string definition;
};

struct EnumInfo {
  std::string schema;
  std::string name;
  std::vector<std::string> values;
};

struct SchemaSnapshot {
  std::vector<TableInfo> tables;  // sorted by name
  std::vector<ViewInfo> views;
  std::vector<EnumInfo> enums;    // PostgreSQL only
};

}  // namespace pm::db
