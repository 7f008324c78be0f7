#include "adapters/knex/step_writer.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "adapters/knex/column_builders.hpp"
#include "adapters/knex/knex_sql.hpp"
#include "schema/replay.hpp"
#include "schema/table_constraints.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::knex {

namespace {

using model::ConstraintKind;
using model::Dialect;
using model::LogicalType;

std::string hex_escape(unsigned char c) {
  static const char* digits = "0123456789abcdef";
  return std::string("\\x") + digits[c >> 4] + digits[c & 15];
}

std::string js_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + js_string(items[i]);
  return out + "]";
}

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

std::string js_string(std::string_view text) {
  const bool multiline = text.find('\n') != std::string_view::npos;
  std::string out(1, multiline ? '`' : '\'');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (multiline && c == '`') {
      out += "\\`";
    } else if (multiline && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      out += "\\$";
    } else if (!multiline && c == '\'') {
      out += "\\'";
    } else if (c == '\n') {
      out += multiline ? "\n" : "\\n";
    } else if (c == '\r') {
      out += "\\r";  // a template literal would read a raw CR LF as LF
    } else if (c == '\t') {
      out += multiline ? "\t" : "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += hex_escape(c);
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + (multiline ? '`' : '\'');
}

std::string js_comment(std::string_view text, const std::string& indent) {
  std::string out;
  std::string line;
  auto end_line = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += indent + (line.empty() ? "//" : "// " + line) + "\n";
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      end_line();
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      end_line();
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      line += static_cast<unsigned char>(text[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      line += static_cast<char>(c);
    }
  }
  end_line();
  return out;
}

StepWriter::StepWriter(model::Dialect dialect, schema::SchemaState state, std::string file)
    : dialect_(dialect), state_(std::move(state)), file_(std::move(file)) {}

// ---- output ---------------------------------------------------------------------------------

void StepWriter::flush() {
  if (!open_) return;
  const auto& call = *open_;
  std::string code = "await knex.schema";
  if (!call.table.schema.empty()) code += ".withSchema(" + js_string(call.table.schema) + ")";
  code += "." + call.method + "(" + js_string(call.table.name) + ", (table) => {\n";
  for (const auto& line : call.lines) code += "  " + line + ";\n";
  statements_.push_back(code + "});");
  open_.reset();
}

void StepWriter::table_line(const model::QualifiedName& table, Phase phase, std::string line) {
  if (!open_ || !(open_->table == table) || open_->method != "alterTable" || open_->phase > phase) {
    flush();
    open_ = TableCall{table, "alterTable", {}, phase};
  }
  open_->phase = phase;
  open_->lines.push_back(std::move(line));
}

void StepWriter::statement_line(std::string code) {
  flush();
  statements_.push_back(std::move(code));
}

// Indents the code lines of `code`; the lines inside a template literal are the string's text
// and stay as they are.
static std::string indented(const std::string& code, const std::string& indent) {
  enum class In { code, single, template_, comment } in = In::code;
  std::string out = indent;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    out += c;
    if (c == '\n') {
      if (in == In::comment || in == In::single) in = In::code;
      if (in == In::code && i + 1 < code.size()) out += indent;
      continue;
    }
    if (in == In::code) {
      if (c == '\'') in = In::single;
      if (c == '`') in = In::template_;
      if (c == '/' && i + 1 < code.size() && code[i + 1] == '/') in = In::comment;
    } else if (in == In::single || in == In::template_) {
      if (c == '\\' && i + 1 < code.size()) {
        out += code[++i];
      } else if ((in == In::single && c == '\'') || (in == In::template_ && c == '`')) {
        in = In::code;
      }
    }
  }
  return out + "\n";
}

std::string StepWriter::body(const std::string& indent) {
  flush();
  std::string out;
  for (const auto& statement : statements_) out += indented(statement, indent);
  return out;
}

void StepWriter::comment(const std::string& text) {
  std::string lines = js_comment(text, "");
  lines.pop_back();
  statement_line(std::move(lines));
}

void StepWriter::stop(const std::string& message) {
  std::string one_line;
  for (char c : message) one_line += c == '\n' ? ' ' : c;
  statement_line("throw new Error(" + js_string("polymigrate: " + one_line) + ");");
}

