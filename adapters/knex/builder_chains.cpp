#include "adapters/knex/builder_chains.hpp"

#include <algorithm>

#include "adapters/knex/column_builders.hpp"
#include "adapters/knex/js_text.hpp"
#include "adapters/knex/knex_sql.hpp"
#include "schema/table_constraints.hpp"
#include "sql/renderer.hpp"

namespace pm::knex {

namespace {

using model::ConstraintKind;
using model::Dialect;
using model::LogicalType;

// A column or table name as the reader takes it back: a string, or a list when the name holds a
// '.' (references('t.col') splits there).
std::string js_names(const std::vector<std::string>& names) {
  if (names.size() == 1 && names[0].find('.') == std::string::npos) return js_string(names[0]);
  return js_array(names);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The value of a SQL text that is exactly one '...' literal ('' for a quote), else nullopt.
std::optional<std::string> sql_string_value(const std::string& sql) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < sql.size(); ++i) {
    if (sql[i] == '\'') {
      if (i + 2 >= sql.size() || sql[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    out += sql[i];
  }
  return out;
}

// A string Knex writes into the SQL the same on both dialects: PostgreSQL's _escapeBinding
// turns a backslash into E'..\\..', positionBindings turns '?' into a parameter.
bool plain_text(const std::string& text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    return c == '\\' || c == '?' || static_cast<unsigned char>(c) < 0x20;
  });
}

bool is_number(const std::string& text) {
  std::size_t i = text.starts_with('-') ? 1 : 0;
  std::size_t digits = 0;
  bool dot = false;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && !dot && digits > 0) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    ++digits;
  }
  // A JavaScript number holds 15 significant digits exactly.
  return digits > 0 && digits <= 15 && text.back() != '.';
}

bool js_identifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  });
}

JsValue number_value(int n) {
  JsValue v;
  v.kind = JsValue::Kind::number;
  v.number = n;
  v.text = std::to_string(n);
  return v;
}

// A builder call for a column type: `string('email', 120)` is {"string", {"120"}}; `values`
// are the same arguments as the reader evaluates them, to check the round trip.
struct TypeCall {
  std::string method;
  std::vector<std::string> args;
  std::vector<JsValue> values;
};

bool same_type(const model::ColumnType& a, const model::ColumnType& b) {
  return a.kind == b.kind && a.length == b.length && a.precision == b.precision &&
         a.scale == b.scale && a.array == b.array && a.enum_values == b.enum_values &&
         a.enum_name == b.enum_name && (a.kind != LogicalType::other || a.native == b.native);
}

