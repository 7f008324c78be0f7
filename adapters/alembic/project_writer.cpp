#include "adapters/alembic/project_writer.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "schema/replay.hpp"
#include "schema/rollback.hpp"
#include "schema/table_constraints.hpp"
#include "sql/renderer.hpp"
#include "sql/structured_script.hpp"

namespace pm::alembic {

namespace {

// The text inside a SQL string literal, its doubled quotes made single.
std::string unquoted_sql_string(const std::string& inner) {
  std::string value;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    value += inner[i];
    if (inner[i] == '\'') ++i;
  }
  return value;
}

namespace fs = std::filesystem;
using model::Dialect;
using model::LogicalType;

// ---- Python text ------------------------------------------------------------------------------

// Characters that are invisible or change how text around them is shown (BOM, zero-width and
// bidirectional controls, line and paragraph separators): escaped so the file says what it holds.
bool invisible(char32_t c) {
  return c == 0x00AD || (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

std::string hex(unsigned long value, int digits) {
  static const char* const digits_of = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4)
    out[static_cast<std::size_t>(i)] = digits_of[value & 0xF];
  return out;
}

// The next UTF-8 sequence of `text` at `i`: its code point and length; nullopt when the bytes are
// not UTF-8 (overlong forms and surrogates included).
std::optional<std::pair<char32_t, std::size_t>> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return std::pair<char32_t, std::size_t>{lead, 1};
  std::size_t length = 0;
  char32_t code = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(i + k);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return std::nullopt;
    code = (code << 6) | (b & 0x3F);
  }
  return std::pair<char32_t, std::size_t>{code, length};
}

// The body of a Python string literal delimited by `quote` (0: a docstring, where newlines stay).
std::string escaped(std::string_view text, char quote) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    auto next = decode(text, i);
    if (!next)
      throw std::invalid_argument("byte " + std::to_string(i) +
                                  " is not UTF-8, which a Python string cannot hold");
    const auto [code, length] = *next;
    if (code < 0x80) {
      const char c = static_cast<char>(code);
      if (c == '\\')
        out += "\\\\";
      else if (quote != 0 && c == quote)
        out += std::string("\\") + c;
      else if (quote == 0 && c == '"')
        out += "\\\"";
      else if (c == '\n')
        out += quote == 0 ? "\n" : "\\n";
      else if (c == '\r')
        out += "\\r";
      else if (c == '\t')
        out += quote == 0 ? "\t" : "\\t";
      else if (code < 0x20 || code == 0x7F)
        out += "\\x" + hex(code, 2);
      else
        out += c;
    } else if (code <= 0x9F) {
      out += "\\x" + hex(code, 2);
    } else if (invisible(code)) {
      out += "\\u" + hex(code, 4);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

// A comment line: no line break may end it early (Python also breaks lines at '\r'), and the
// file must stay UTF-8.
std::string comment_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    auto next = decode(text, i);
    if (!next) {
      out += '?';
      ++i;
      continue;
    }
    const auto [code, length] = *next;
    if ((code < 0x20 && code != '\t') || code == 0x7F || (code >= 0x80 && code <= 0x9F) ||
        invisible(code))
      out += '?';
    else
      out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto end = text.find('\n', start);
    std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string python_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + python_string(items[i]);
  return out + "]";
}

// None, 'a' or ('a', 'b'): how the revision template's repr() spells the identifiers.
std::string python_ids(const std::vector<std::string>& ids, bool tuple_for_one) {
  if (ids.empty()) return "None";
  if (ids.size() == 1 && !tuple_for_one) return python_string(ids[0]);
  std::string out = "(";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + python_string(ids[i]);
  return out + (ids.size() == 1 ? ",)" : ")");
}

std::string keyword(const std::string& name, const std::string& value) {
  return name + "=" + value;
}

bool plain_identifier(const std::string& name) {
  static const std::regex pattern("[A-Za-z_][A-Za-z0-9_$]*");
  return std::regex_match(name, pattern);
}

std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

// ---- the body of upgrade() / downgrade() ------------------------------------------------------

// Thrown while building one op's call: the op is then written as SQL, with this reason.
struct Inexpressible {
  std::string why;
};

[[noreturn]] void cannot(std::string why) { throw Inexpressible{std::move(why)}; }

struct Line {
  int indent;
  std::string text;
};

struct Imports {
  bool postgresql = false;  // from sqlalchemy.dialects import postgresql
};

const char* const kAutocommit = "with op.get_context().autocommit_block():";

class BodyWriter {
 public:
  BodyWriter(Dialect dialect, schema::SchemaState state, std::string file, Imports& imports,
             std::set<std::string>& named, bool autocommit_all, bool sqlite_autoincrement)
      : dialect_(dialect),
        state_(std::move(state)),
        file_(std::move(file)),
        imports_(imports),
        autocommit_all_(autocommit_all),
        sqlite_autoincrement_(sqlite_autoincrement),
        named_(named) {}

