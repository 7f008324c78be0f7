// Replayed vs introspected, object by object. Both sides are brought to one canonical text per
// column, constraint and index; the normalisation rules sit next to the code that applies them.
#include "schema/compare.hpp"

#include <algorithm>
#include <optional>

#include "schema/expression_text.hpp"
#include "schema/table_constraints.hpp"

namespace pm::schema {

namespace {

using model::Dialect;
using model::LogicalType;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The spelling of a type the model only knows by its text: "char(2)" and PostgreSQL's
// "character(2)" are one type, and quotes only protect case.
std::string canonical_native(std::string_view native) {
  std::string out;
  for (char c : lower(native)) {
    if (c != '"' && c != ' ') out += c;
  }
  if (out.starts_with("char(") || out == "char") out = "character" + out.substr(4);
  if (out.starts_with("bpchar")) out = "character" + out.substr(6);
  return out;
}

// SQLite's column affinity from a declared type (https://www.sqlite.org/datatype3.html, 3.1):
// the only thing SQLite does with the type name.
std::string sqlite_affinity(std::string_view native) {
  const std::string type = lower(native);
  if (type.find("int") != std::string::npos) return "INTEGER";
  if (type.find("char") != std::string::npos || type.find("clob") != std::string::npos ||
      type.find("text") != std::string::npos) {
    return "TEXT";
  }
  if (type.empty() || type.find("blob") != std::string::npos) return "BLOB";
  if (type.find("real") != std::string::npos || type.find("floa") != std::string::npos ||
      type.find("doub") != std::string::npos) {
    return "REAL";
  }
  return "NUMERIC";
}

std::string canonical_type(const model::ColumnType& type) {
  std::string out = type.kind == LogicalType::other ? "other:" + canonical_native(type.native)
                                                    : std::string(model::to_string(type.kind));
  // A string's length, a decimal's precision and scale, a timestamp's precision: all are kept
  // by both catalogs, so they must match.
  if (type.length && type.kind != LogicalType::other)
    out += "(" + std::to_string(*type.length) + ")";
  if (type.precision) {
    out += "(" + std::to_string(*type.precision);
    if (type.scale) out += "," + std::to_string(*type.scale);
    out += ")";
  }
  if (type.array) out += "[]";
  return out;
}

bool is_timestamp(const model::ColumnType& type) {
  return type.kind == LogicalType::timestamp || type.kind == LogicalType::timestamptz;
}

// SQLite has no serial type: a serial column is declared INTEGER (the rowid alias) and a bigserial
// BIGINT, which is all its catalog keeps.
model::ColumnType sqlite_declared(model::ColumnType type) {
  if (type.kind == LogicalType::serial) type.kind = LogicalType::integer;
  if (type.kind == LogicalType::bigserial) type.kind = LogicalType::bigint;
  return type;
}

bool same_column_type(const model::ColumnType& a, const model::ColumnType& b, Dialect dialect) {
  if (canonical_type(a) == canonical_type(b)) return true;
  if (dialect == Dialect::sqlite &&
      canonical_type(sqlite_declared(a)) == canonical_type(sqlite_declared(b)))
    return true;
  // SQLite has no time zone type: a timestamp with and one without are both DATETIME text to it
  // (tools write DATETIME for either), and nothing in the database tells them apart.
  if (dialect == Dialect::sqlite && is_timestamp(a) && is_timestamp(b) &&
      a.precision == b.precision)
    return true;
  // SQLite keeps the declared text, but a type it has no logical name for only matters through
  // its affinity, so "NUMBER" and "MONEY" written by two tools are the same column.
  return dialect == Dialect::sqlite &&
         (a.kind == LogicalType::other || b.kind == LogicalType::other) &&
         sqlite_affinity(a.native) == sqlite_affinity(b.native);
}

bool is_number_type(LogicalType kind) {
  switch (kind) {
    case LogicalType::integer:
    case LogicalType::bigint:
    case LogicalType::smallint:
    case LogicalType::decimal:
    case LogicalType::float_:
    case LogicalType::double_:
      return true;
    default:
      return false;
  }
}

// No default and DEFAULT NULL store the same thing. A literal is stored as its column's type:
// '0' in a numeric column is 0 (Knex quotes every default), and PostgreSQL keeps a boolean's
// '1' or 't' as true.
std::optional<std::string> canonical_default(const std::optional<std::string>& value,
                                             const model::ColumnType& type) {
  if (!value) return std::nullopt;
  std::string text = canonical_expression(*value);
  if (text == "null") return std::nullopt;
  const bool quoted = text.size() >= 2 && text.front() == '\'' && text.back() == '\'';
  const std::string inner = quoted ? lower(text.substr(1, text.size() - 2)) : text;
  if (quoted && is_number_type(type.kind) && !inner.empty() &&
      inner.find_first_not_of("0123456789.-") == std::string::npos)
    return inner;
  if (type.kind == LogicalType::boolean) {
    if (inner == "1" || inner == "t" || inner == "true") return "true";
    if (inner == "0" || inner == "f" || inner == "false") return "false";
  }
  return text;
}

// NO ACTION is what an unspecified action means; both catalogs spell it out.
std::string canonical_action(const std::string& action) {
  return action.empty() ? "NO ACTION" : action;
}

class Comparer {
 public:
  Comparer(const SchemaState& replayed, const SchemaState& introspected,
           const CompareOptions& options)
      : replayed_(replayed),
        introspected_(introspected),
        options_(options),
        dialect_(replayed.dialect()) {}

