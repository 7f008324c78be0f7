// Op -> SQL, one function per op kind. Clause order follows what the DDL reader accepts, so a
// rendered statement reads back as the op it came from (tests/sql/renderer_test.cpp).
#include "sql/renderer.hpp"

#include <type_traits>

#include "schema/replay.hpp"
#include "schema/schema_state.hpp"
#include "schema/table_constraints.hpp"

namespace pm::sql {

namespace {

using model::Dialect;
using model::LogicalType;

bool is_plain_name(std::string_view text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  for (char c : text) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
    if (!word) return false;
  }
  return true;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string quote_literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string column_list(const std::vector<std::string>& columns) {
  std::vector<std::string> quoted;
  for (const auto& column : columns) quoted.push_back(quote_identifier(column));
  return "(" + join(quoted) + ")";
}

std::string with_args(std::string name, std::optional<int> first, std::optional<int> second = {}) {
  if (!first) return name;
  name += "(" + std::to_string(*first);
  if (second) name += ", " + std::to_string(*second);
  return name + ")";
}

std::string postgres_type(const model::ColumnType& type) {
  switch (type.kind) {
    case LogicalType::integer:
      return "integer";
    case LogicalType::bigint:
      return "bigint";
    case LogicalType::smallint:
      return "smallint";
    case LogicalType::serial:
      return "serial";
    case LogicalType::bigserial:
      return "bigserial";
    case LogicalType::string:
      return with_args("varchar", type.length);
    case LogicalType::text:
      return "text";
    case LogicalType::boolean:
      return "boolean";
    case LogicalType::timestamp:
      return with_args("timestamp", type.precision);
    case LogicalType::timestamptz:
      return type.precision ? with_args("timestamp", type.precision) + " with time zone"
                            : "timestamptz";
    case LogicalType::date:
      return "date";
    case LogicalType::time:
      return with_args("time", type.precision);
    case LogicalType::decimal:
      return with_args("numeric", type.precision, type.scale);
    case LogicalType::float_:
      return "real";
    case LogicalType::double_:
      return "double precision";
    case LogicalType::json:
      return "json";
    case LogicalType::jsonb:
      return "jsonb";
    case LogicalType::uuid:
      return "uuid";
    case LogicalType::binary:
      return "bytea";
    case LogicalType::enum_:
      return type.enum_name.empty() ? "text" : quote_identifier(type.enum_name);
    case LogicalType::other:
      break;
  }
  return type.native.empty() ? "text" : type.native;
}

// SQLite takes any type name; these are the names that give each logical type the affinity its
// values need and that the DDL reader maps back to the same logical type where one exists.
std::string sqlite_type(const model::ColumnType& type) {
  switch (type.kind) {
    case LogicalType::integer:
    case LogicalType::serial:
      return "INTEGER";
    case LogicalType::bigint:
    case LogicalType::bigserial:  // as SQLAlchemy writes BigInteger: not the rowid alias
      return "BIGINT";
    case LogicalType::smallint:
      return "SMALLINT";
    case LogicalType::string:
      return with_args("VARCHAR", type.length);
    case LogicalType::text:
    case LogicalType::uuid:
    case LogicalType::enum_:
      return "TEXT";
    case LogicalType::boolean:
      return "BOOLEAN";
    case LogicalType::timestamp:
    case LogicalType::timestamptz:
      return "DATETIME";
    case LogicalType::date:
      return "DATE";
    case LogicalType::time:
      return "TIME";
    case LogicalType::decimal:
      return with_args("DECIMAL", type.precision, type.scale);
    case LogicalType::float_:
      return "REAL";
    case LogicalType::double_:
      return "DOUBLE";
    case LogicalType::json:
    case LogicalType::jsonb:
      return "JSON";
    case LogicalType::binary:
      return "BLOB";
    case LogicalType::other:
      break;
  }
  return type.native;
}

// SQLite accepts only a literal, a signed number or a parenthesised expression after DEFAULT.
bool sqlite_plain_default(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == '(' || text.front() == '\'') return true;
  const std::string word = upper(text);
  for (std::string_view keyword :
       {"NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"}) {
    if (word == keyword) return true;
  }
  if ((word.front() == 'X') && text.size() > 1 && text[1] == '\'') return true;
  std::size_t i = (text.front() == '-' || text.front() == '+') ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E')) return false;
  }
  return true;
}