// The builder for this type (column_builders.cpp read backwards). Whether Knex writes it as
// the same type on the dialect, type_call checks.
std::optional<TypeCall> natural_type(const model::ColumnType& t) {
  if (t.array || !t.enum_name.empty()) return std::nullopt;
  auto call = [](std::string method) { return TypeCall{std::move(method), {}, {}}; };
  switch (t.kind) {
    case LogicalType::integer:
      return call("integer");
    case LogicalType::bigint:
      return call("bigInteger");
    case LogicalType::smallint:
      return call("smallint");
    case LogicalType::string:
      if (!t.length) return std::nullopt;
      return TypeCall{"string", {std::to_string(*t.length)}, {number_value(*t.length)}};
    case LogicalType::text:
      return call("text");
    case LogicalType::boolean:
      return call("boolean");
    case LogicalType::date:
      return call("date");
    case LogicalType::time:
      if (t.precision) return std::nullopt;
      return call("time");
    case LogicalType::timestamp:
    case LogicalType::timestamptz: {
      const bool tz = t.kind == LogicalType::timestamptz;
      JsValue options;
      options.kind = JsValue::Kind::object;
      std::vector<std::string> parts;
      if (!tz) {
        JsValue no;
        no.kind = JsValue::Kind::boolean;
        options.entries.emplace_back("useTz", no);
        parts.push_back("useTz: false");
      }
      if (t.precision) {
        options.entries.emplace_back("precision", number_value(*t.precision));
        parts.push_back("precision: " + std::to_string(*t.precision));
      }
      TypeCall c = call("timestamp");
      if (!parts.empty()) {
        std::string object = "{ ";
        for (std::size_t i = 0; i < parts.size(); ++i) object += (i ? ", " : "") + parts[i];
        c.args.push_back(object + " }");
        c.values.push_back(options);
      }
      return c;
    }
    case LogicalType::decimal: {
      if (!t.precision && !t.scale) {
        JsValue null_value;
        null_value.kind = JsValue::Kind::null;
        return TypeCall{"decimal", {"null"}, {null_value}};
      }
      if (!t.precision || !t.scale) return std::nullopt;
      return TypeCall{"decimal",
                      {std::to_string(*t.precision), std::to_string(*t.scale)},
                      {number_value(*t.precision), number_value(*t.scale)}};
    }
    case LogicalType::float_:
      return call("float");
    case LogicalType::double_:
      return call("double");
    case LogicalType::json:
      return call("json");
    case LogicalType::jsonb:
      return call("jsonb");
    case LogicalType::uuid:
      return call("uuid");
    case LogicalType::binary:
      return call("binary");
    case LogicalType::enum_: {
      JsValue values;
      values.kind = JsValue::Kind::array;
      for (const auto& v : t.enum_values) values.items.push_back(JsValue::string(v));
      return TypeCall{"enu", {js_array(t.enum_values)}, {values}};
    }
    default:
      return std::nullopt;
  }
}

// SQL spellings of a type for specificType, best first: the source's own, the dialect's, then
// one the type reader maps back to the same logical type (SQLite keeps any name it is given).
std::vector<std::string> type_spellings(const model::ColumnType& t, Dialect dialect) {
  std::vector<std::string> out;
  if (!t.native.empty()) out.push_back(t.native);
  for (const bool native : {true, false}) {
    try {
      out.push_back(sql::render_type(t, dialect, native));
    } catch (const sql::RenderError&) {
    }
  }
  auto with = [&](std::string name, std::optional<int> a, std::optional<int> b = std::nullopt) {
    if (a) name += "(" + std::to_string(*a) + (b ? ", " + std::to_string(*b) : "") + ")";
    return name;
  };
  std::string name;
  switch (t.kind) {
    case LogicalType::integer:
      name = "integer";
      break;
    case LogicalType::bigint:
      name = "bigint";
      break;
    case LogicalType::smallint:
      name = "smallint";
      break;
    case LogicalType::serial:
      name = "serial";
      break;
    case LogicalType::bigserial:
      name = "bigserial";
      break;
    case LogicalType::string:
      name = with("varchar", t.length);
      break;
    case LogicalType::text:
      name = "text";
      break;
    case LogicalType::boolean:
      name = "boolean";
      break;
    case LogicalType::timestamp:
      name = with("timestamp", t.precision);
      break;
    case LogicalType::timestamptz:
      name = with("timestamptz", t.precision);
      break;
    case LogicalType::date:
      name = "date";
      break;
    case LogicalType::time:
      name = with("time", t.precision);
      break;
    case LogicalType::decimal:
      name = with("decimal", t.precision, t.scale);
      break;
    case LogicalType::float_:
      name = "real";
      break;
    case LogicalType::double_:
      name = "double precision";
      break;
    case LogicalType::json:
      name = "json";
      break;
    case LogicalType::jsonb:
      name = "jsonb";
      break;
    case LogicalType::uuid:
      name = "uuid";
      break;
    case LogicalType::binary:
      name = dialect == Dialect::sqlite ? "blob" : "bytea";
      break;
    default:
      break;
  }
  if (!name.empty()) out.push_back(name + (t.array ? "[]" : ""));
  return out;
}

