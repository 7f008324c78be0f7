#include "adapters/alembic/sa_types.hpp"

#include <map>

namespace pm::alembic {

namespace {

using model::LogicalType;

// SQLAlchemy's generic and upper-case type classes (sqlalchemy/sql/sqltypes.py) and the dialect
// types (sqlalchemy/dialects/postgresql/types.py) that have a logical equivalent.
const std::map<std::string, LogicalType, std::less<>>& known_types() {
  static const std::map<std::string, LogicalType, std::less<>> types = {
      {"Integer", LogicalType::integer},
      {"INTEGER", LogicalType::integer},
      {"INT", LogicalType::integer},
      {"BigInteger", LogicalType::bigint},
      {"BIGINT", LogicalType::bigint},
      {"SmallInteger", LogicalType::smallint},
      {"SMALLINT", LogicalType::smallint},
      {"String", LogicalType::string},
      {"VARCHAR", LogicalType::string},
      {"Unicode", LogicalType::string},
      {"NVARCHAR", LogicalType::string},
      {"AutoString", LogicalType::string},
      {"Text", LogicalType::text},
      {"TEXT", LogicalType::text},
      {"UnicodeText", LogicalType::text},
      {"Boolean", LogicalType::boolean},
      {"BOOLEAN", LogicalType::boolean},
      {"DateTime", LogicalType::timestamp},
      {"DATETIME", LogicalType::timestamp},
      {"TIMESTAMP", LogicalType::timestamp},
      {"Date", LogicalType::date},
      {"DATE", LogicalType::date},
      {"Time", LogicalType::time},
      {"TIME", LogicalType::time},
      {"Numeric", LogicalType::decimal},
      {"NUMERIC", LogicalType::decimal},
      {"DECIMAL", LogicalType::decimal},
      {"Float", LogicalType::float_},
      {"FLOAT", LogicalType::float_},
      {"REAL", LogicalType::float_},
      {"Double", LogicalType::double_},
      {"DOUBLE", LogicalType::double_},
      {"DOUBLE_PRECISION", LogicalType::double_},
      {"JSON", LogicalType::json},
      {"JSONB", LogicalType::jsonb},
      {"UUID", LogicalType::uuid},
      {"Uuid", LogicalType::uuid},
      {"LargeBinary", LogicalType::binary},
      {"BLOB", LogicalType::binary},
      {"BYTEA", LogicalType::binary},
      {"Enum", LogicalType::enum_},
      {"ENUM", LogicalType::enum_},
  };
  return types;
}

// Types without a logical equivalent that still render the same on both dialects.
const std::map<std::string, std::string, std::less<>>& native_types() {
  static const std::map<std::string, std::string, std::less<>> types = {
      {"CHAR", "CHAR"}, {"Interval", "INTERVAL"}, {"INTERVAL", "INTERVAL"}, {"INET", "INET"},
      {"CIDR", "CIDR"}, {"TSVECTOR", "TSVECTOR"}, {"CITEXT", "CITEXT"},     {"MONEY", "MONEY"},
  };
  return types;
}

std::string last_segment(const std::string& dotted) {
  auto dot = dotted.rfind('.');
  return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

std::optional<int> int_argument(const parse::SyntaxTree& tree, const CallArgs& args,
                                std::size_t position, std::string_view keyword) {
  const TSNode* node = args.keyword(keyword);
  if (!node && position < args.positional.size()) node = &args.positional[position];
  if (!node) return std::nullopt;
  auto value = literal_value(tree, *node);
  if (!value || value->kind != PyValue::Kind::integer) return std::nullopt;
  return static_cast<int>(value->integer);
}

bool bool_keyword(const parse::SyntaxTree& tree, const CallArgs& args, std::string_view keyword) {
  const TSNode* node = args.keyword(keyword);
  if (!node) return false;
  auto value = literal_value(tree, *node);
  return value && value->kind == PyValue::Kind::boolean && value->boolean;
}

}  // namespace

bool looks_like_type(const parse::SyntaxTree& tree, TSNode expression) {
  TSNode callee = is_type(expression, "call") ? field(expression, "function") : expression;
  std::string name = last_segment(dotted_name(tree, callee));
  return known_types().count(name) || native_types().count(name) || name == "ARRAY";
}

std::optional<model::ColumnType> sa_column_type(const parse::SyntaxTree& tree, TSNode expression,
                                                std::string& why) {
  const bool called = is_type(expression, "call");
  TSNode callee = called ? field(expression, "function") : expression;
  const std::string dotted = dotted_name(tree, callee);
  const std::string name = last_segment(dotted);
  CallArgs args;
  if (called) args = call_args(tree, expression);
  if (args.unpacked) {
    why = "type " + dotted + " has unpacked arguments";
    return std::nullopt;
  }

  model::ColumnType type;
  if (name == "ARRAY") {
    if (args.positional.empty()) {
      why = "ARRAY without an item type";
      return std::nullopt;
    }
    auto item = sa_column_type(tree, args.positional.front(), why);
    if (!item) return std::nullopt;
    item->array = true;
    return item;
  }
  if (auto native = native_types().find(name); native != native_types().end()) {
    type.kind = LogicalType::other;
    type.native = native->second;
    if (auto length = int_argument(tree, args, 0, "length"))
      type.native += "(" + std::to_string(*length) + ")";
    return type;
  }
  auto known = known_types().find(name);
  if (known == known_types().end()) {
    why = dotted.empty() ? "column type is not a plain SQLAlchemy type"
                         : "unknown column type " + dotted;
    return std::nullopt;
  }
  type.kind = known->second;
  switch (type.kind) {
    case LogicalType::string:
      type.length = int_argument(tree, args, 0, "length");
      break;
    case LogicalType::timestamp:
    case LogicalType::time:
      // DateTime(timezone=True) / postgresql.TIMESTAMP(timezone=True): WITH TIME ZONE.
      if (bool_keyword(tree, args, "timezone") ||
          (!args.positional.empty() && literal_value(tree, args.positional[0]) &&
           literal_value(tree, args.positional[0])->kind == PyValue::Kind::boolean &&
           literal_value(tree, args.positional[0])->boolean)) {
        if (type.kind == LogicalType::timestamp) type.kind = LogicalType::timestamptz;
      }
      type.precision = int_argument(tree, args, 99, "precision");
      break;
    case LogicalType::decimal:
      type.precision = int_argument(tree, args, 0, "precision");
      type.scale = int_argument(tree, args, 1, "scale");
      break;
    case LogicalType::float_:
      type.precision = int_argument(tree, args, 0, "precision");
      // FLOAT(p) with p > 24 is double precision on PostgreSQL; SQLite stores any FLOAT as an
      // 8-byte REAL.
      if (type.precision && *type.precision > 24) {
        type.kind = LogicalType::double_;
        type.precision.reset();
      }
      break;
    case LogicalType::enum_: {
      for (TSNode value : args.positional) {
        auto v = literal_value(tree, value);
        if (!v || !v->is_string()) {
          why = "Enum over a Python enum class or computed values";
          return std::nullopt;
        }
        type.enum_values.push_back(v->text);
      }
      if (const TSNode* enum_name = args.keyword("name")) {
        auto v = literal_value(tree, *enum_name);
        if (v && v->is_string()) type.enum_name = v->text;
      }
      break;
    }
    default:
      break;
  }
  return type;
}

}  // namespace pm::alembic