class Renderer {
 public:
  Renderer(Dialect dialect, const RenderContext& context) : dialect_(dialect), context_(context) {}

  std::vector<std::string> operator()(const model::CreateTable& op) const {
    return {create_table(op)};
  }

  std::vector<std::string> operator()(const model::DropTable& op) const {
    return {"DROP TABLE " + std::string(op.if_exists ? "IF EXISTS " : "") + quote_name(op.table) +
            cascade(op.cascade)};
  }

  std::vector<std::string> operator()(const model::RenameTable& op) const {
    return {alter(op.table) + "RENAME TO " + quote_identifier(op.new_name)};
  }

  std::vector<std::string> operator()(const model::AddColumn& op) const {
    std::string if_not_exists;
    if (op.if_not_exists) {
      if (postgres()) {
        if_not_exists = "IF NOT EXISTS ";
      } else if (column_exists(op.table, op.column.name, "ADD COLUMN IF NOT EXISTS")) {
        return {};  // SQLite has no IF NOT EXISTS here: the state answers it instead
      }
    }
    // SQLite's ADD COLUMN refuses a PRIMARY KEY or UNIQUE column, NOT NULL without a non-null
    // default, and a default that is not a constant: with the table's definition at hand, the
    // table is rebuilt instead (https://www.sqlite.org/lang_altertable.html#altertabaddcol).
    if (!postgres() && context_.state && !sqlite_can_add(op.column)) return rebuild(op, op.table);
    return {alter(op.table) + "ADD COLUMN " + if_not_exists + column_definition(op.column)};
  }

  std::vector<std::string> operator()(const model::DropColumn& op) const {
    std::string if_exists;
    if (op.if_exists) {
      if (postgres()) {
        if_exists = "IF EXISTS ";
      } else if (!column_exists(op.table, op.column, "DROP COLUMN IF EXISTS")) {
        return {};
      }
    }
    // SQLite's DROP COLUMN refuses a column that is indexed, a key, or named by a constraint;
    // PostgreSQL drops those along. With the table's definition the table is rebuilt instead.
    if (!postgres() && context_.state && !sqlite_can_drop(op.table, op.column))
      return rebuild(op, op.table);
    return {alter(op.table) + "DROP COLUMN " + if_exists + quote_identifier(op.column) +
            cascade(op.cascade)};
  }

  std::vector<std::string> operator()(const model::RenameColumn& op) const {
    return {alter(op.table) + "RENAME COLUMN " + quote_identifier(op.column) + " TO " +
            quote_identifier(op.new_name)};
  }