  void step(const model::Step& step) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, model::OpStep>) {
            op(s.op, s.line);
          } else if constexpr (std::is_same_v<T, model::SqlStep>) {
            sql(s);
          } else {
            opaque(s);
          }
        },
        step);
  }

  // One op; `line` names the source line in errors.
  void op(const model::Op& op, int line) {
    line_ = line;
    try {
      try {
        std::visit([&](const auto& o) { write(o); }, op);
      } catch (const Inexpressible& e) {
        as_sql(op, e.why);
      }
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where() + ": cannot write " + model::op_name(op) +
                                  " for Alembic: " + e.what());
    }
    schema::apply_op(state_, op);
  }

  // Comment lines, wrapped at spaces to fit 99 columns; `verbatim` lines (carried code) are not.
  void comment(const std::string& text, bool verbatim = false) {
    close_block();
    const std::size_t width = 99 - static_cast<std::size_t>(base()) * 4 - 2;
    for (const auto& line : split_lines(text)) {
      std::string rest = comment_text(line);
      while (!verbatim && rest.size() > width) {
        auto cut = rest.rfind(' ', width);
        if (cut == std::string::npos || cut == 0) cut = rest.find(' ', width);
        if (cut == std::string::npos) break;
        lines_.push_back({base(), "# " + rest.substr(0, cut)});
        rest = rest.substr(rest.find_first_not_of(' ', cut) == std::string::npos
                               ? rest.size()
                               : rest.find_first_not_of(' ', cut));
      }
      lines_.push_back({base(), rest.empty() ? "#" : "# " + rest});
    }
  }

  void raise(const std::string& message) {
    close_block();
    lines_.push_back({base(), "raise RuntimeError(" + python_string(message) + ")"});
  }

  // Whether part of the body runs outside the migration's transaction.
  bool autocommits() const { return autocommits_ || autocommit_all_; }

  // The function body, indented for `def`.
  std::vector<Line> finish() {
    close_block();
    std::vector<Line> out;
    int indent = 1;
    if (autocommit_all_) {
      out.push_back({1, kAutocommit});
      indent = 2;
    }
    out.insert(out.end(), lines_.begin(), lines_.end());
    // A body of comments alone is no body to Python.
    if (std::all_of(lines_.begin(), lines_.end(),
                    [](const Line& line) { return line.text.starts_with("#"); }))
      out.push_back({indent, "pass"});
    return out;
  }

 private:
  Dialect dialect_;
  schema::SchemaState state_;
  std::string file_;
  Imports& imports_;
  bool autocommit_all_;
  bool sqlite_autoincrement_;
  int line_ = 0;
  std::vector<Line> lines_;
  std::optional<std::string> open_block_;            // the `with` line the last call went into
  std::optional<model::QualifiedName> batch_table_;  // the table of the open batch block
  std::vector<std::string> kept_indexes_;            // expression indexes dropped before that block
  std::set<std::string>& named_;  // constraints the writer named (table key, name)
  bool autocommits_ = false;      // a step went into an autocommit block

  bool postgres() const { return dialect_ == Dialect::postgresql; }
  bool sqlite() const { return dialect_ == Dialect::sqlite; }
  int base() const { return autocommit_all_ ? 2 : 1; }
  std::string where() const { return file_ + ":" + std::to_string(line_); }

  // A call `head(args...)` at `indent`: on one line when it fits, else one argument per line.
  void emit_call(int indent, const std::string& head, const std::vector<std::string>& args,
                 bool multiline) {
    std::string one = head + "(";
    bool has_newline = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      one += (i ? ", " : "") + args[i];
      has_newline = has_newline || args[i].find('\n') != std::string::npos;
    }
    one += ")";
    if (!multiline && !has_newline && indent * 4 + one.size() <= 99) {
      lines_.push_back({indent, one});
      return;
    }
    lines_.push_back({indent, head + "("});
    for (const auto& arg : args) {
      auto parts = split_lines(arg);
      for (std::size_t i = 0; i < parts.size(); ++i)
        lines_.push_back({indent + 1, parts[i] + (i + 1 == parts.size() ? "," : "")});
    }
    lines_.push_back({indent, ")"});
  }

  // A call at the body's level, or inside the `with` block `block` (opened unless the last call
  // went into the same one).
  void call(const std::string& head, const std::vector<std::string>& args,
            const std::optional<std::string>& block = std::nullopt, bool multiline = false) {
    if (!block) {
      close_block();
      emit_call(base(), head, args, multiline);
      return;
    }
    if (open_block_ != block) {
      close_block();
      lines_.push_back({base(), *block});
      open_block_ = block;
    }
    emit_call(base() + 1, head, args, multiline);
  }

  static bool expression_index(const schema::Index& index, const schema::Table& table,
                               Dialect dialect) {
    for (const auto& c : index.columns)
      if (!table.find_column(c, dialect)) return true;
    return false;
  }

  // A call inside `with op.batch_alter_table(table)`. Batch mode copies the table to a new one
  // and makes its indexes again from what SQLAlchemy reflects, which leaves out expression
  // indexes: those are dropped before the block and made again after it.
  void in_batch(const model::QualifiedName& table, bool recreate_always, const std::string& head,
                const std::vector<std::string>& args, bool multiline = false) {
    const std::string header = batch_block(table, recreate_always);
    if (open_block_ != header) {
      close_block();
      std::vector<std::string> kept;
      if (const schema::Table* t = table_of(table))
        for (const auto& index : t->indexes)
          if (expression_index(index, *t, dialect_)) kept.push_back(index.name);
      if (!kept.empty()) {
        comment(
            "polymigrate: batch mode's copy loses expression indexes (SQLAlchemy does not "
            "reflect them): dropped here, made again after the block");
        for (const auto& index : kept)
          emit_call(base(), "op.drop_index", {name(index), "table_name=" + name(table.name)},
                    false);
      }
      open(header);
      open_block_ = header;
      batch_table_ = table;
      kept_indexes_ = kept;
    }
    emit_call(base() + 1, head, args, multiline);
  }

  // Ends the open `with` block; after a batch, the expression indexes it dropped come back.
  void close_block() {
    open_block_.reset();
    if (!batch_table_) return;
    const model::QualifiedName table = *batch_table_;
    const std::vector<std::string> kept = std::move(kept_indexes_);
    batch_table_.reset();
    kept_indexes_.clear();
    const schema::Table* t = table_of(table);
    if (!t) return;
    for (const auto& index : t->indexes)
      if (std::find(kept.begin(), kept.end(), index.name) != kept.end())
        emit_call(base(), "op.create_index",
                  index_args({index.name, table, index.columns, index.unique, false, false,
                              index.where, index.method}),
                  false);
  }

  std::string name(const std::string& text) const { return python_string(text); }

  // SQL for sa.text(): one literal, or one literal per line (Python joins adjacent literals).
  std::string sql_text(const std::string& sql) const {
    const std::string text = escape_bind_colons(sql);
    if (text.find('\n') == std::string::npos) return "sa.text(" + python_string(text) + ")";
    std::string out = "sa.text(\n";
    auto parts = split_lines(text);
    std::size_t start = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      // Keep the exact text: the piece ends where the next line starts (with its '\r' if any).
      const std::size_t end = i + 1 == parts.size() ? text.size() : text.find('\n', start) + 1;
      out += "    " + python_string(text.substr(start, end - start)) + "\n";
      start = end;
    }
    return out + ")";
  }

  void schema_keyword(std::vector<std::string>& args, const std::string& schema,
                      const char* key = "schema") const {
    if (!schema.empty()) args.push_back(keyword(key, name(schema)));
  }

  // The `with op.batch_alter_table(...)` line (lines, when it does not fit in one).
  std::string batch_block(const model::QualifiedName& table, bool recreate_always) {
    std::vector<std::string> args = {name(table.name)};
    if (!table.schema.empty()) args.push_back("schema=" + name(table.schema));
    if (recreate_always) args.push_back("recreate='always'");
    // Batch mode reads the table's defaults back as sa.text(), which takes a ":name" in them for
    // a bind parameter and writes NULL there: such columns are given to it as they are.
    std::vector<std::string> columns;
    if (const schema::Table* t = table_of(table))
      for (const auto& c : t->columns)
        if (c.default_sql && escape_bind_colons(*c.default_sql) != *c.default_sql) {
          try {
            columns.push_back("sa.Column(" + name(c.name) + ", " + sa_type(c.type) +
                              ", server_default=" + default_value(*c.default_sql) +
                              ", nullable=" + (c.nullable ? "True" : "False") + ")");
          } catch (const Inexpressible&) {
          }
        }
    std::string one = "with op.batch_alter_table(";
    for (std::size_t i = 0; i < args.size(); ++i) one += (i ? ", " : "") + args[i];
    if (columns.empty()) return one + ") as batch_op:";
    std::string out = "with op.batch_alter_table(\n";
    for (const auto& a : args) out += "    " + a + ",\n";
    out += "    reflect_args=[\n";
    for (const auto& c : columns) out += "        " + c + ",\n";
    return out + "    ],\n) as batch_op:";
  }

  void open(const std::string& header) {
    for (const auto& line : split_lines(header)) lines_.push_back({base(), line});
  }

  std::optional<std::string> autocommit_block(bool needed) {
    if (!needed || autocommit_all_) return std::nullopt;
    autocommits_ = true;
    return std::string(kAutocommit);
  }

  // ---- types, defaults, columns -----------------------------------------------------------

  std::string pg(const std::string& type) {
    imports_.postgresql = true;
    return "postgresql." + type;
  }

  static std::string canonical_native(const std::string& native) {
    std::string out;
    for (char c : native)
      if (c != '"' && c != ' ')
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  const schema::Enum* enum_of(const model::ColumnType& type) const {
    if (type.enum_name.empty()) return nullptr;
    return state_.find_enum({"", type.enum_name});
  }

  std::string sa_type(const model::ColumnType& type) {
    if (type.array) {
      if (!postgres()) cannot("arrays are PostgreSQL's");
      model::ColumnType item = type;
      item.array = false;
      return pg("ARRAY(" + sa_type(item) + ")");
    }
    auto with = [](std::string head, std::vector<std::string> args) {
      std::string out = head + "(";
      for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
      return out + ")";
    };
    auto precision = [&](std::vector<std::string> args = {}) {
      if (type.precision) args.push_back("precision=" + std::to_string(*type.precision));
      return args;
    };
    switch (type.kind) {
      case LogicalType::integer:
      case LogicalType::serial:
        return "sa.Integer()";
      case LogicalType::bigint:
      case LogicalType::bigserial:
        return "sa.BigInteger()";
      case LogicalType::smallint:
        return "sa.SmallInteger()";
      case LogicalType::string:
        return type.length ? "sa.String(length=" + std::to_string(*type.length) + ")"
                           : "sa.String()";
      case LogicalType::text:
        return "sa.Text()";
      case LogicalType::boolean:
        return "sa.Boolean()";
      case LogicalType::timestamp:
        return postgres() && type.precision ? with(pg("TIMESTAMP"), precision()) : "sa.DateTime()";
      case LogicalType::timestamptz:
        return postgres() && type.precision ? with(pg("TIMESTAMP"), precision({"timezone=True"}))
                                            : "sa.DateTime(timezone=True)";
      case LogicalType::date:
        return "sa.Date()";
      case LogicalType::time:
        return postgres() && type.precision ? with(pg("TIME"), precision()) : "sa.Time()";
      case LogicalType::decimal: {
        std::vector<std::string> args;
        if (type.precision) args.push_back("precision=" + std::to_string(*type.precision));
        if (type.precision && type.scale) args.push_back("scale=" + std::to_string(*type.scale));
        return with("sa.Numeric", args);
      }
      case LogicalType::float_:
        if (type.precision && *type.precision > 24) return "sa.Float(precision=53)";
        return type.precision ? "sa.Float(precision=" + std::to_string(*type.precision) + ")"
                              : "sa.REAL()";
      case LogicalType::double_:
        // FLOAT(53): double precision on PostgreSQL, an 8-byte REAL on SQLite (SQLAlchemy 1.4
        // has no generic Double).
        return "sa.Float(precision=53)";
      case LogicalType::json:
        return "sa.JSON()";
      case LogicalType::jsonb:
        return postgres() ? pg("JSONB()") : "sa.JSON()";
      case LogicalType::uuid:
        // SQLAlchemy 1.4 has a UUID type for PostgreSQL only; SQLite keeps UUIDs as TEXT, as the
        // engine's own SQL does.
        return postgres() ? pg("UUID()") : "sa.Text()";
      case LogicalType::binary:
        return "sa.LargeBinary()";
      case LogicalType::enum_: {
        std::vector<std::string> values = type.enum_values;
        const schema::Enum* known = enum_of(type);
        if (values.empty() && known) values = known->values;
        if (values.empty()) cannot("an enum whose values are not known");
        std::vector<std::string> args;
        for (const auto& v : values) args.push_back(python_string(v));
        if (type.enum_name.empty() || !postgres()) {
          // Not a type of its own: a VARCHAR with a CHECK on its values, as SQLAlchemy makes
          // a non-native Enum.
          if (!type.enum_name.empty()) args.push_back("name=" + python_string(type.enum_name));
          args.push_back("native_enum=False");
          args.push_back("create_constraint=True");
          return with("sa.Enum", args);
        }
        args.push_back("name=" + python_string(type.enum_name));
        // A type an earlier CREATE TYPE made is used, not made again.
        if (known) return with(pg("ENUM"), (args.push_back("create_type=False"), args));
        return with("sa.Enum", args);
      }
      case LogicalType::other:
        break;
    }
    const std::string native = canonical_native(type.native);
    static const std::regex fixed_char("(char|character|bpchar)(\\((\\d+)\\))?");
    std::smatch m;
    if (std::regex_match(native, m, fixed_char))
      return m[3].matched ? "sa.CHAR(length=" + m[3].str() + ")" : "sa.CHAR()";
    if (postgres()) {
      static const std::map<std::string, std::string> types = {{"interval", "INTERVAL()"},
                                                               {"inet", "INET()"},
                                                               {"cidr", "CIDR()"},
                                                               {"tsvector", "TSVECTOR()"},
                                                               {"money", "MONEY()"}};
      if (auto it = types.find(native); it != types.end()) return pg(it->second);
    }
    cannot("SQLAlchemy has no type polymigrate reads back as " +
           (type.native.empty() ? std::string("this type") : type.native));
  }

  // A server default: a plain quoted literal as a Python string (SQLAlchemy quotes it again),
  // anything else as SQL.
  std::string default_value(const std::string& sql) const {
    static const std::regex literal("'((?:[^'\\\\]|'')*)'");
    std::smatch m;
    if (std::regex_match(sql, m, literal)) {
      return python_string(unquoted_sql_string(m[1].str()));
    }
    return sql_text(sql);
  }

  // The columns a foreign key points at: as written, or the referenced table's primary key.
  std::vector<std::string> referenced_columns(const model::ForeignKeyRef& ref,
                                              const model::CreateTable* creating) const {
    if (!ref.columns.empty()) return ref.columns;
    const schema::Table* parent = state_.find_table(schema::referenced_table(ref));
    std::optional<schema::Table> own;
    if (!parent && creating && schema::referenced_table(ref) == creating->table) {
      own.emplace();
      own->name = creating->table;
      own->columns = creating->columns;
      own->constraints = creating->constraints;
      parent = &*own;
    }
    if (parent)
      for (const auto& entry : schema::table_constraints(*parent))
        if (entry.constraint.kind == model::ConstraintKind::primary_key)
          return entry.constraint.columns;
    cannot("a foreign key to " + ref.table + ", whose primary key is not known");
  }

  std::string target(const model::ForeignKeyRef& ref, const std::string& column) const {
    if (ref.table.find('.') != std::string::npos &&
        schema::referenced_table(ref).name.find('.') != std::string::npos)
      cannot("a referenced table name with a dot");
    if (column.find('.') != std::string::npos) cannot("a referenced column name with a dot");
    return ref.table + "." + column;
  }

  void fk_actions(std::vector<std::string>& args, const model::ForeignKeyRef& ref) const {
    if (!ref.on_delete.empty()) args.push_back("ondelete=" + python_string(ref.on_delete));
    if (!ref.on_update.empty()) args.push_back("onupdate=" + python_string(ref.on_update));
  }

  static bool integer_kind(LogicalType kind) {
    return kind == LogicalType::integer || kind == LogicalType::bigint ||
           kind == LogicalType::smallint || kind == LogicalType::serial ||
           kind == LogicalType::bigserial;
  }

  // Whether SQLAlchemy's autoincrement="auto" picks the column: the table's one primary key
  // column, of an integer or numeric type, without a server default or foreign key.
  static bool sqlalchemy_picks(const model::Column& column, bool sole_key, bool foreign) {
    const bool numeric =
        integer_kind(column.type.kind) || column.type.kind == LogicalType::decimal ||
        column.type.kind == LogicalType::float_ || column.type.kind == LogicalType::double_;
    return sole_key && numeric && !column.type.array && !column.default_sql && !foreign;
  }

  // sa.Column(...). `sole_key`: the column is the table's only primary key column; `foreign`:
  // a foreign key of the table uses it.
  // `naming`: the table whose batch adds the column: its foreign key and CHECK get names, which
  // batch mode requires of the constraints it adds.
  std::string column(const model::Column& c, bool sole_key, bool foreign,
                     const model::CreateTable* creating,
                     const model::QualifiedName* naming = nullptr) {
    auto named = [&](model::ConstraintKind kind) {
      const std::string generated = schema::generated_constraint_name(naming->name, kind, {c.name});
      named_.insert(state_.key(*naming) + "\n" + generated);
      return ", name=" + name(generated);
    };
    if (c.generated) cannot("generated columns are not read back from sa.Computed");
    // SQLite numbers a key only when it is the rowid, which takes the type INTEGER exactly.
    const bool rowid = sqlite() && sole_key && c.autoincrement && integer_kind(c.type.kind);
    std::vector<std::string> args = {name(c.name), rowid ? "sa.Integer()" : sa_type(c.type)};
    if (c.references) {
      auto columns = referenced_columns(*c.references, creating);
      if (columns.size() != 1) cannot("a column-level foreign key to several columns");
      std::vector<std::string> fk = {python_string(target(*c.references, columns[0]))};
      fk_actions(fk, *c.references);
      std::string text = "sa.ForeignKey(";
      for (std::size_t i = 0; i < fk.size(); ++i) text += (i ? ", " : "") + fk[i];
      if (naming) text += named(model::ConstraintKind::foreign_key);
      args.push_back(text + ")");
    }
    if (c.check)
      args.push_back("sa.CheckConstraint(" + sql_text(*c.check) +
                     (naming ? named(model::ConstraintKind::check) : std::string()) + ")");
    if (c.default_sql) args.push_back("server_default=" + default_value(*c.default_sql));
    if (postgres()) {
      // SERIAL where the model numbers the column, and not where it does not.
      const bool picked = sqlalchemy_picks(c, sole_key, foreign || c.references.has_value());
      if (c.autoincrement && !picked) {
        if (!sole_key || !integer_kind(c.type.kind) || c.default_sql)
          cannot("an auto-numbered column SQLAlchemy cannot make SERIAL");
        args.push_back("autoincrement=True");
      } else if (!c.autoincrement && picked) {
        args.push_back("autoincrement=False");
      }
    }
    args.push_back(std::string("nullable=") + (c.nullable ? "True" : "False"));
    if (c.primary) args.push_back("primary_key=True");
    if (c.unique) args.push_back("unique=True");
    std::string out = "sa.Column(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
  }

  std::string constraint(const model::Constraint& c, const model::CreateTable* creating) {
    if (c.not_valid) cannot("NOT VALID is not an option of SQLAlchemy's constraints");
    std::vector<std::string> args;
    std::string head;
    switch (c.kind) {
      case model::ConstraintKind::primary_key:
      case model::ConstraintKind::unique:
        head = c.kind == model::ConstraintKind::unique ? "sa.UniqueConstraint"
                                                       : "sa.PrimaryKeyConstraint";
        for (const auto& column : c.columns) args.push_back(name(column));
        break;
      case model::ConstraintKind::foreign_key: {
        if (!c.references) cannot("a foreign key without a referenced table");
        head = "sa.ForeignKeyConstraint";
        std::vector<std::string> remote;
        for (const auto& column : referenced_columns(*c.references, creating))
          remote.push_back(target(*c.references, column));
        if (remote.size() != c.columns.size())
          cannot("a foreign key whose column lists differ in length");
        args = {python_list(c.columns), python_list(remote)};
        break;
      }
      case model::ConstraintKind::check:
        head = "sa.CheckConstraint";
        args.push_back(sql_text(c.check));
        break;
    }
    if (!c.name.empty()) args.push_back("name=" + name(c.name));
    if (c.kind == model::ConstraintKind::foreign_key) fk_actions(args, *c.references);
    std::string out = head + "(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
  }

  const schema::Table* table_of(const model::QualifiedName& table) const {
    return state_.find_table(table);
  }

  // ---- ops --------------------------------------------------------------------------------

  void write(const model::CreateTable& op) {
    if (op.if_not_exists) cannot("op.create_table has no IF NOT EXISTS in Alembic 1.8");
    std::vector<std::string> key;
    for (const auto& c : op.columns)
      if (c.primary) key.push_back(c.name);
    for (const auto& c : op.constraints)
      if (c.kind == model::ConstraintKind::primary_key)
        key.insert(key.end(), c.columns.begin(), c.columns.end());
    std::set<std::string> foreign;
    for (const auto& c : op.constraints)
      if (c.kind == model::ConstraintKind::foreign_key)
        foreign.insert(c.columns.begin(), c.columns.end());

    std::vector<std::string> args = {name(op.table.name)};
    bool numbered_key = false;
    for (const auto& c : op.columns) {
      const bool sole = key.size() == 1 && key[0] == c.name;
      args.push_back(column(c, sole, foreign.count(c.name) > 0, &op));
      numbered_key = numbered_key || (sole && c.autoincrement && integer_kind(c.type.kind));
    }
    for (const auto& c : op.constraints) args.push_back(constraint(c, &op));
    schema_keyword(args, op.table.schema);
    // SQLite's AUTOINCREMENT keyword (ids never reused), where the source asked for it.
    if (sqlite() && sqlite_autoincrement_ && numbered_key)
      args.push_back("sqlite_autoincrement=True");
    call("op.create_table", args, std::nullopt, true);
  }

  void write(const model::DropTable& op) {
    if (op.if_exists) cannot("op.drop_table has no IF EXISTS in Alembic 1.8");
    if (op.cascade) cannot("op.drop_table has no CASCADE");
    std::vector<std::string> args = {name(op.table.name)};
    schema_keyword(args, op.table.schema);
    call("op.drop_table", args);
  }

  void write(const model::RenameTable& op) {
    std::vector<std::string> args = {name(op.table.name), name(op.new_name)};
    schema_keyword(args, op.table.schema);
    call("op.rename_table", args);
  }

  // SQLite's ADD COLUMN takes no UNIQUE, no NOT NULL without a default and no expression as
  // default, and Alembic sends a column's foreign key and CHECK as ALTER ... ADD CONSTRAINT, which
  // SQLite has not: such a column is added by batch mode's move-and-copy.
  static bool sqlite_needs_rebuild(const model::Column& c) {
    static const std::regex constant("'(?:[^']|'')*'|[-+]?[0-9.]+|NULL|TRUE|FALSE",
                                     std::regex::icase);
    const bool constant_default = c.default_sql && std::regex_match(*c.default_sql, constant);
    return c.unique || c.check || c.references || (!c.nullable && !c.default_sql) ||
           (c.default_sql && !constant_default);
  }

  void write(const model::AddColumn& op) {
    if (op.if_not_exists) cannot("op.add_column has no IF NOT EXISTS in Alembic 1.8");
    if (op.column.primary) cannot("a primary key column cannot be added by op.add_column");
    if (op.column.autoincrement && postgres())
      cannot("SQLAlchemy makes only a primary key in CREATE TABLE SERIAL");
    if (sqlite() && sqlite_needs_rebuild(op.column)) {
      // Batch mode adds only named constraints: a UNIQUE column gets a named unique constraint.
      model::Column plain = op.column;
      plain.unique = false;
      const std::string expr = column(plain, false, false, nullptr, &op.table);
      in_batch(op.table, true, "batch_op.add_column", {expr});
      if (op.column.unique) {
        const std::string unique = schema::generated_constraint_name(
            op.table.name, model::ConstraintKind::unique, {op.column.name});
        named_.insert(state_.key(op.table) + "\n" + unique);
        in_batch(op.table, true, "batch_op.create_unique_constraint",
                 {name(unique), python_list({op.column.name})});
      }
      return;
    }
    const std::string expr = column(op.column, false, false, nullptr);
    std::vector<std::string> args = {name(op.table.name), expr};
    schema_keyword(args, op.table.schema);
    call("op.add_column", args);
  }

  // Whether SQLite's own DROP COLUMN refuses the column: it is part of a key, an index, a
  // constraint or a generated column.
  bool sqlite_column_in_use(const model::QualifiedName& table, const std::string& column) const {
    const schema::Table* t = table_of(table);
    if (!t) return true;
    for (const auto& entry : schema::table_constraints(*t)) {
      const auto& cs = entry.constraint.columns;
      if (entry.constraint.kind == model::ConstraintKind::check) return true;
      for (const auto& c : cs)
        if (schema::same_name(c, column, dialect_)) return true;
    }
    // An expression index may use the column too.
    for (const auto& index : t->indexes)
      for (const auto& c : index.columns)
        if (schema::same_name(c, column, dialect_) || !plain_identifier(c)) return true;
    for (const auto& c : t->columns)
      if (c.generated) return true;
    return false;
  }

  void write(const model::DropColumn& op) {
    if (op.if_exists) cannot("op.drop_column has no IF EXISTS in Alembic 1.8");
    if (op.cascade) cannot("op.drop_column has no CASCADE");
    if (sqlite() && sqlite_column_in_use(op.table, op.column)) {
      // Batch mode makes the table's indexes again after the copy, those on the dropped column
      // too (which then fails): they go first, as the column takes them on PostgreSQL.
      std::vector<std::string> on_column;
      if (const schema::Table* t = table_of(op.table))
        for (const auto& index : t->indexes)
          if (!expression_index(index, *t, dialect_))
            for (const auto& c : index.columns)
              if (schema::same_name(c, op.column, dialect_)) {
                on_column.push_back(index.name);
                break;
              }
      for (const auto& index : on_column)
        in_batch(op.table, false, "batch_op.drop_index", {name(index)});
      in_batch(op.table, false, "batch_op.drop_column", {name(op.column)});
      return;
    }
    std::vector<std::string> args = {name(op.table.name), name(op.column)};
    schema_keyword(args, op.table.schema);
    call("op.drop_column", args);
  }

  const model::Column* existing_column(const model::QualifiedName& table,
                                       const std::string& column) const {
    const schema::Table* t = table_of(table);
    return t ? t->find_column(column, dialect_) : nullptr;
  }

  // existing_type / existing_nullable / existing_server_default, as autogenerate writes them.
  void existing(std::vector<std::string>& args, const model::Column* column, bool with_nullable) {
    if (!column) return;
    try {
      args.push_back("existing_type=" + sa_type(column->type));
    } catch (const Inexpressible&) {
      // Only documentation for PostgreSQL; batch mode reads the live table.
    }
    if (with_nullable)
      args.push_back(std::string("existing_nullable=") + (column->nullable ? "True" : "False"));
    if (with_nullable && column->default_sql)
      args.push_back("existing_server_default=" + default_value(*column->default_sql));
  }

  void write(const model::RenameColumn& op) {
    std::vector<std::string> args = {name(op.table.name), name(op.column),
                                     "new_column_name=" + name(op.new_name)};
    existing(args, existing_column(op.table, op.column), false);
    schema_keyword(args, op.table.schema);
    call("op.alter_column", args);
  }

  void write(const model::AlterColumn& op) {
    if (op.using_expr && !postgres()) cannot("USING is PostgreSQL's");
    std::vector<std::string> args;
    if (op.nullable) args.push_back(std::string("nullable=") + (*op.nullable ? "True" : "False"));
    if (op.default_sql)
      args.push_back("server_default=" +
                     (*op.default_sql ? default_value(**op.default_sql) : std::string("None")));
    if (op.type) args.push_back("type_=" + sa_type(*op.type));
    if (op.using_expr) args.push_back("postgresql_using=" + python_string(*op.using_expr));
    existing(args, existing_column(op.table, op.column), true);
    if (sqlite()) {
      args.insert(args.begin(), name(op.column));
      in_batch(op.table, false, "batch_op.alter_column", args);
      return;
    }
    args.insert(args.begin(), {name(op.table.name), name(op.column)});
    schema_keyword(args, op.table.schema);
    call("op.alter_column", args);
  }

  std::vector<std::string> index_args(const model::CreateIndex& op) {
    if (op.name.empty()) cannot("op.create_index needs a name");
    if (!op.method.empty() && !postgres()) cannot("USING is PostgreSQL's");
    const schema::Table* t = table_of(op.table);
    std::string columns = "[";
    for (std::size_t i = 0; i < op.columns.size(); ++i) {
      const std::string& c = op.columns[i];
      const bool is_column = t ? t->find_column(c, dialect_) != nullptr : plain_identifier(c);
      columns += (i ? ", " : "") + (is_column ? name(c) : sql_text(c));
    }
    columns += "]";
    std::vector<std::string> args = {name(op.name), name(op.table.name), columns};
    if (op.unique) args.push_back("unique=True");
    schema_keyword(args, op.table.schema);
    if (!op.where.empty())
      args.push_back(std::string(postgres() ? "postgresql_where=" : "sqlite_where=") +
                     sql_text(op.where));
    if (!op.method.empty()) args.push_back("postgresql_using=" + python_string(op.method));
    return args;
  }

  void write(const model::CreateIndex& op) {
    if (op.if_not_exists) cannot("op.create_index has no IF NOT EXISTS in Alembic 1.8");
    std::vector<std::string> args = index_args(op);
    const bool concurrently = op.concurrently && postgres();
    if (concurrently) args.push_back("postgresql_concurrently=True");
    call("op.create_index", args, autocommit_block(concurrently));
  }

  void write(const model::DropIndex& op) {
    if (op.if_exists) cannot("op.drop_index has no IF EXISTS in Alembic 1.8");
    if (op.cascade) cannot("op.drop_index has no CASCADE");
    std::vector<std::string> args = {name(op.name)};
    if (!op.table.name.empty()) args.push_back("table_name=" + name(op.table.name));
    schema_keyword(args, op.table.schema);
    const bool concurrently = op.concurrently && postgres();
    if (concurrently) args.push_back("postgresql_concurrently=True");
    call("op.drop_index", args, autocommit_block(concurrently));
  }

  static const char* type_keyword(model::ConstraintKind kind) {
    switch (kind) {
      case model::ConstraintKind::primary_key:
        return "primary";
      case model::ConstraintKind::foreign_key:
        return "foreignkey";
      case model::ConstraintKind::unique:
        return "unique";
      case model::ConstraintKind::check:
        return "check";
    }
    return "check";
  }

  void write(const model::AddConstraint& op) {
    model::Constraint c = op.constraint;
    if (c.not_valid) cannot("NOT VALID is not an option of Alembic's constraint operations");
    std::vector<std::string> args;
    std::string head;
    bool named_here = false;
    if (sqlite()) {
      // Batch mode names every constraint it adds; SQLite itself ignores the name.
      if (c.name.empty()) {
        c.name = schema::generated_constraint_name(op.table.name, c.kind, c.columns);
        named_here = true;
        named_.insert(state_.key(op.table) + "\n" + c.name);
      }
      args.push_back(name(c.name));
    } else {
      args.push_back(c.name.empty() ? "None" : name(c.name));
      args.push_back(name(op.table.name));
    }
    switch (c.kind) {
      case model::ConstraintKind::foreign_key: {
        if (!c.references) cannot("a foreign key without a referenced table");
        const model::QualifiedName referent = schema::referenced_table(*c.references);
        head = "create_foreign_key";
        args.push_back(name(referent.name));
        args.push_back(python_list(c.columns));
        args.push_back(python_list(referenced_columns(*c.references, nullptr)));
        fk_actions(args, *c.references);
        if (postgres()) schema_keyword(args, op.table.schema, "source_schema");
        schema_keyword(args, referent.schema, "referent_schema");
        break;
      }
      case model::ConstraintKind::unique:
      case model::ConstraintKind::primary_key:
        head = c.kind == model::ConstraintKind::unique ? "create_unique_constraint"
                                                       : "create_primary_key";
        args.push_back(python_list(c.columns));
        if (postgres()) schema_keyword(args, op.table.schema);
        break;
      case model::ConstraintKind::check:
        head = "create_check_constraint";
        args.push_back(sql_text(c.check));
        if (postgres()) schema_keyword(args, op.table.schema);
        break;
    }
    if (named_here)
      comment("polymigrate: batch mode needs a name for this constraint; the source gave none");
    if (sqlite())
      in_batch(op.table, false, "batch_op." + head, args);
    else
      call("op." + head, args);
  }

  void write(const model::DropConstraint& op) {
    if (op.if_exists) cannot("op.drop_constraint has no IF EXISTS in Alembic 1.8");
    std::optional<model::ConstraintKind> kind = op.kind;
    bool named = false;
    if (const schema::Table* t = table_of(op.table))
      for (const auto& entry : schema::table_constraints(*t))
        if (schema::same_name(entry.constraint.name, op.name, dialect_)) {
          if (!kind) kind = entry.constraint.kind;
          named = entry.explicit_name || named_.count(state_.key(op.table) + "\n" + op.name);
        }
    std::vector<std::string> args = {name(op.name)};
    if (sqlite()) {
      // Batch mode finds constraints by the names SQLite's catalog reflects: written ones only
      // (by the source, or by this writer when it added the constraint).
      if (!named) cannot("SQLite keeps no name for this constraint, which batch mode needs");
      if (kind) args.push_back(std::string("type_=") + python_string(type_keyword(*kind)));
      in_batch(op.table, false, "batch_op.drop_constraint", args);
      return;
    }
    args.push_back(name(op.table.name));
    if (kind) args.push_back(std::string("type_=") + python_string(type_keyword(*kind)));
    schema_keyword(args, op.table.schema);
    call("op.drop_constraint", args);
  }

  void write(const model::ValidateConstraint&) {
    cannot("Alembic has no operation for VALIDATE CONSTRAINT");
  }
  void write(const model::CreateView&) { cannot("Alembic has no operation for views"); }
  void write(const model::DropView&) { cannot("Alembic has no operation for views"); }
  void write(const model::CreateEnum&) {
    cannot("Alembic creates enum types only with the tables that use them");
  }
  void write(const model::DropEnum&) {
    cannot("Alembic drops enum types only with the tables that use them");
  }

  // A SQL literal as a Python value bulk_insert binds to the same value, or nullopt.
  static std::optional<std::string> python_value(const std::string& literal) {
    const std::string word = upper(literal);
    if (word == "NULL") return "None";
    if (word == "TRUE") return "True";
    if (word == "FALSE") return "False";
    static const std::regex integer("([-+]?)0*([0-9]{1,18})");
    static const std::regex decimal("[-+]?[0-9]{1,15}\\.[0-9]{1,15}");
    std::smatch m;
    if (std::regex_match(literal, m, integer)) return (m[1] == "-" ? "-" : "") + m[2].str();
    if (std::regex_match(literal, decimal) && literal.size() <= 17) {
      // A float literal reads back as written; 15 significant digits survive the float.
      std::size_t digits = 0;
      for (char c : literal) digits += c >= '0' && c <= '9';
      if (digits <= 15) return literal[0] == '+' ? literal.substr(1) : literal;
    }
    static const std::regex quoted("'((?:[^']|'')*)'");
    if (std::regex_match(literal, m, quoted)) {
      return python_string(unquoted_sql_string(m[1].str()));
    }
    return std::nullopt;
  }

  static std::string identifier_for(const std::string& table) {
    std::string out;
    for (char c : table)
      out += (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
                 ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                 : '_';
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "t_" + out;
    return out + "_table";
  }

  void write(const model::InsertRows& op) {
    if (op.columns.empty()) cannot("an INSERT without a column list");
    std::vector<std::string> rows;
    for (const auto& row : op.rows) {
      if (row.size() != op.columns.size()) cannot("a row whose values do not match its columns");
      std::string dict = "{";
      for (std::size_t i = 0; i < row.size(); ++i) {
        auto value = python_value(row[i]);
        if (!value) cannot("the value " + row[i] + " is not a literal bulk_insert can bind");
        dict += (i ? ", " : "") + python_string(op.columns[i]) + ": " + *value;
      }
      rows.push_back(dict + "}");
    }
    const std::string variable = identifier_for(op.table.name);
    std::vector<std::string> table_args = {name(op.table.name)};
    for (const auto& c : op.columns) table_args.push_back("sa.column(" + name(c) + ")");
    schema_keyword(table_args, op.table.schema);
    close_block();
    std::string definition = variable + " = sa.table(";
    for (std::size_t i = 0; i < table_args.size(); ++i)
      definition += (i ? ", " : "") + table_args[i];
    definition += ")";
    if (base() * 4 + definition.size() <= 99) {
      lines_.push_back({base(), definition});
    } else {
      lines_.push_back({base(), variable + " = sa.table("});
      for (const auto& a : table_args) lines_.push_back({base() + 1, a + ","});
      lines_.push_back({base(), ")"});
    }
    std::string list = "[";
    for (std::size_t i = 0; i < rows.size(); ++i) list += (i ? ", " : "") + rows[i];
    list += "]";
    if (base() * 4 + list.size() + variable.size() + 17 <= 99) {
      call("op.bulk_insert", {variable, list});
    } else {
      lines_.push_back({base(), "op.bulk_insert("});
      lines_.push_back({base() + 1, variable + ","});
      lines_.push_back({base() + 1, "["});
      for (const auto& row : rows) lines_.push_back({base() + 2, row + ","});
      lines_.push_back({base() + 1, "],"});
      lines_.push_back({base(), ")"});
    }
  }

  // ---- steps that are not op.* calls --------------------------------------------------------

  static bool runs_outside_transaction(const model::Op& op) {
    if (const auto* c = std::get_if<model::CreateIndex>(&op)) return c->concurrently;
    if (const auto* d = std::get_if<model::DropIndex>(&op)) return d->concurrently;
    return false;
  }

  void as_sql(const model::Op& op, const std::string& why) {
    std::vector<std::string> statements;
    try {
      statements = sql::render(op, dialect_, {&state_, false});
    } catch (const sql::RenderError& e) {
      throw std::invalid_argument(why + "; as SQL: " + e.what());
    }
    comment("polymigrate: " + std::string(model::op_name(op)) + " as SQL: " + why);
    if (statements.empty()) {
      comment("polymigrate: nothing to run on " + std::string(model::to_string(dialect_)));
      return;
    }
    const auto block = autocommit_block(postgres() && runs_outside_transaction(op));
    for (const auto& statement : statements) call("op.execute", {sql_text(statement)}, block);
  }

  void sql(const model::SqlStep& step) {
    line_ = step.line;
    try {
      call("op.execute", {sql_text(step.text)}, autocommit_block(step.no_transaction));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where() + ": cannot write SQL for Alembic: " + e.what());
    }
  }

  void opaque(const model::OpaqueStep& step) {
    const std::string at = step.source.file + ":" + std::to_string(step.source.line_begin);
    comment("polymigrate: untranslated " + step.language + " code from " + at);
    comment("(" + step.reason + "):");
    for (const auto& line : split_lines(step.code)) comment("    " + line, true);
    raise("polymigrate: untranslated " + step.language + " code from " + at +
          ": translate it by hand");
  }
};