// The text Knex must get so that the database receives `sql`: on PostgreSQL every query passes
// positionBindings, which makes `?` a parameter unless written `\?`.
static std::string knex_text(const std::string& sql, Dialect dialect, const std::string& where) {
  if (dialect != Dialect::postgresql || sql.find('?') == std::string::npos) return sql;
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '?') {
      if (i > 0 && sql[i - 1] == '\\')
        throw std::invalid_argument(where +
                                    ": SQL with `\\?` cannot pass Knex on PostgreSQL "
                                    "(positionBindings drops the backslash)");
      out += '\\';
    }
    out += sql[i];
  }
  return out;
}

void StepWriter::raw_sql(const std::string& sql) {
  statement_line("await knex.raw(" + js_string(knex_text(sql, dialect_, file_)) + ");");
}

// An op Knex has no faithful builder for: polymigrate's SQL for it, one knex.raw per statement.
void StepWriter::raw(const model::Op& op, int line) {
  std::vector<std::string> statements;
  try {
    statements = sql::render(op, dialect_, {&state_, true});
  } catch (const sql::RenderError& error) {
    throw std::invalid_argument(file_ + ":" + std::to_string(line) + ": cannot write " +
                                model::op_name(op) + " for Knex: " + error.what());
  }
  for (const auto& statement : statements) {
    // The SQLite rebuild turns foreign keys off, which SQLite ignores inside a transaction.
    if (statement.starts_with("PRAGMA foreign_keys")) no_transaction_ = true;
    raw_sql(statement);
  }
}

// ---- steps ----------------------------------------------------------------------------------

void StepWriter::script(const model::Script& script) {
  for (const auto& step : script) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, model::OpStep>) {
            if (s.sql.empty())
              op(s.op, s.line);
            else
              sql_statement({s}, s.sql, false);
          } else if constexpr (std::is_same_v<T, model::SqlStep>) {
            sql_step(s);
          } else {
            const std::string where = s.source.file + ":" + std::to_string(s.source.line_begin);
            comment("polymigrate: " + s.language + " code it could not translate (" + s.reason +
                    "), from " + where + ":");
            comment(s.code);
            stop("untranslated " + s.language + " code from " + where + " (" + s.reason +
                 "): translate it by hand");
          }
        },
        step);
  }
}

// As sql/structured_script.hpp reads SQL, statement by statement, but keeping each statement's
// text: one the builders cannot write whole is written as it was, not as polymigrate renders it.
void StepWriter::sql_step(const model::SqlStep& step) {
  const int base = step.line > 0 ? step.line - 1 : 0;
  const sql::SplitResult split = sql::split_statements(step.text, dialect_);
  if (split.error)
    throw std::invalid_argument(file_ + ":" + std::to_string(base + split.error->line) + ": " +
                                split.error->message);
  for (const auto& s : split.statements) {
    auto ops = sql::read_ddl(s, dialect_);
    for (auto& o : ops) o.line = base + s.line;
    sql_statement(ops, s.text, s.no_transaction);
  }
}

// One SQL statement and the ops it reads into: builder chains for all of them, or the statement
// as it is when one of them has no builder form (or it reads into none).
void StepWriter::sql_statement(const std::vector<model::OpStep>& ops, const std::string& text,
                               bool no_transaction) {
  // Builders only append statements: undoing them is cutting back to the count before.
  const std::size_t written_before = statements_.size();
  const auto open = open_;
  const auto state = state_;  // O(1): schema states share what they do not change
  const bool flag = no_transaction_;
  bool written = !ops.empty();
  for (const auto& o : ops) {
    if (!builder(o.op)) {
      written = false;
      break;
    }
    schema::apply_op(state_, o.op);
  }
  if (written) {
    no_transaction_ = no_transaction_ || no_transaction;
    return;
  }
  statements_.resize(written_before);
  open_ = open;
  state_ = state;
  no_transaction_ = flag || no_transaction;
  raw_sql(text);
  for (const auto& o : ops) schema::apply_op(state_, o.op);
}

void StepWriter::op(const model::Op& op, int line) {
  if (const auto* index = std::get_if<model::CreateIndex>(&op); index && index->concurrently)
    no_transaction_ = true;
  if (const auto* index = std::get_if<model::DropIndex>(&op); index && index->concurrently)
    no_transaction_ = true;
  if (!builder(op)) raw(op, line);
  schema::apply_op(state_, op);
}

}  // namespace pm::knex