// The builder for a column's type: the natural one when Knex writes it as the same type on the
// dialect (as the reader takes it back: knex_column_type), else specificType with the type's SQL
// (which the reader parses back).
std::optional<std::string> type_call(const model::Column& column, Dialect dialect) {
  const std::string name = js_string(column.name);
  if (auto natural = natural_type(column.type)) {
    auto built = column_builder(natural->method, natural->values);
    if (built && same_type(knex_column_type(built->type, dialect), column.type)) {
      std::string out = natural->method + "(" + name;
      for (const auto& a : natural->args) out += ", " + a;
      return out + ")";
    }
  }
  for (const auto& text : type_spellings(column.type, dialect)) {
    auto built = column_builder("specificType", {JsValue::string(text)});
    if (built && same_type(built->type, column.type))
      return "specificType(" + name + ", " + js_string(text) + ")";
  }
  return std::nullopt;
}

}  // namespace

BuilderChains::BuilderChains(Dialect dialect, const schema::SchemaState& state)
    : dialect_(dialect), state_(state) {}

std::optional<std::string> BuilderChains::sql_text(const std::string& sql, bool formatted) const {
  if (sql.find("\\?") != std::string::npos) return std::nullopt;
  const std::string escape = pg() ? (formatted ? "\\\\" : "\\") : "";
  std::string out;
  for (char c : sql) {
    if (c == '?') out += escape;
    out += c;
  }
  return js_string(out);
}

std::optional<std::string> BuilderChains::default_value(const std::string& sql,
                                                        const model::ColumnType& type) const {
  if (iequals(sql, "NULL")) return "null";
  if (sql == "CURRENT_TIMESTAMP") return "knex.fn.now()";
  if (type.kind == LogicalType::boolean && (sql == "'1'" || sql == "'0'"))
    return sql == "'1'" ? "true" : "false";
  // formatDefault: a string becomes a quoted literal, except on boolean columns ('1' / '0').
  if (type.kind != LogicalType::boolean)
    if (auto text = sql_string_value(sql); text && plain_text(*text)) return js_string(*text);
  auto raw = sql_text(sql, true);
  if (!raw) return std::nullopt;
  return "knex.raw(" + *raw + ")";
}

std::vector<std::string> BuilderChains::primary_key(const model::QualifiedName& table) const {
  if (const schema::Table* t = state_.find_table(table))
    for (const auto& e : schema::table_constraints(*t))
      if (e.constraint.kind == ConstraintKind::primary_key) return e.constraint.columns;
  return {};
}

bool BuilderChains::has_primary_key(const model::QualifiedName& table) const {
  return !primary_key(table).empty();
}

std::optional<std::string> BuilderChains::references(const model::ForeignKeyRef& ref,
                                                     std::size_t count) const {
  std::vector<std::string> targets = ref.columns;
  if (targets.empty()) targets = primary_key(schema::referenced_table(ref));
  if (targets.empty() || targets.size() != count || ref.table.empty()) return std::nullopt;
  std::string out = ".references(" + js_names(targets) + ").inTable(" + js_string(ref.table) + ")";
  if (!ref.on_delete.empty()) out += ".onDelete(" + js_string(ref.on_delete) + ")";
  if (!ref.on_update.empty()) out += ".onUpdate(" + js_string(ref.on_update) + ")";
  return out;
}

std::string BuilderChains::database_name(const model::QualifiedName& table, ConstraintKind kind,
                                         const std::vector<std::string>& columns,
                                         const std::string& name) const {
  if (!name.empty() || !pg()) return name;
  return schema::generated_constraint_name(table.name, kind, columns);
}

