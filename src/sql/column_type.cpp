// One table of type names per logical type. PostgreSQL aliases (int4, float8, bool, ...) and
// SQLite affinity names (INTEGER, REAL, BLOB) both land here, since names do not collide.
#include "sql/column_type.hpp"

#include <initializer_list>

namespace pm::sql {

namespace {

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (auto candidate : names) {
    if (name == candidate) return true;
  }
  return false;
}

}  // namespace

model::ColumnType map_column_type(std::string_view name, const std::vector<int>& args, bool array,
                                  std::string native) {
  using model::LogicalType;
  model::ColumnType type;
  type.native = std::move(native);
  type.array = array;
  auto arg = [&](std::size_t i) -> std::optional<int> {
    return i < args.size() ? std::optional<int>(args[i]) : std::nullopt;
  };

  if (one_of(name, {"int", "integer", "int4"})) {
    type.kind = LogicalType::integer;
  } else if (one_of(name, {"smallint", "int2"})) {
    type.kind = LogicalType::smallint;
  } else if (one_of(name, {"bigint", "int8"})) {
    type.kind = LogicalType::bigint;
  } else if (one_of(name, {"serial", "serial4", "smallserial", "serial2"})) {
    type.kind = LogicalType::serial;
  } else if (one_of(name, {"bigserial", "serial8"})) {
    type.kind = LogicalType::bigserial;
  } else if (one_of(name, {"varchar", "character varying", "nvarchar", "varying character"})) {
    type.kind = LogicalType::string;
    type.length = arg(0);
  } else if (one_of(name, {"char", "character", "nchar", "bpchar"})) {
    type.kind = LogicalType::other;  // fixed-width: not the model's string(n)
    type.length = arg(0);
  } else if (one_of(name, {"text", "clob"})) {
    type.kind = LogicalType::text;
  } else if (one_of(name, {"boolean", "bool"})) {
    type.kind = LogicalType::boolean;
  } else if (one_of(name, {"timestamp", "timestamp without time zone", "datetime"})) {
    type.kind = LogicalType::timestamp;
    type.precision = arg(0);
  } else if (one_of(name, {"timestamptz", "timestamp with time zone"})) {
    type.kind = LogicalType::timestamptz;
    type.precision = arg(0);
  } else if (name == "date") {
    type.kind = LogicalType::date;
  } else if (one_of(name, {"time", "time without time zone"})) {
    type.kind = LogicalType::time;
    type.precision = arg(0);
  } else if (one_of(name, {"numeric", "decimal"})) {
    type.kind = LogicalType::decimal;
    type.precision = arg(0);
    type.scale = arg(1);
  } else if (one_of(name, {"real", "float4"})) {
    type.kind = LogicalType::float_;
  } else if (one_of(name, {"double precision", "float8", "double", "float"})) {
    type.kind = LogicalType::double_;
  } else if (name == "json") {
    type.kind = LogicalType::json;
  } else if (name == "jsonb") {
    type.kind = LogicalType::jsonb;
  } else if (name == "uuid") {
    type.kind = LogicalType::uuid;
  } else if (one_of(name, {"bytea", "blob"})) {
    type.kind = LogicalType::binary;
  } else {
    type.kind = LogicalType::other;
  }
  return type;
}

}  // namespace pm::sql