namespace pm::knex {

namespace {

// The builder calls for ops, as text; nullopt where no builder says exactly what the op does.
class Chains {
 public:
  Chains(Dialect dialect, const schema::SchemaState& state) : dialect_(dialect), state_(state) {}

  bool pg() const { return dialect_ == Dialect::postgresql; }

  // SQL inside a builder argument, as a JavaScript string. A raw default and a createTable
  // check are written into the statement with toQuery() (`\?` -> `?`), and on PostgreSQL every
  // statement then passes positionBindings (`\?` -> `?`, `?` -> `$n`): a `?` needs one
  // backslash per pass it goes through (`formatted`: whether toQuery is one of them). A `\`
  // before a `?` in the SQL itself cannot pass either.
  std::optional<std::string> sql_text(const std::string& sql, bool formatted) const {
    if (sql.find("\\?") != std::string::npos) return std::nullopt;
    const std::string escape = pg() ? (formatted ? "\\\\" : "\\") : "";
    std::string out;
    for (char c : sql) {
      if (c == '?') out += escape;
      out += c;
    }
    return js_string(out);
  }

  std::optional<std::string> default_value(const std::string& sql,
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

  std::vector<std::string> primary_key(const model::QualifiedName& table) const {
    if (const schema::Table* t = state_.find_table(table))
      for (const auto& e : schema::table_constraints(*t))
        if (e.constraint.kind == ConstraintKind::primary_key) return e.constraint.columns;
    return {};
  }

  bool has_primary_key(const model::QualifiedName& table) const {
    return !primary_key(table).empty();
  }

  // `.references(...).inTable(...)` with its actions, for `count` local columns.
  std::optional<std::string> references(const model::ForeignKeyRef& ref, std::size_t count) const {
    std::vector<std::string> targets = ref.columns;
    if (targets.empty()) targets = primary_key(schema::referenced_table(ref));
    if (targets.empty() || targets.size() != count || ref.table.empty()) return std::nullopt;
    std::string out =
        ".references(" + js_names(targets) + ").inTable(" + js_string(ref.table) + ")";
    if (!ref.on_delete.empty()) out += ".onDelete(" + js_string(ref.on_delete) + ")";
    if (!ref.on_update.empty()) out += ".onUpdate(" + js_string(ref.on_update) + ")";
    return out;
  }

  // The name PostgreSQL gives an unnamed constraint (t_email_key, t_user_id_fkey), which Knex
  // would otherwise replace by its own (t_email_unique, t_user_id_foreign): later migrations
  // drop constraints by the database's name. SQLite keeps no names for them.
  std::string database_name(const model::QualifiedName& table, ConstraintKind kind,
                            const std::vector<std::string>& columns,
                            const std::string& name) const {
    if (!name.empty() || !pg()) return name;
    return schema::generated_constraint_name(table.name, kind, columns);
  }

  // `table.<type>('name')` and its modifiers. `table_primary`: the table has a table-level
  // primary key (or gets one in the same createTable).
  std::optional<std::string> column(const model::QualifiedName& table, const model::Column& c,
                                    bool table_primary) const {
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

  // `table.check(...)`. Knex writes the name unquoted, and inside alterTable needs one.
  std::optional<std::string> check(const model::QualifiedName& table, const std::string& expression,
                                   std::string name, bool in_create) const {
    if (!in_create && !pg()) return std::nullopt;  // SQLite has no ADD CONSTRAINT
    if (!in_create && name.empty())
      name = schema::generated_constraint_name(table.name, ConstraintKind::check, {});
    auto text = sql_text(expression, in_create);
    if (!text) return std::nullopt;
    if (name.empty()) return "table.check(" + *text + ")";
    return "table.check(" + *text + ", undefined, " + js_string(knex_raw_name(name)) + ")";
  }

  std::optional<std::string> constraint(const model::QualifiedName& table,
                                        const model::Constraint& c, bool in_create) const {
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
               ", { indexName: " + js_string(database_name(table, c.kind, c.columns, c.name)) +
               " })";
      case ConstraintKind::foreign_key: {
        if (!c.references) return std::nullopt;
        auto ref = references(*c.references, c.columns.size());
        if (!ref) return std::nullopt;
        const std::string name = database_name(table, c.kind, c.columns, c.name);
        return "table.foreign(" + columns + (name.empty() ? "" : ", " + js_string(name)) + ")" +
               *ref;
      }
      case ConstraintKind::check:
        return check(table, c.check, c.name, in_create);
    }
    return std::nullopt;
  }

  std::optional<std::vector<std::string>> create_table(const model::CreateTable& op) const {
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

  static bool plain_name(const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
             static_cast<unsigned char>(c) >= 0x80;
    });
  }