  std::vector<std::string> run() {
    for (const Table* table : replayed_.tables()) {
      const Table* other = introspected_.find_table(table->name);
      if (!other) {
        differ("table " + table->name.display() + " is " + options_.expected + " but not " +
               options_.actual);
      } else {
        compare_table(*table, *other);
      }
    }
    for (const Table* table : introspected_.tables()) {
      if (!replayed_.find_table(table->name)) {
        differ("table " + table->name.display() + " is " + options_.actual + " but not " +
               options_.expected);
      }
    }
    compare_views();
    compare_enums();
    return std::move(differences_);
  }

 private:
  void differ(std::string text) { differences_.push_back(std::move(text)); }

  std::string name_key(std::string_view name) const {
    return dialect_ == Dialect::sqlite ? lower(name) : std::string(name);
  }

  void compare_table(const Table& replayed, const Table& real) {
    const std::string where = "table " + replayed.name.display() + ": ";
    std::vector<std::string> replayed_names;
    std::vector<std::string> real_names;
    for (const auto& c : replayed.columns) replayed_names.push_back(name_key(c.name));
    for (const auto& c : real.columns) real_names.push_back(name_key(c.name));
    if (!options_.column_order) {
      std::sort(replayed_names.begin(), replayed_names.end());
      std::sort(real_names.begin(), real_names.end());
    }
    if (replayed_names != real_names) {
      differ(where + "columns (" + join(replayed_names) + ") " + options_.expected + ", (" +
             join(real_names) + ") " + options_.actual);
    }
    for (const auto& column : replayed.columns) {
      const model::Column* other = real.find_column(column.name, dialect_);
      if (!other) continue;
      const std::string at = where + "column " + column.name + ": ";
      if (!same_column_type(column.type, other->type, dialect_)) {
        differ(at + "type " + canonical_type(column.type) + " " + options_.expected + ", " +
               canonical_type(other->type) + " " + options_.actual);
      }
      if (column.nullable != other->nullable) {
        differ(at + (column.nullable ? "nullable" : "NOT NULL") + " " + options_.expected + ", " +
               (other->nullable ? "nullable" : "NOT NULL") + " " + options_.actual);
      }
      // serial vs integer + nextval(): from_snapshot already turned the latter into serial, and
      // a serial's sequence default is part of the type, so it is not compared as a default.
      const auto a = canonical_default(column.default_sql, column.type);
      const auto b = canonical_default(other->default_sql, other->type);
      if (a != b) {
        differ(at + "default " + a.value_or("(none)") + " " + options_.expected + ", " +
               b.value_or("(none)") + " " + options_.actual);
      }
    }
    compare_constraints(replayed, real, where);
    compare_indexes(replayed, real, where);
  }

  // A constraint by what it enforces. Names are compared only on PostgreSQL and only when the
  // migration wrote one: unnamed constraints get names the database chooses, and SQLite keeps
  // no names for primary and foreign keys (and invents sqlite_autoindex_* for unique ones).
  std::string signature(const TableConstraint& entry, const SchemaState& state) const {
    const auto& c = entry.constraint;
    std::string out = model::to_string(c.kind);
    // A CHECK's columns are those its expression uses: PostgreSQL lists them, the DDL does not.
    if (c.kind != model::ConstraintKind::check) {
      std::vector<std::string> columns;
      for (const auto& column : c.columns) columns.push_back(name_key(column));
      out += "(" + join(columns) + ")";
    }
    if (c.references) {
      const model::QualifiedName target = referenced_table(*c.references);
      std::vector<std::string> targets = c.references->columns;
      if (targets.empty()) {
        // REFERENCES parent without columns means the parent's primary key; the catalog
        // always names the columns.
        if (const Table* parent = state.find_table(target)) {
          for (const auto& e : table_constraints(*parent)) {
            if (e.constraint.kind == model::ConstraintKind::primary_key)
              targets = e.constraint.columns;
          }
        }
      }
      for (auto& t : targets) t = name_key(t);
      out += " -> " + state.key(target) + "(" + join(targets) + ") on delete " +
             canonical_action(c.references->on_delete) + " on update " +
             canonical_action(c.references->on_update);
    }
    if (c.kind == model::ConstraintKind::check) out += " " + canonical_expression(c.check);
    if (c.not_valid) out += " NOT VALID";
    return out;
  }

  bool compared(const TableConstraint& entry) const {
    // SQLite's catalog pragmas do not report CHECK constraints (they live only in the table's
    // CREATE text), so there is nothing to compare them with.
    return !(dialect_ == Dialect::sqlite && entry.constraint.kind == model::ConstraintKind::check);
  }