std::optional<std::string> BuilderChains::column(const model::QualifiedName& table,
                                                 const model::Column& c, bool table_primary) const {
  if (c.generated) return std::nullopt;  // Knex has no generated columns
  std::string chain;
  bool increments = false;
  if (c.autoincrement) {
    const auto kind = c.type.kind;
    if (pg() && (kind == LogicalType::serial || kind == LogicalType::bigserial)) {
      chain = std::string(kind == LogicalType::serial ? "increments(" : "bigIncrements(") +
              js_string(c.name) + (c.primary ? "" : ", { primaryKey: false }") + ")";
    } else if (!pg() && kind == LogicalType::integer && c.primary && !table_primary) {
      chain = "increments(" + js_string(c.name) + ")";  // the rowid alias, AUTOINCREMENT
    } else {
      return std::nullopt;  // an identity column: Knex writes serial instead
    }
    if (c.nullable || c.default_sql || c.check || c.unique) return std::nullopt;
    increments = true;
  } else {
    if (c.type.kind == LogicalType::serial || c.type.kind == LogicalType::bigserial)
      return std::nullopt;
    auto type = type_call(c, dialect_);
    if (!type) return std::nullopt;
    chain = *type;
  }
  chain = "table." + chain;
  if (!increments && !c.nullable) chain += ".notNullable()";
  if (c.default_sql) {
    auto value = default_value(*c.default_sql, c.type);
    if (!value) return std::nullopt;
    chain += ".defaultTo(" + *value + ")";
  }
  if (c.primary && !increments) {
    if (table_primary) return std::nullopt;
    chain += ".primary()";
  }
  if (c.unique) {
    if (!pg()) return std::nullopt;  // SQLite's Knex makes a unique index, not a constraint
    chain += ".unique({ indexName: " +
             js_string(database_name(table, ConstraintKind::unique, {c.name}, "")) + " })";
  }
  if (c.references) {
    auto ref = references(*c.references, 1);
    if (!ref) return std::nullopt;
    chain += *ref;
    if (pg())
      chain += ".withKeyName(" +
               js_string(database_name(table, ConstraintKind::foreign_key, {c.name}, "")) + ")";
  }
  return chain;
}

std::optional<std::string> BuilderChains::check(const model::QualifiedName& table,
                                                const std::string& expression, std::string name,
                                                bool in_create) const {
  if (!in_create && !pg()) return std::nullopt;  // SQLite has no ADD CONSTRAINT
  if (!in_create && name.empty())
    name = schema::generated_constraint_name(table.name, ConstraintKind::check, {});
  auto text = sql_text(expression, in_create);
  if (!text) return std::nullopt;
  if (name.empty()) return "table.check(" + *text + ")";
  return "table.check(" + *text + ", undefined, " + js_string(knex_raw_name(name)) + ")";
}