std::string render_lines(const std::vector<Line>& lines) {
  std::string out;
  for (const auto& line : lines)
    out += std::string(static_cast<std::size_t>(line.indent) * 4, ' ') + line.text + "\n";
  return out;
}

// ---- project files ----------------------------------------------------------------------------

std::string project_name(const model::Project& project) {
  const fs::path root = project.root.lexically_normal();
  return (root.has_filename() ? root.filename() : root.parent_path().filename()).string();
}

std::string ini_file(const model::Project& project, Dialect dialect) {
  const std::string url = dialect == Dialect::sqlite ? "sqlite:///polymigrate.db"
                                                     : "postgresql://user:pass@localhost/dbname";
  return "# A generic, single database configuration.\n"
         "# Written by polymigrate from the " +
         project.framework + " project " + comment_text(project_name(project)) +
         ". migrations/env.py takes the\n"
         "# database from `-x url=...`, then DATABASE_URL, then sqlalchemy.url below.\n"
         "\n"
         "[alembic]\n"
         "# path to migration scripts\n"
         "script_location = %(here)s/migrations\n"
         "\n"
         "# template used to generate migration file names; The default value is "
         "%%(rev)s_%%(slug)s\n"
         "# Uncomment the line below if you want the files to be prepended with date and time\n"
         "# see https://alembic.sqlalchemy.org/en/latest/tutorial.html#editing-the-ini-file\n"
         "# for all available tokens\n"
         "# file_template = "
         "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n"
         "\n"
         "# sys.path path, will be prepended to sys.path if present.\n"
         "# defaults to the current working directory.\n"
         "prepend_sys_path = .\n"
         "\n"
         "# timezone to use when rendering the date within the migration file\n"
         "# as well as the filename.\n"
         "# If specified, requires the python-dateutil library that can be\n"
         "# installed by adding `alembic[tz]` to the pip requirements\n"
         "# string value is passed to dateutil.tz.gettz()\n"
         "# leave blank for localtime\n"
         "# timezone =\n"
         "\n"
         "# max length of characters to apply to the\n"
         "# \"slug\" field\n"
         "# truncate_slug_length = 40\n"
         "\n"
         "# set to 'true' to run the environment during\n"
         "# the 'revision' command, regardless of autogenerate\n"
         "# revision_environment = false\n"
         "\n"
         "# set to 'true' to allow .pyc and .pyo files without\n"
         "# a source .py file to be detected as revisions in the\n"
         "# versions/ directory\n"
         "# sourceless = false\n"
         "\n"
         "# version location specification; This defaults\n"
         "# to migrations/versions.  When using multiple version\n"
         "# directories, initial revisions must be specified with --version-path.\n"
         "# The path separator used here should be the separator specified by "
         "\"version_path_separator\" below.\n"
         "# version_locations = %(here)s/bar:%(here)s/bat:migrations/versions\n"
         "\n"
         "# version path separator; As mentioned above, this is the character used to split\n"
         "# version_locations. The default within new alembic.ini files is \"os\", which uses "
         "os.pathsep.\n"
         "# If this key is omitted entirely, it falls back to the legacy behavior of splitting "
         "on spaces and/or commas.\n"
         "# Valid values for version_path_separator are:\n"
         "#\n"
         "# version_path_separator = :\n"
         "# version_path_separator = ;\n"
         "# version_path_separator = space\n"
         "# Use os.pathsep. Default configuration used for new projects.\n"
         "version_path_separator = os\n"
         "\n"
         "# the output encoding used when revision files\n"
         "# are written from script.py.mako\n"
         "# output_encoding = utf-8\n"
         "\n"
         "sqlalchemy.url = " +
         url +
         "\n"
         "\n"
         "\n"
         "[post_write_hooks]\n"
         "# post_write_hooks defines scripts or Python functions that are run\n"
         "# on newly generated revision scripts.  See the documentation for further\n"
         "# detail and examples\n"
         "\n"
         "# format using \"black\" - use the console_scripts runner, against the \"black\" "
         "entrypoint\n"
         "# hooks = black\n"
         "# black.type = console_scripts\n"
         "# black.entrypoint = black\n"
         "# black.options = -l 79 REVISION_SCRIPT_FILENAME\n"
         "\n"
         "# Logging configuration\n"
         "[loggers]\n"
         "keys = root,sqlalchemy,alembic\n"
         "\n"
         "[handlers]\n"
         "keys = console\n"
         "\n"
         "[formatters]\n"
         "keys = generic\n"
         "\n"
         "[logger_root]\n"
         "level = WARN\n"
         "handlers = console\n"
         "qualname =\n"
         "\n"
         "[logger_sqlalchemy]\n"
         "level = WARN\n"
         "handlers =\n"
         "qualname = sqlalchemy.engine\n"
         "\n"
         "[logger_alembic]\n"
         "level = INFO\n"
         "handlers =\n"
         "qualname = alembic\n"
         "\n"
         "[handler_console]\n"
         "class = StreamHandler\n"
         "args = (sys.stderr,)\n"
         "level = NOTSET\n"
         "formatter = generic\n"
         "\n"
         "[formatter_generic]\n"
         "format = %(levelname)-5.5s [%(name)s] %(message)s\n"
         "datefmt = %H:%M:%S\n";
}