  void compare_constraints(const Table& replayed, const Table& real, const std::string& where) {
    struct Entry {
      std::string signature;
      std::string name;
      bool explicit_name;
      bool matched = false;
    };
    std::vector<Entry> mine;
    std::vector<Entry> theirs;
    for (const auto& e : table_constraints(replayed)) {
      if (compared(e)) {
        mine.push_back({signature(e, replayed_), e.constraint.name, e.explicit_name});
      }
    }
    for (const auto& e : table_constraints(real)) {
      if (compared(e)) {
        theirs.push_back({signature(e, introspected_), e.constraint.name, true});
      }
    }
    const bool names_matter = dialect_ == Dialect::postgresql;
    for (auto& m : mine) {
      for (auto& t : theirs) {
        if (t.matched || t.signature != m.signature) continue;
        if (names_matter && m.explicit_name && t.name != m.name) continue;
        t.matched = m.matched = true;
        break;
      }
    }
    for (const auto& m : mine) {
      if (!m.matched) {
        differ(where + "constraint " + (m.explicit_name ? m.name + " " : std::string()) +
               m.signature + " is " + options_.expected + " but not " + options_.actual);
      }
    }
    for (const auto& t : theirs) {
      if (!t.matched) {
        differ(where + "constraint " + t.name + " " + t.signature + " is " + options_.actual +
               " but not " + options_.expected);
      }
    }
  }

  // Index keys and predicates are deparsed by PostgreSQL (casts, parentheses), so both sides are
  // compared in canonical expression form; a plain column name compares as a name.
  std::string index_text(const Index& index) const {
    std::vector<std::string> keys;
    for (const auto& key : index.columns) keys.push_back(canonical_expression(key));
    std::string out = std::string(index.unique ? "unique " : "") + "(" + join(keys) + ")";
    // btree is PostgreSQL's default method: writing it or not makes the same index.
    const std::string method = lower(index.method) == "btree" ? "" : lower(index.method);
    if (!method.empty()) out += " using " + method;
    if (!index.where.empty()) out += " where " + canonical_expression(index.where);
    return out;
  }

  void compare_indexes(const Table& replayed, const Table& real, const std::string& where) {
    for (const auto& index : replayed.indexes) {
      const Index* other = nullptr;
      for (const auto& candidate : real.indexes) {
        if (same_name(candidate.name, index.name, dialect_)) other = &candidate;
      }
      if (!other) {
        differ(where + "index " + index.name + " is " + options_.expected + " but not " +
               options_.actual);
      } else if (index_text(index) != index_text(*other)) {
        differ(where + "index " + index.name + " is " + index_text(index) + " " +
               options_.expected + ", " + index_text(*other) + " " + options_.actual);
      }
    }
    for (const auto& index : real.indexes) {
      const bool known =
          std::any_of(replayed.indexes.begin(), replayed.indexes.end(),
                      [&](const Index& i) { return same_name(i.name, index.name, dialect_); });
      if (!known)
        differ(where + "index " + index.name + " is " + options_.actual + " but not " +
               options_.expected);
    }
  }

  void compare_views() {
    for (const View* view : replayed_.views()) {
      const View* other = introspected_.find_view(view->name);
      if (!other) {
        differ("view " + view->name.display() + " is " + options_.expected + " but not " +
               options_.actual);
        continue;
      }
      // PostgreSQL stores a view as a parse tree and prints it back rewritten (qualified
      // columns, casts, its own layout): only its existence can be compared. SQLite keeps the
      // text as written.
      if (dialect_ == Dialect::sqlite &&
          canonical_expression(view->query) != canonical_expression(other->query)) {
        differ("view " + view->name.display() + ": query differs");
      }
    }
    for (const View* view : introspected_.views()) {
      if (!replayed_.find_view(view->name)) {
        differ("view " + view->name.display() + " is " + options_.actual + " but not " +
               options_.expected);
      }
    }
  }

  void compare_enums() {
    for (const Enum* type : replayed_.enums()) {
      const Enum* other = introspected_.find_enum(type->name);
      if (!other) {
        differ("type " + type->name.display() + " is " + options_.expected + " but not " +
               options_.actual);
      } else if (other->values != type->values) {
        differ("type " + type->name.display() + ": values (" + join(type->values) + ") " +
               options_.expected + ", (" + join(other->values) + ") " + options_.actual);
      }
    }
    for (const Enum* type : introspected_.enums()) {
      if (!replayed_.find_enum(type->name)) {
        differ("type " + type->name.display() + " is " + options_.actual + " but not " +
               options_.expected);
      }
    }
  }

  const SchemaState& replayed_;
  const SchemaState& introspected_;
  CompareOptions options_;
  Dialect dialect_;
  std::vector<std::string> differences_;
};

}  // namespace

std::vector<std::string> compare(const SchemaState& replayed, const SchemaState& introspected,
                                 const CompareOptions& options) {
  return Comparer(replayed, introspected, options).run();
}

}  // namespace pm::schema