std::optional<std::string> BuilderChains::constraint(const model::QualifiedName& table,
                                                     const model::Constraint& c,
                                                     bool in_create) const {
  if (c.not_valid) return std::nullopt;
  const std::string columns = js_array(c.columns);
  switch (c.kind) {
    case ConstraintKind::primary_key:
      // The name as a string: SQLite's createTable wraps a { constraintName } object whole
      // (sqlite-tablecompiler.js primaryKeys), writing `"name" as "constraintName"`.
      return "table.primary(" + columns + (c.name.empty() ? "" : ", " + js_string(c.name)) + ")";
    case ConstraintKind::unique:
      if (!pg()) return std::nullopt;
      return "table.unique(" + columns +
             ", { indexName: " + js_string(database_name(table, c.kind, c.columns, c.name)) + " })";
    case ConstraintKind::foreign_key: {
      if (!c.references) return std::nullopt;
      auto ref = references(*c.references, c.columns.size());
      if (!ref) return std::nullopt;
      const std::string name = database_name(table, c.kind, c.columns, c.name);
      return "table.foreign(" + columns + (name.empty() ? "" : ", " + js_string(name)) + ")" + *ref;
    }
    case ConstraintKind::check:
      return check(table, c.check, c.name, in_create);
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> BuilderChains::create_table(
    const model::CreateTable& op) const {
  const bool table_primary =
      std::any_of(op.constraints.begin(), op.constraints.end(),
                  [](const auto& c) { return c.kind == ConstraintKind::primary_key; });
  // SQLite's Knex writes a table primary key as `unique (...)` next to an increments column.
  const bool has_increments = std::any_of(op.columns.begin(), op.columns.end(),
                                          [](const auto& c) { return c.autoincrement; });
  if (!pg() && table_primary && has_increments) return std::nullopt;
  std::vector<std::string> lines;
  std::vector<std::string> checks;
  for (const auto& c : op.columns) {
    auto chain = column(op.table, c, table_primary);
    if (!chain) return std::nullopt;
    lines.push_back(*chain);
    if (c.check) {
      // A column's CHECK, written on the table: with the name PostgreSQL gives the column's.
      auto line = check(op.table, *c.check,
                        database_name(op.table, ConstraintKind::check, {c.name}, ""), true);
      if (!line) return std::nullopt;
      checks.push_back(*line);
    }
  }
  for (const auto& c : op.constraints) {
    auto line = constraint(op.table, c, true);
    if (!line) return std::nullopt;
    lines.push_back(*line);
  }
  lines.insert(lines.end(), checks.begin(), checks.end());
  return lines;
}

bool BuilderChains::plain_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

std::optional<std::string> BuilderChains::index(const model::CreateIndex& op) const {
  if (op.concurrently || op.if_not_exists || !op.where.empty() || op.name.empty() ||
      op.columns.empty())
    return std::nullopt;
  if (!op.method.empty() && !iequals(op.method, "btree")) return std::nullopt;
  const schema::Table* table = state_.find_table(op.table);
  for (const auto& c : op.columns)
    if (!plain_name(c) || (table && !table->find_column(c, dialect_))) return std::nullopt;
  if (op.unique)
    return "table.unique(" + js_array(op.columns) + ", { indexName: " + js_string(op.name) +
           ", useConstraint: false })";
  return "table.index(" + js_array(op.columns) + ", " + js_string(op.name) + ")";
}

std::optional<std::string> BuilderChains::row_value(const std::string& sql) {
  if (iequals(sql, "NULL")) return "null";
  if (iequals(sql, "TRUE")) return "true";
  if (iequals(sql, "FALSE")) return "false";
  if (auto text = sql_string_value(sql)) return js_string(*text);
  const std::size_t first = sql.starts_with('-') ? 1 : 0;
  const bool leading_zero = sql.size() > first + 1 && sql[first] == '0' && sql[first + 1] != '.';
  if (is_number(sql) && !leading_zero) return sql;
  return std::nullopt;
}

std::optional<std::vector<std::string>> BuilderChains::insert(const model::InsertRows& op) const {
  std::vector<std::string> objects;
  for (const auto& row : op.rows) {
    if (row.size() != op.columns.size()) return std::nullopt;
    std::string object;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (iequals(row[i], "DEFAULT")) {
        if (!pg()) return std::nullopt;  // useNullAsDefault writes NULL for a missing key
        continue;
      }
      auto value = row_value(row[i]);
      if (!value) return std::nullopt;
      const std::string& key = op.columns[i];
      object += (object.empty() ? "" : ", ") + (js_identifier(key) ? key : js_string(key)) + ": " +
                *value;
    }
    if (object.empty()) return std::nullopt;
    objects.push_back("{ " + object + " }");
  }
  std::vector<std::string> out;
  const std::size_t chunk = pg() ? objects.size() : 500;
  for (std::size_t start = 0; start < objects.size(); start += chunk) {
    const std::size_t end = std::min(objects.size(), start + chunk);
    std::string code = "await knex(" + js_string(op.table.name) + ")";
    if (!op.table.schema.empty()) code += ".withSchema(" + js_string(op.table.schema) + ")";
    if (end - start == 1) {
      code += ".insert(" + objects[start] + ");";
    } else {
      code += ".insert([\n";
      for (std::size_t i = start; i < end; ++i) code += "  " + objects[i] + ",\n";
      code += "]);";
    }
    out.push_back(code);
  }
  return out;
}

}  // namespace pm::knex