// The context.configure(...) arguments the source's version table needs (literals, so
// polymigrate reads them back without running env.py).
std::string configure_options(const model::Project& project, const std::string& indent,
                              bool per_migration) {
  std::string out;
  // Alembic's advice for autocommit blocks: they commit the run's transaction, so let each
  // migration have its own.
  if (per_migration) out += "\n" + indent + "transaction_per_migration=True,";
  if (project.framework != "alembic") return out;
  const auto& config = project.config;
  if (!config.version_table.empty() && config.version_table != "alembic_version")
    out += "\n" + indent + "version_table=" + python_string(config.version_table) + ",";
  if (!config.version_schema.empty())
    out += "\n" + indent + "version_table_schema=" + python_string(config.version_schema) + ",";
  if (auto pk = config.settings.find("version_table_pk");
      pk != config.settings.end() && pk->second == "false")
    out += "\n" + indent + "version_table_pk=False,";
  if (auto per = config.settings.find("transaction_per_migration");
      !per_migration && per != config.settings.end() && per->second == "true")
    out += "\n" + indent + "transaction_per_migration=True,";
  return out;
}

std::string env_file(const model::Project& project, bool per_migration) {
  return "import os\n"
         "from logging.config import fileConfig\n"
         "\n"
         "from sqlalchemy import engine_from_config\n"
         "from sqlalchemy import pool\n"
         "\n"
         "from alembic import context\n"
         "\n"
         "# this is the Alembic Config object, which provides\n"
         "# access to the values within the .ini file in use.\n"
         "config = context.config\n"
         "\n"
         "# Interpret the config file for Python logging.\n"
         "# This line sets up loggers basically.\n"
         "if config.config_file_name is not None:\n"
         "    fileConfig(config.config_file_name)\n"
         "\n"
         "# add your model's MetaData object here\n"
         "# for 'autogenerate' support\n"
         "# from myapp import mymodel\n"
         "# target_metadata = mymodel.Base.metadata\n"
         "target_metadata = None\n"
         "\n"
         "# other values from the config, defined by the needs of env.py,\n"
         "# can be acquired:\n"
         "# my_important_option = config.get_main_option(\"my_important_option\")\n"
         "# ... etc.\n"
         "\n"
         "\n"
         "def database_url() -> str:\n"
         "    \"\"\"The database: `-x url=...`, then DATABASE_URL, then sqlalchemy.url.\n"
         "\n"
         "    DATABASE_URL may be written as other tools take it: postgres://... and\n"
         "    sqlite:path are given to SQLAlchemy as postgresql://... and sqlite:///path.\n"
         "    \"\"\"\n"
         "    url = (\n"
         "        context.get_x_argument(as_dictionary=True).get(\"url\")\n"
         "        or os.environ.get(\"DATABASE_URL\")\n"
         "        or config.get_main_option(\"sqlalchemy.url\")\n"
         "    )\n"
         "    if url.startswith(\"postgres://\"):\n"
         "        url = \"postgresql://\" + url[len(\"postgres://\"):]\n"
         "    elif url.startswith(\"sqlite:\") and not url.startswith(\"sqlite://\"):\n"
         "        url = \"sqlite:///\" + url[len(\"sqlite:\"):]\n"
         "    return url\n"
         "\n"
         "\n"
         "def run_migrations_offline() -> None:\n"
         "    \"\"\"Run migrations in 'offline' mode.\n"
         "\n"
         "    This configures the context with just a URL\n"
         "    and not an Engine, though an Engine is acceptable\n"
         "    here as well.  By skipping the Engine creation\n"
         "    we don't even need a DBAPI to be available.\n"
         "\n"
         "    Calls to context.execute() here emit the given string to the\n"
         "    script output.\n"
         "\n"
         "    \"\"\"\n"
         "    context.configure(\n"
         "        url=database_url(),\n"
         "        target_metadata=target_metadata,\n"
         "        literal_binds=True,\n"
         "        dialect_opts={\"paramstyle\": \"named\"}," +
         configure_options(project, "        ", per_migration) +
         "\n"
         "    )\n"
         "\n"
         "    with context.begin_transaction():\n"
         "        context.run_migrations()\n"
         "\n"
         "\n"
         "def run_migrations_online() -> None:\n"
         "    \"\"\"Run migrations in 'online' mode.\n"
         "\n"
         "    In this scenario we need to create an Engine\n"
         "    and associate a connection with the context.\n"
         "\n"
         "    \"\"\"\n"
         "    section = config.get_section(config.config_ini_section, {})\n"
         "    section[\"sqlalchemy.url\"] = database_url()\n"
         "    connectable = engine_from_config(\n"
         "        section,\n"
         "        prefix=\"sqlalchemy.\",\n"
         "        poolclass=pool.NullPool,\n"
         "    )\n"
         "\n"
         "    with connectable.connect() as connection:\n"
         "        context.configure(\n"
         "            connection=connection, target_metadata=target_metadata," +
         configure_options(project, "            ", per_migration) +
         "\n"
         "        )\n"
         "\n"
         "        with context.begin_transaction():\n"
         "            context.run_migrations()\n"
         "\n"
         "\n"
         "if context.is_offline_mode():\n"
         "    run_migrations_offline()\n"
         "else:\n"
         "    run_migrations_online()\n";
}