  std::optional<std::string> index(const model::CreateIndex& op) const {
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

  // A row value as a JavaScript value Knex binds to the same SQL value.
  static std::optional<std::string> row_value(const std::string& sql) {
    if (iequals(sql, "NULL")) return "null";
    if (iequals(sql, "TRUE")) return "true";
    if (iequals(sql, "FALSE")) return "false";
    if (auto text = sql_string_value(sql)) return js_string(*text);
    const std::size_t first = sql.starts_with('-') ? 1 : 0;
    const bool leading_zero = sql.size() > first + 1 && sql[first] == '0' && sql[first + 1] != '.';
    if (is_number(sql) && !leading_zero) return sql;
    return std::nullopt;
  }

  // knex('t').insert(...), in chunks of 500 rows on SQLite (its compound SELECT limit, which
  // Knex's multi-row insert there is).
  std::optional<std::vector<std::string>> insert(const model::InsertRows& op) const {
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
        object += (object.empty() ? "" : ", ") + (js_identifier(key) ? key : js_string(key)) +
                  ": " + *value;
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

 private:
  Dialect dialect_;
  const schema::SchemaState& state_;
};

std::string schema_call(const model::QualifiedName& name) {
  std::string out = "await knex.schema";
  if (!name.schema.empty()) out += ".withSchema(" + js_string(name.schema) + ")";
  return out;
}

}  // namespace

bool StepWriter::builder(const model::Op& any) {
  const Chains chains(dialect_, state_);
  const bool pg = dialect_ == Dialect::postgresql;
  auto open_create = [&](const model::QualifiedName& table) {
    return open_ && open_->table == table && open_->method != "alterTable";
  };
  return std::visit(
      [&](const auto& op) -> bool {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, model::CreateTable>) {
          auto lines = chains.create_table(op);
          if (!lines) return false;
          flush();
          open_ = TableCall{op.table, op.if_not_exists ? "createTableIfNotExists" : "createTable",
                            std::move(*lines), statement};
          return true;
        } else if constexpr (std::is_same_v<T, model::DropTable>) {
          if (op.cascade) return false;
          statement_line(schema_call(op.table) +
                         (op.if_exists ? ".dropTableIfExists(" : ".dropTable(") +
                         js_string(op.table.name) + ");");
          return true;
        } else if constexpr (std::is_same_v<T, model::RenameTable>) {
          statement_line(schema_call(op.table) + ".renameTable(" + js_string(op.table.name) + ", " +
                         js_string(op.new_name) + ");");
          return true;
        } else if constexpr (std::is_same_v<T, model::AddColumn>) {
          if (op.if_not_exists) return false;
          const auto& c = op.column;
          if (!pg && (c.primary || c.unique || c.check)) return false;
          auto chain = chains.column(op.table, c, chains.has_primary_key(op.table));
          if (!chain) return false;
          std::optional<std::string> check;
          if (c.check) {
            check = chains.check(
                op.table, *c.check,
                schema::generated_constraint_name(op.table.name, ConstraintKind::check, {c.name}),
                false);
            if (!check) return false;
          }
          table_line(op.table, add_column, *chain);
          // Knex runs what .primary(), .unique() and .references() add after every column.
          if (c.primary || c.unique || c.references) open_->phase = statement;
          if (check) table_line(op.table, statement, *check);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropColumn>) {
          if (op.if_exists || op.cascade) return false;
          table_line(op.table, statement, "table.dropColumn(" + js_string(op.column) + ")");
          return true;
        } else if constexpr (std::is_same_v<T, model::RenameColumn>) {
          table_line(
              op.table, statement,
              "table.renameColumn(" + js_string(op.column) + ", " + js_string(op.new_name) + ")");
          return true;
        } else if constexpr (std::is_same_v<T, model::AlterColumn>) {
          if (op.using_expr) return false;
          if (!op.type && !op.default_sql) {
            if (op.nullable)
              table_line(op.table, statement,
                         std::string(*op.nullable ? "table.setNullable(" : "table.dropNullable(") +
                             js_string(op.column) + ")");
            return true;
          }
          // .alter() restates the whole column (Knex drops its default and NOT NULL first), so
          // what the op leaves alone comes from the schema before it.
          const schema::Table* table = state_.find_table(op.table);
          const model::Column* current = table ? table->find_column(op.column, dialect_) : nullptr;
          if (!current || current->autoincrement || current->generated) return false;
          model::Column shape = *current;
          shape.primary = shape.unique = false;
          shape.references.reset();
          shape.check.reset();
          if (op.type) shape.type = *op.type;
          if (op.nullable) shape.nullable = *op.nullable;
          if (op.default_sql) shape.default_sql = *op.default_sql;
          auto chain = chains.column(op.table, shape, false);
          if (!chain) return false;
          table_line(op.table, alter_column, *chain + ".alter()");
          return true;
        } else if constexpr (std::is_same_v<T, model::CreateIndex>) {
          auto line = chains.index(op);
          if (!line) return false;
          if (open_create(op.table))
            open_->lines.push_back(*line);
          else
            table_line(op.table, statement, *line);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropIndex>) {
          if (op.if_exists || op.concurrently || op.cascade) return false;
          const schema::Table* table = op.table.name.empty()
                                           ? state_.find_index_table({op.table.schema, op.name})
                                           : state_.find_table(op.table);
          if (!table) return false;
          std::vector<std::string> columns;
          if (const schema::Index* index = state_.find_index({table->name.schema, op.name}))
            columns = index->columns;
          table_line(table->name, statement,
                     "table.dropIndex(" + js_array(columns) + ", " + js_string(op.name) + ")");
          return true;
        } else if constexpr (std::is_same_v<T, model::AddConstraint>) {
          const auto& c = op.constraint;
          const bool in_create = open_create(op.table);
          // SQLite: Knex adds a primary or foreign key to a table by rebuilding it; a unique key
          // would be an index, and a check has no rebuild in Knex.
          if (!pg && !in_create &&
              (c.kind == ConstraintKind::unique || c.kind == ConstraintKind::check))
            return false;
          auto line = chains.constraint(op.table, c, in_create);
          if (!line) return false;
          if (in_create)
            open_->lines.push_back(*line);
          else
            table_line(op.table, statement, *line);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropConstraint>) {
          if (op.if_exists) return false;
          std::optional<ConstraintKind> kind = op.kind;
          std::vector<std::string> columns;
          bool named_in_sql = true;
          if (const schema::Table* table = state_.find_table(op.table))
            for (const auto& e : schema::table_constraints(*table))
              if (schema::same_name(e.constraint.name, op.name, dialect_)) {
                if (!kind) kind = e.constraint.kind;
                columns = e.constraint.columns;
                named_in_sql = e.explicit_name;
              }
          if (!kind) return false;
          std::string line;
          switch (*kind) {
            case ConstraintKind::primary_key:
              line = "table.dropPrimary(" + js_string(op.name) + ")";
              break;
            case ConstraintKind::foreign_key:
              if (columns.empty()) return false;
              // SQLite's Knex finds an unnamed key by its columns, a named one by its name.
              line = "table.dropForeign(" + js_array(columns) +
                     (!pg && !named_in_sql ? std::string() : ", " + js_string(op.name)) + ")";
              break;
            case ConstraintKind::unique:
              if (!pg || columns.empty()) return false;
              line = "table.dropUnique(" + js_array(columns) + ", " + js_string(op.name) + ")";
              break;
            case ConstraintKind::check:
              if (!pg) return false;
              line = "table.dropChecks([" + js_string(knex_raw_name(op.name)) + "])";
              break;
          }
          table_line(op.table, statement, line);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropView>) {
          if (op.cascade) return false;
          statement_line(schema_call(op.view) +
                         (op.if_exists ? ".dropViewIfExists(" : ".dropView(") +
                         js_string(op.view.name) + ");");
          return true;
        } else if constexpr (std::is_same_v<T, model::InsertRows>) {
          if (op.rows.empty()) return true;  // Knex sends nothing for an empty insert
          auto statements = chains.insert(op);
          if (!statements) return false;
          for (auto& s : *statements) statement_line(std::move(s));
          return true;
        } else {
          // ValidateConstraint, CreateView, CreateEnum, DropEnum: Knex's builders have no
          // standalone form (a view's builder takes a query builder, an enum type belongs to a
          // column); their SQL is written as knex.raw.
          return false;
        }
      },
      any);
}

}  // namespace pm::knex
