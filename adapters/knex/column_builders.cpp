#include "adapters/knex/column_builders.hpp"

#include <stdexcept>

#include "sql/column_definition.hpp"
#include "sql/ddl_cursor.hpp"

namespace pm::knex {

namespace {

using model::LogicalType;

std::optional<int> int_arg(const std::vector<JsValue>& args, std::size_t index) {
  if (index >= args.size() || args[index].kind != JsValue::Kind::number) return std::nullopt;
  return static_cast<int>(args[index].number);
}

model::ColumnType of(LogicalType kind) {
  model::ColumnType type;
  type.kind = kind;
  return type;
}

// timestamp/datetime(name, { useTz, precision }) or the older (name, withoutTz, precision).
model::ColumnType timestamp_type(const std::vector<JsValue>& args) {
  bool use_tz = true;
  std::optional<int> precision;
  if (!args.empty() && args[0].is_object()) {
    if (const JsValue* tz = args[0].get("useTz")) use_tz = tz->truthy();
    if (const JsValue* p = args[0].get("precision"); p && p->kind == JsValue::Kind::number)
      precision = static_cast<int>(p->number);
  } else if (!args.empty() && args[0].kind == JsValue::Kind::boolean) {
    use_tz = !args[0].boolean;
    precision = int_arg(args, 1);
  }
  auto type = of(use_tz ? LogicalType::timestamptz : LogicalType::timestamp);
  type.precision = precision;
  return type;
}

}  // namespace

model::ColumnType sql_column_type(const std::string& text) {
  model::ColumnType type = of(LogicalType::other);
  sql::DdlCursor cursor(text, model::Dialect::postgresql);
  if (cursor.lexed())
    if (auto read = sql::read_column_type(cursor); read && cursor.at_end()) type = *read;
  type.native = text;
  return type;
}

bool is_column_builder(const std::string& b) {
  static const std::vector<std::string> names = {
      "increments", "bigIncrements", "integer",  "bigInteger", "bigint",      "smallint", "tinyint",
      "mediumint",  "string",        "text",     "boolean",    "bool",        "float",    "double",
      "decimal",    "date",          "datetime", "time",       "timestamp",   "uuid",     "json",
      "jsonb",      "binary",        "enu",      "enum",       "specificType"};
  for (const auto& n : names)
    if (n == b) return true;
  return false;
}

std::optional<BuiltColumn> column_builder(const std::string& b, const std::vector<JsValue>& args) {
  BuiltColumn out;
  if (b == "increments" || b == "bigIncrements") {
    out.type = of(b == "increments" ? LogicalType::serial : LogicalType::bigserial);
    out.increments = true;
    if (!args.empty() && args[0].is_object())
      if (const JsValue* pk = args[0].get("primaryKey")) out.primary_key = pk->truthy();
    return out;
  }
  if (b == "integer" || b == "mediumint")
    out.type = of(LogicalType::integer);
  else if (b == "bigInteger" || b == "bigint")
    out.type = of(LogicalType::bigint);
  else if (b == "smallint" || b == "tinyint")
    out.type = of(LogicalType::smallint);
  else if (b == "string") {
    out.type = of(LogicalType::string);
    out.type.length = int_arg(args, 0).value_or(255);
  } else if (b == "text")
    out.type = of(LogicalType::text);
  else if (b == "boolean" || b == "bool")
    out.type = of(LogicalType::boolean);
  else if (b == "float")
    out.type = of(LogicalType::float_);
  else if (b == "double")
    out.type = of(LogicalType::double_);
  else if (b == "decimal") {
    out.type = of(LogicalType::decimal);
    // decimal(name, precision = 8, scale = 2); a null precision means an unconstrained decimal.
    const bool null_precision = !args.empty() && args[0].kind == JsValue::Kind::null;
    if (!null_precision) {
      out.type.precision = int_arg(args, 0).value_or(8);
      out.type.scale = int_arg(args, 1).value_or(2);
    }
  } else if (b == "date")
    out.type = of(LogicalType::date);
  else if (b == "time")
    out.type = of(LogicalType::time);
  else if (b == "datetime" || b == "timestamp")
    out.type = timestamp_type(args);
  else if (b == "uuid")
    out.type = of(LogicalType::uuid);
  else if (b == "json")
    out.type = of(LogicalType::json);
  else if (b == "jsonb")
    out.type = of(LogicalType::jsonb);
  else if (b == "binary")
    out.type = of(LogicalType::binary);
  else if (b == "enu" || b == "enum") {
    out.type = of(LogicalType::enum_);
    if (args.empty() || args[0].kind != JsValue::Kind::array)
      throw std::invalid_argument("enum values are not a literal array");
    for (const auto& v : args[0].items) out.type.enum_values.push_back(v.to_string());
    if (args.size() > 1 && args[1].is_object()) {
      const JsValue* native = args[1].get("useNative");
      if (native && native->truthy()) {
        const JsValue* name = args[1].get("enumName");
        if (!name || !name->is_string()) throw std::invalid_argument("useNative without enumName");
        out.type.enum_name = name->text;
        if (args[1].get("schemaName"))
          throw std::invalid_argument("a native enum in another schema");
      }
    }
  } else if (b == "specificType") {
    if (args.empty() || !args[0].is_string())
      throw std::invalid_argument("specificType without a literal type");
    // The text read as SQL writes a type, so 'varchar(20)' is the string(20) it makes; Knex
    // writes the text as it is.
    out.type = sql_column_type(args[0].text);
  } else {
    return std::nullopt;
  }
  return out;
}

std::string knex_index_name(const std::string& table, const std::vector<std::string>& columns,
                            const std::string& type) {
  std::string name;
  for (char c : table) name += (c == '.' || c == '-') ? '_' : c;
  name += "_";
  for (std::size_t i = 0; i < columns.size(); ++i) name += (i ? "_" : "") + columns[i];
  name += "_" + type;
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name;
}

std::string sql_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string knex_raw_name(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string knex_default(const JsValue& value, const model::ColumnType& type) {
  if (value.kind == JsValue::Kind::null) return "null";
  if (type.kind == model::LogicalType::boolean) {
    bool on = value.truthy();
    if (value.is_string() && value.text == "false") on = false;
    return on ? "'1'" : "'0'";
  }
  return sql_string(value.to_string());
}

}  // namespace pm::knex