// Alembic 1.8's generic script.py.mako, so `alembic revision` works in the written project.
const char* const kScriptTemplate =
    "\"\"\"${message}\n"
    "\n"
    "Revision ID: ${up_revision}\n"
    "Revises: ${down_revision | comma,n}\n"
    "Create Date: ${create_date}\n"
    "\n"
    "\"\"\"\n"
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "${imports if imports else \"\"}\n"
    "\n"
    "# revision identifiers, used by Alembic.\n"
    "revision = ${repr(up_revision)}\n"
    "down_revision = ${repr(down_revision)}\n"
    "branch_labels = ${repr(branch_labels)}\n"
    "depends_on = ${repr(depends_on)}\n"
    "\n"
    "\n"
    "def upgrade() -> None:\n"
    "    ${upgrades if upgrades else \"pass\"}\n"
    "\n"
    "\n"
    "def downgrade() -> None:\n"
    "    ${downgrades if downgrades else \"pass\"}\n";

// What the header of a revision file says: script.py.mako's fields, and a paragraph of the
// docstring after them (`note`, lines ending in '\n') when there is more to say.
struct RevisionHeader {
  std::string id;
  std::string message;
  std::string create_date;
  std::string note;
  std::vector<std::string> parents;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
};

// A revision file in the shape of Alembic's generic script.py.mako.
std::string revision_text(const RevisionHeader& header, const Imports& imports, BodyWriter& up,
                          BodyWriter& down) {
  std::string text = "\"\"\"" + escaped(header.message, 0) + "\n\n";
  text += "Revision ID: " + escaped(header.id, 0) + "\n";
  std::string revises;
  for (const auto& p : header.parents) revises += (revises.empty() ? "" : ", ") + p;
  text += "Revises: " + escaped(revises, 0) + "\n";
  text += "Create Date: " + escaped(header.create_date, 0) + "\n\n";
  if (!header.note.empty()) text += escaped(header.note, 0) + "\n";
  text +=
      "\"\"\"\n"
      "from alembic import op\n"
      "import sqlalchemy as sa\n";
  text += imports.postgresql ? "from sqlalchemy.dialects import postgresql\n" : "\n";
  text +=
      "\n"
      "# revision identifiers, used by Alembic.\n";
  text += "revision = " + python_string(header.id) + "\n";
  text += "down_revision = " + python_ids(header.parents, false) + "\n";
  text += "branch_labels = " + python_ids(header.branch_labels, true) + "\n";
  text += "depends_on = " + python_ids(header.depends_on, false) + "\n";
  text += "\n\ndef upgrade() -> None:\n" + render_lines(up.finish());
  text += "\n\ndef downgrade() -> None:\n" + render_lines(down.finish());
  return text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The "Create Date:" of the header: an Alembic source's own, a timestamp at the start of the key
// (Prisma's folders, Knex's files), else said to be unknown.
std::string create_date(const model::Project& project, const model::Migration& migration) {
  if (project.framework == "alembic" && !migration.source.file.empty()) {
    const std::string source = read_file(project.root / migration.source.file);
    static const std::regex line("\\nCreate Date: ?([^\\r\\n]*)");
    std::smatch m;
    if (std::regex_search(source, m, line)) return comment_text(m[1].str());
  }
  static const std::regex stamp("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2}).*");
  std::smatch m;
  if (std::regex_match(migration.key, m, stamp))
    return m[1].str() + "-" + m[2].str() + "-" + m[3].str() + " " + m[4].str() + ":" + m[5].str() +
           ":" + m[6].str();
  return "not known (converted from a " + project.framework + " migration)";
}

std::vector<std::string> written_depends_on(const model::Migration& migration) {
  auto it = migration.extras.find("depends_on");
  if (it == migration.extras.end()) return migration.depends_on;
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= it->second.size()) {
    auto comma = it->second.find(',', start);
    out.push_back(
        it->second.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string python_string(std::string_view text) {
  const bool single = text.find('\'') != std::string_view::npos;
  const bool double_ = text.find('"') != std::string_view::npos;
  const char quote = single && !double_ ? '"' : '\'';
  return std::string(1, quote) + escaped(text, quote) + quote;
}

std::string escape_bind_colons(std::string_view sql) {
  // SQLAlchemy's TextClause: (?<![:\w\\]):(\w+)(?!:) is a bind parameter.
  auto word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const auto c = static_cast<unsigned char>(sql[i]);
    if (c == ':' && i + 1 < sql.size() && word(static_cast<unsigned char>(sql[i + 1])) &&
        (i == 0 || !(sql[i - 1] == ':' || sql[i - 1] == '\\' ||
                     word(static_cast<unsigned char>(sql[i - 1]))))) {
      std::size_t end = i + 1;
      while (end < sql.size() && word(static_cast<unsigned char>(sql[end]))) ++end;
      // The regex backtracks: only a one-character name followed by ':' is not a parameter.
      if (!(end == i + 2 && end < sql.size() && sql[end] == ':')) out += '\\';
    }
    out += sql[i];
  }
  return out;
}

std::string revision_slug(const std::string& message, std::size_t truncate) {
  std::string slug, word;
  auto flush = [&] {
    if (word.empty()) return;
    slug += (slug.empty() ? "" : "_") + word;
    word.clear();
  };
  for (char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && (std::isalnum(u) || c == '_'))
      word += static_cast<char>(std::tolower(u));
    else
      flush();
  }
  flush();
  if (slug.size() > truncate) {
    slug = slug.substr(0, truncate);
    auto cut = slug.rfind('_');
    if (cut != std::string::npos) slug = slug.substr(0, cut);
    slug += "_";
  }
  return slug;
}

std::string generated_revision_id(const std::string& framework, const std::string& key,
                                  std::size_t index) {
  std::uint64_t hash = 14695981039346656037ull;
  const std::string input = framework + "\n" + key + "\n" + std::to_string(index);
  for (unsigned char c : input) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  // MurmurHash3's finalizer: similar keys ("1", "2") get ids that look unrelated.
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  hash ^= hash >> 33;
  return hex(static_cast<unsigned long>(hash >> 16), 12);
}

namespace {

// SQLite skips a UTF-8 byte order mark at the start of a script (Prisma sends a file's BOM as
// it is): on SQLite the history is written without it, so the DDL reader reads that statement.
model::History without_leading_bom(const model::History& history) {
  auto strip = [](model::Script& script) {
    if (script.empty()) return;
    if (auto* sql = std::get_if<model::SqlStep>(&script.front());
        sql && sql->text.starts_with("\xEF\xBB\xBF"))
      sql->text.erase(0, 3);
  };
  std::vector<model::Migration> migrations = history.migrations();
  for (auto& m : migrations) {
    strip(m.up);
    if (m.down) strip(*m.down);
  }
  return model::History(std::move(migrations));
}

}  // namespace

std::vector<adapters::WrittenFile> alembic_project_files(const model::Project& source,
                                                         model::Dialect dialect) {
  model::Project project = source;
  if (dialect == model::Dialect::sqlite) project.history = without_leading_bom(source.history);
  std::vector<adapters::WrittenFile> files;
  files.push_back({"alembic.ini", ini_file(project, dialect)});
  files.push_back({"migrations/README", "Generic single-database configuration.\n"});
  files.push_back({"migrations/script.py.mako", kScriptTemplate});

  const bool keep_ids = project.framework == "alembic";
  const auto& history = project.history;
  const auto& order = history.order();
  // A migration on a cycle has no place in a chain of revisions.
  if (order.size() != history.size())
    for (const auto& d : history.diagnostics())
      if (d.severity == model::Severity::error)
        throw std::invalid_argument(
            d.file + ":" + std::to_string(d.line) +
            ": cannot write the history as Alembic revisions: " + d.message);
  const auto replay = schema::replay_history(history, dialect);
  const schema::RollbackGenerator rollbacks(history, dialect);

  std::vector<std::string> ids;
  bool autocommit = false;      // some migration runs a step outside its transaction
  std::set<std::string> named;  // constraints the writer named for batch mode
  std::set<std::string> taken;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& migration = history.migrations()[order[i]];
    std::string id =
        keep_ids ? migration.key : generated_revision_id(project.framework, migration.key, i);
    for (std::size_t salt = 1; !keep_ids && taken.count(id); ++salt)
      id = generated_revision_id(project.framework, migration.key + "#" + std::to_string(salt), i);
    taken.insert(id);
    ids.push_back(id);
  }

  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& migration = history.migrations()[order[i]];
    const std::string& id = ids[i];
    const std::string message =
        migration.description.empty() ? migration.key : migration.description;
    std::vector<std::string> parents;
    if (keep_ids)
      parents = migration.parents;
    else if (i > 0)
      parents = {ids[i - 1]};

    Imports imports;
    const bool autocommit_all = !migration.transactional;
    const bool sqlite_autoincrement = project.framework != "alembic";
    const std::string& file = migration.source.file;

    BodyWriter up(dialect, replay.migrations[i].before, file, imports, named, autocommit_all,
                  sqlite_autoincrement);
    for (const auto& step : sql::structured_script(migration.up, dialect, file)) up.step(step);

    BodyWriter down(dialect, replay.migrations[i].after,
                    migration.down_source.file.empty() ? file : migration.down_source.file, imports,
                    named, autocommit_all, sqlite_autoincrement);
    if (migration.down) {
      const std::string down_file =
          migration.down_source.file.empty() ? file : migration.down_source.file;
      for (const auto& step : sql::structured_script(*migration.down, dialect, down_file))
        down.step(step);
    } else {
      const schema::Rollback rollback = rollbacks.rollback(migration);
      if (!rollback.ok()) {
        down.comment("polymigrate: no rollback can be generated for this migration:");
        for (const auto& blocker : rollback.blockers) down.comment(model::format(blocker));
        down.raise("polymigrate: no rollback is known for migration " + migration.key + ": " +
                   model::format(rollback.blockers.front()));
      } else {
        down.comment(
            "polymigrate: the source has no down script; generated from the schema replay.");
        for (const auto& warning : rollback.warnings)
          down.comment("polymigrate: WARNING (" + warning.code + "): " + warning.message);
        for (const auto& step : rollback.steps) down.op(step.op, 0);
      }
    }

    RevisionHeader header{id,
                          message,
                          create_date(project, migration),
                          {},
                          parents,
                          keep_ids ? migration.branch_labels : std::vector<std::string>{},
                          keep_ids ? written_depends_on(migration) : std::vector<std::string>{}};
    if (!keep_ids || migration.kind != model::MigrationKind::versioned) {
      header.note = "Converted by polymigrate from the " + project.framework + " migration " +
                    migration.key + (file.empty() ? "" : " (" + file + ")") + ".\n";
      if (migration.kind == model::MigrationKind::repeatable)
        header.note +=
            "A repeatable migration there: Alembic runs it once, at this place in the "
            "history.\n";
      if (migration.kind == model::MigrationKind::baseline)
        header.note += "A baseline migration there: Alembic runs it as any other revision.\n";
    }
    const std::string text = revision_text(header, imports, up, down);
    autocommit = autocommit || up.autocommits() || down.autocommits();

    const std::string slug = revision_slug(message);
    // A revision id may hold a path separator, which must not make a folder of it.
    std::string stem = id + "_" + slug;
    for (char& c : stem)
      if (c == '/' || c == '\\') c = '_';
    files.push_back({fs::path("migrations/versions") / (stem + ".py"), text});
  }
  if (order.empty()) files.push_back({"migrations/versions/.gitkeep", ""});
  files.insert(files.begin() + 2, {"migrations/env.py", env_file(project, autocommit)});
  return files;
}

std::string revision_source(const RevisionSource& revision, schema::SchemaState before,
                            model::Dialect dialect) {
  Imports imports;
  std::set<std::string> named;
  BodyWriter up(dialect, before, revision.file, imports, named, false, false);
  for (const auto& note : revision.notes) up.comment("polymigrate: " + note);
  const model::Script up_steps = sql::structured_script(revision.up, dialect, revision.file);
  for (const auto& step : up_steps) up.step(step);
  schema::SchemaState after = std::move(before);
  for (const auto& step : up_steps)
    if (const auto* op = std::get_if<model::OpStep>(&step)) schema::apply_op(after, op->op);
  BodyWriter down(dialect, std::move(after), revision.file, imports, named, false, false);
  if (revision.down)
    for (const auto& step : sql::structured_script(*revision.down, dialect, revision.file))
      down.step(step);
  else if (!revision.down_note.empty())
    down.comment(revision.down_note);
  const RevisionHeader header{
      revision.id, revision.message, revision.create_date, {}, revision.parents, {}, {}};
  return revision_text(header, imports, up, down);
}

}  // namespace pm::alembic