  std::vector<std::string> operator()(const model::AlterColumn& op) const {
    if (!postgres()) return rebuild(op, op.table);
    const std::string prefix =
        alter(op.table) + "ALTER COLUMN " + quote_identifier(op.column) + " ";
    std::vector<std::string> out;
    if (op.type) {
      std::string statement = prefix + "TYPE " + type(*op.type);
      if (op.using_expr) statement += " USING " + *op.using_expr;
      out.push_back(statement);
    }
    if (op.nullable) out.push_back(prefix + (*op.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
    if (op.default_sql) {
      out.push_back(*op.default_sql ? prefix + "SET DEFAULT " + **op.default_sql
                                    : prefix + "DROP DEFAULT");
    }
    return out;
  }

  std::vector<std::string> operator()(const model::CreateIndex& op) const {
    std::string sql = "CREATE ";
    if (op.unique) sql += "UNIQUE ";
    sql += "INDEX ";
    if (op.concurrently && postgres()) sql += "CONCURRENTLY ";
    if (op.if_not_exists) sql += "IF NOT EXISTS ";
    std::string name = op.name;
    if (name.empty() && !postgres()) {
      throw RenderError("SQLite needs a name for the index on " + op.table.display());
    }
    if (!name.empty()) {
      // SQLite writes the schema on the index name, PostgreSQL puts the index in the table's.
      sql += (postgres() || op.table.schema.empty()) ? quote_identifier(name) + " "
                                                     : quote_name({op.table.schema, name}) + " ";
    }
    sql += "ON " + (postgres() ? quote_name(op.table) : quote_identifier(op.table.name));
    if (!op.method.empty() && postgres()) sql += " USING " + op.method;
    std::vector<std::string> keys;
    for (const auto& column : op.columns) keys.push_back(index_key(op.table, column));
    sql += " (" + join(keys) + ")";
    if (!op.where.empty()) sql += " WHERE " + op.where;
    return {sql};
  }

  std::vector<std::string> operator()(const model::DropIndex& op) const {
    std::string sql = "DROP INDEX ";
    if (op.concurrently && postgres()) sql += "CONCURRENTLY ";
    if (op.if_exists) sql += "IF EXISTS ";
    sql += quote_name({op.table.schema, op.name});
    return {sql + cascade(op.cascade)};
  }

  std::vector<std::string> operator()(const model::AddConstraint& op) const {
    if (!postgres()) return rebuild(op, op.table);
    std::string sql = alter(op.table) + "ADD " + constraint(op.constraint);
    if (op.constraint.not_valid) sql += " NOT VALID";
    return {sql};
  }

  std::vector<std::string> operator()(const model::DropConstraint& op) const {
    if (!postgres()) {
      if (op.if_exists && context_.state) {
        const schema::Table* table = context_.state->find_table(op.table);
        bool found = false;
        if (table) {
          for (const auto& entry : schema::table_constraints(*table)) {
            found = found || schema::same_name(entry.constraint.name, op.name, dialect_);
          }
        }
        if (!found) return {};
      }
      return rebuild(op, op.table);
    }
    return {alter(op.table) + "DROP CONSTRAINT " + std::string(op.if_exists ? "IF EXISTS " : "") +
            quote_identifier(op.name)};
  }

  std::vector<std::string> operator()(const model::ValidateConstraint& op) const {
    if (!postgres()) return {};  // SQLite checks every constraint when it is added
    return {alter(op.table) + "VALIDATE CONSTRAINT " + quote_identifier(op.name)};
  }

  std::vector<std::string> operator()(const model::CreateView& op) const {
    const std::string create = "CREATE VIEW " + quote_name(op.view) + " AS " + op.query;
    if (!op.or_replace) return {create};
    if (postgres()) return {"CREATE OR REPLACE VIEW " + quote_name(op.view) + " AS " + op.query};
    return {"DROP VIEW IF EXISTS " + quote_name(op.view), create};  // SQLite has no OR REPLACE
  }

  std::vector<std::string> operator()(const model::DropView& op) const {
    return {"DROP VIEW " + std::string(op.if_exists ? "IF EXISTS " : "") + quote_name(op.view) +
            cascade(op.cascade)};
  }

  std::vector<std::string> operator()(const model::CreateEnum& op) const {
    if (!postgres()) return {};  // SQLite has no types; enum columns render as TEXT
    std::vector<std::string> values;
    for (const auto& value : op.values) values.push_back(quote_literal(value));
    return {"CREATE TYPE " + quote_name(op.type) + " AS ENUM (" + join(values) + ")"};
  }

  std::vector<std::string> operator()(const model::DropEnum& op) const {
    if (!postgres()) return {};
    return {"DROP TYPE " + std::string(op.if_exists ? "IF EXISTS " : "") + quote_name(op.type)};
  }

  std::vector<std::string> operator()(const model::InsertRows& op) const {
    if (op.rows.empty()) return {};
    std::string sql = "INSERT INTO " + quote_name(op.table);
    if (!op.columns.empty()) sql += " " + column_list(op.columns);
    std::vector<std::string> rows;
    for (const auto& row : op.rows) rows.push_back("(" + join(row) + ")");
    return {sql + " VALUES " + join(rows)};
  }

 private:
  bool postgres() const { return dialect_ == Dialect::postgresql; }

  static bool sqlite_can_add(const model::Column& column) {
    if (column.primary || column.unique || column.generated) return false;
    if (!column.default_sql) return column.nullable;
    const std::string value = upper(*column.default_sql);
    if (value == "NULL") return column.nullable;
    return value != "CURRENT_TIMESTAMP" && value != "CURRENT_TIME" && value != "CURRENT_DATE" &&
           (value.empty() || value.front() != '(');
  }

  // https://www.sqlite.org/lang_altertable.html#altertabdropcol: the column must not be a key,
  // UNIQUE, indexed, or named by a constraint (matched by name in expressions, to be safe).
  bool sqlite_can_drop(const model::QualifiedName& table_name, const std::string& column) const {
    const schema::Table* table = context_.state->find_table(table_name);
    const model::Column* found = table ? table->find_column(column, dialect_) : nullptr;
    if (!found) return true;  // the database will say what is wrong
    if (found->primary || found->unique || found->references || found->check) return false;
    const std::string name = lower(column);
    auto names_it = [&](const std::vector<std::string>& items, const std::string& text) {
      for (const auto& item : items)
        if (lower(item).find(name) != std::string::npos) return true;
      return lower(text).find(name) != std::string::npos;
    };
    for (const auto& index : table->indexes)
      if (names_it(index.columns, index.where)) return false;
    for (const auto& constraint : table->constraints)
      if (names_it(constraint.columns, constraint.check)) return false;
    for (const auto& other : table->columns)
      if (other.generated && lower(*other.generated).find(name) != std::string::npos) return false;
    return true;
  }

  std::string cascade(bool on) const { return on && postgres() ? " CASCADE" : ""; }

  std::string alter(const model::QualifiedName& table) const {
    return "ALTER TABLE " + quote_name(table) + " ";
  }

  std::string type(const model::ColumnType& type) const {
    return render_type(type, dialect_, context_.prefer_native);
  }

  bool column_exists(const model::QualifiedName& table, const std::string& column,
                     std::string_view what) const {
    if (!context_.state) {
      throw RenderError("SQLite has no " + std::string(what) +
                        ": rendering it needs the schema state (RenderContext::state)");
    }
    const schema::Table* found = context_.state->find_table(table);
    return found && found->find_column(column, dialect_);
  }

  std::string index_key(const model::QualifiedName& table, const std::string& key) const {
    bool column = is_plain_name(key);
    if (context_.state) {
      if (const schema::Table* found = context_.state->find_table(table)) {
        column = found->find_column(key, dialect_) != nullptr;
      }
    }
    return column ? quote_identifier(key) : key;
  }

  std::string references(const model::ForeignKeyRef& ref) const {
    std::string sql = "REFERENCES " + quote_name(schema::referenced_table(ref));
    if (!ref.columns.empty()) sql += " " + column_list(ref.columns);
    if (!ref.on_delete.empty()) sql += " ON DELETE " + ref.on_delete;
    if (!ref.on_update.empty()) sql += " ON UPDATE " + ref.on_update;
    return sql;
  }

  std::string default_clause(const std::string& value) const {
    if (!postgres() && !sqlite_plain_default(value)) return "DEFAULT (" + value + ")";
    return "DEFAULT " + value;
  }

  std::string column_definition(const model::Column& column) const {
    std::string sql = quote_identifier(column.name);
    const std::string spelled = type(column.type);
    if (!spelled.empty()) sql += " " + spelled;
    const bool serial =
        column.type.kind == LogicalType::serial || column.type.kind == LogicalType::bigserial;
    if (column.autoincrement && !serial && postgres() && !column.generated) {
      sql += " GENERATED BY DEFAULT AS IDENTITY";
    }
    if (column.generated) {
      sql += " GENERATED ALWAYS AS (" + *column.generated + ")";
      if (postgres()) sql += " STORED";
    }
    if (column.default_sql) sql += " " + default_clause(*column.default_sql);
    if (!column.nullable) sql += " NOT NULL";
    if (column.primary) {
      sql += " PRIMARY KEY";
      // A serial on SQLite is the rowid alias INTEGER PRIMARY KEY, as SQLAlchemy writes it.
      if (column.autoincrement && !postgres() && !serial) sql += " AUTOINCREMENT";
    }
    if (column.unique) sql += " UNIQUE";
    if (column.check) sql += " CHECK (" + *column.check + ")";
    if (column.references) sql += " " + references(*column.references);
    return sql;
  }

  std::string constraint(const model::Constraint& constraint) const {
    std::string sql;
    if (!constraint.name.empty()) sql = "CONSTRAINT " + quote_identifier(constraint.name) + " ";
    switch (constraint.kind) {
      case model::ConstraintKind::primary_key:
        return sql + "PRIMARY KEY " + column_list(constraint.columns);
      case model::ConstraintKind::unique:
        return sql + "UNIQUE " + column_list(constraint.columns);
      case model::ConstraintKind::foreign_key:
        if (!constraint.references) {
          throw RenderError("foreign key " + constraint.name + " has no referenced table");
        }
        return sql + "FOREIGN KEY " + column_list(constraint.columns) + " " +
               references(*constraint.references);
      case model::ConstraintKind::check:
        return sql + "CHECK (" + constraint.check + ")";
    }
    return sql;
  }

  std::string create_table(const model::CreateTable& op) const {
    std::vector<std::string> elements;
    for (const auto& column : op.columns) elements.push_back(column_definition(column));
    for (const auto& c : op.constraints) elements.push_back(constraint(c));
    return "CREATE TABLE " + std::string(op.if_not_exists ? "IF NOT EXISTS " : "") +
           quote_name(op.table) + " (\n  " + join(elements, ",\n  ") + "\n)";
  }

  // https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes",
  // steps 1, 3-10 and 12; the transaction (2, 11) belongs to the runner. Views that name the
  // table are dropped before it and re-created after the rename (steps 3 and 9): SQLite checks
  // every view when a table is renamed, and a view on the dropped table fails that check.
  // Triggers are not in the model; a trigger on the table is lost with DROP TABLE.
  std::vector<std::string> rebuild(const model::Op& op, const model::QualifiedName& name) const {
    const std::string what = model::op_name(op);
    if (!context_.state) {
      throw RenderError(what + " on SQLite rebuilds table " + name.display() +
                        ", which needs the schema state before the op (RenderContext::state)");
    }
    const schema::Table* before = context_.state->find_table(name);
    if (!before) {
      throw RenderError(what + " on SQLite: table " + name.display() +
                        " is not in the schema state");
    }
    schema::SchemaState after_state = *context_.state;
    const model::Diagnostics problems = schema::apply_op(after_state, op);
    if (!problems.empty()) throw RenderError(what + " on SQLite: " + problems.front().message);
    const schema::Table* after = after_state.find_table(name);

    model::CreateTable definition = after->definition();
    definition.table.name = "_polymigrate_new_" + before->name.name;
    for (auto& c : definition.constraints) c.not_valid = false;  // SQLite has no NOT VALID
    std::vector<std::string> copied;
    for (const auto& column : after->columns) {
      if (!column.generated && before->find_column(column.name, dialect_)) {
        copied.push_back(quote_identifier(column.name));
      }
    }
    const std::string new_table = quote_name(definition.table);
    const std::string old_table = quote_name(before->name);
    std::vector<const schema::View*> views;
    const std::string table_word = lower(before->name.name);
    for (const schema::View* view : context_.state->views()) {
      if (lower(view->query).find(table_word) != std::string::npos) views.push_back(view);
    }
    std::vector<std::string> out{"PRAGMA foreign_keys = OFF"};
    for (const schema::View* view : views) out.push_back("DROP VIEW " + quote_name(view->name));
    out.push_back(create_table(definition));
    out.push_back("INSERT INTO " + new_table + " (" + join(copied) + ") SELECT " + join(copied) +
                  " FROM " + old_table);
    out.push_back("DROP TABLE " + old_table);
    out.push_back("ALTER TABLE " + new_table + " RENAME TO " + quote_identifier(before->name.name));
    const RenderContext after_context{&after_state, context_.prefer_native};
    const Renderer index_renderer(dialect_, after_context);
    for (const auto& index : after->indexes) {
      model::CreateIndex create{index.name, after->name, index.columns, index.unique,
                                false,      false,       index.where,   index.method};
      for (auto& sql : index_renderer(create)) out.push_back(std::move(sql));
    }
    for (const schema::View* view : views) {
      out.push_back("CREATE VIEW " + quote_name(view->name) + " AS " + view->query);
    }
    out.push_back("PRAGMA foreign_key_check(" + quote_identifier(before->name.name) + ")");
    out.push_back("PRAGMA foreign_keys = ON");
    return out;
  }

  Dialect dialect_;
  const RenderContext& context_;
};

}  // namespace

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string quote_name(const model::QualifiedName& name) {
  if (name.schema.empty()) return quote_identifier(name.name);
  return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string render_type(const model::ColumnType& type, Dialect dialect, bool prefer_native) {
  if (prefer_native && !type.native.empty()) return type.native;
  std::string out = dialect == Dialect::postgresql ? postgres_type(type) : sqlite_type(type);
  if (type.array && dialect == Dialect::postgresql) out += "[]";
  return out;
}

std::vector<std::string> render(const model::Op& op, Dialect dialect,
                                const RenderContext& context) {
  return std::visit(Renderer(dialect, context), op);
}

}  // namespace pm::sql
