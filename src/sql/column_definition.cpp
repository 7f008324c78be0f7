// Column and constraint grammar shared by CREATE TABLE and ALTER TABLE ... ADD. Any clause not
// listed here makes the whole definition "not understood" rather than half-read.
#include "sql/column_definition.hpp"

#include <initializer_list>
#include <string>
#include <vector>

#include "sql/column_type.hpp"

namespace pm::sql {

namespace {

// Words that end a type and start a column constraint (or an ALTER ... TYPE clause).
bool at_type_end(const DdlCursor& c) {
  for (std::string_view keyword :
       {"CONSTRAINT", "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK",
        "GENERATED", "COLLATE", "AS", "AUTOINCREMENT", "ON", "USING", "DEFERRABLE", "INITIALLY"}) {
    if (c.peek_keyword(keyword)) return true;
  }
  return false;
}

bool at_element_end(const DdlCursor& c) {
  return c.at_end() || c.peek_kind(TokenKind::comma) || c.peek_kind(TokenKind::close_paren);
}

// SQLite: ON CONFLICT ROLLBACK|ABORT|FAIL|IGNORE|REPLACE after a constraint.
bool skip_conflict_clause(DdlCursor& c) {
  if (!c.accept({"ON", "CONFLICT"})) return true;
  return c.identifier().has_value();
}

bool skip_deferrable(DdlCursor& c) {
  while (true) {
    if (c.accept("DEFERRABLE") || c.accept({"NOT", "DEFERRABLE"})) continue;
    if (!c.accept("INITIALLY")) return true;
    if (!c.accept("DEFERRED") && !c.accept("IMMEDIATE")) return false;
  }
}

std::optional<std::string> read_action(DdlCursor& c) {
  if (c.accept("CASCADE")) return "CASCADE";
  if (c.accept("RESTRICT")) return "RESTRICT";
  if (c.accept({"NO", "ACTION"})) return "NO ACTION";
  if (c.accept({"SET", "NULL"})) return "SET NULL";
  if (c.accept({"SET", "DEFAULT"})) return "SET DEFAULT";
  return std::nullopt;
}

std::string lower(std::string text) {
  for (char& ch : text) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return text;
}

}  // namespace

std::optional<model::ColumnType> read_column_type(DdlCursor& c) {
  const std::size_t first = c.position();
  std::string name;
  std::vector<int> args;
  bool array = false;
  while (!at_element_end(c)) {
    if (c.peek_kind(TokenKind::word) && !at_type_end(c)) {
      if (c.accept("ARRAY")) {
        array = true;
        continue;
      }
      const std::size_t at = c.position();
      auto word = c.identifier();
      std::string part = lower(c.text_between(at, at));
      if (c.accept_kind(TokenKind::dot)) {
        auto second = c.identifier();
        if (!second) return std::nullopt;
        part = *word + "." + *second;  // schema-qualified type: never a built-in
      }
      name += (name.empty() ? "" : " ") + part;
    } else if (c.peek_kind(TokenKind::quoted_identifier)) {
      auto quoted = c.identifier();
      if (c.accept_kind(TokenKind::dot)) {
        auto second = c.identifier();
        if (!second) return std::nullopt;
        *quoted += "." + *second;
      }
      name += (name.empty() ? "\"" : " \"") + *quoted + "\"";
    } else if (!name.empty() && c.peek_kind(TokenKind::open_paren)) {
      auto inside = c.parenthesized();
      if (!inside) return std::nullopt;
      // Numeric arguments only; anything else (varchar(max)) stays in `native`.
      std::size_t pos = 0;
      while (pos < inside->size()) {
        const std::size_t comma = inside->find(',', pos);
        const std::string item =
            inside->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        try {
          args.push_back(std::stoi(item));
        } catch (...) {
          args.clear();
          break;
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    } else if (!name.empty() && c.accept_operator('[')) {
      while (c.accept_kind(TokenKind::number)) {
      }
      if (!c.accept_operator(']')) return std::nullopt;
      array = true;
    } else {
      break;
    }
  }
  if (name.empty()) return std::nullopt;
  return map_column_type(name, args, array, c.text_between(first, c.position() - 1));
}

std::optional<model::ForeignKeyRef> read_references(DdlCursor& c) {
  if (!c.accept("REFERENCES")) return std::nullopt;
  auto table = c.qualified_name();
  if (!table) return std::nullopt;
  model::ForeignKeyRef ref;
  ref.table = table->display();
  if (c.peek_kind(TokenKind::open_paren)) {
    auto columns = c.column_list();
    if (!columns) return std::nullopt;
    ref.columns = *columns;
  }
  while (true) {
    if (c.accept({"ON", "DELETE"})) {
      auto action = read_action(c);
      if (!action) return std::nullopt;
      ref.on_delete = *action;
    } else if (c.accept({"ON", "UPDATE"})) {
      auto action = read_action(c);
      if (!action) return std::nullopt;
      ref.on_update = *action;
    } else if (c.accept("MATCH")) {
      if (!c.identifier()) return std::nullopt;
    } else if (c.peek_keyword("DEFERRABLE") || c.peek_keyword("INITIALLY") ||
               (c.peek_keyword("NOT") && c.peek_keyword("DEFERRABLE", 1))) {
      if (!skip_deferrable(c)) return std::nullopt;
    } else {
      return ref;
    }
  }
}

std::optional<model::Column> read_column_definition(DdlCursor& c) {
  model::Column column;
  auto name = c.identifier();
  if (!name) return std::nullopt;
  column.name = *name;
  if (auto type = read_column_type(c)) column.type = *type;
  const bool postgres = c.dialect() == model::Dialect::postgresql;
  if (column.type.kind == model::LogicalType::serial ||
      column.type.kind == model::LogicalType::bigserial) {
    column.autoincrement = true;  // serial is "integer NOT NULL DEFAULT nextval(...)"
    column.nullable = false;
  }
  while (!at_element_end(c)) {
    if (c.accept("CONSTRAINT")) {
      if (!c.identifier()) return std::nullopt;
    } else if (c.accept({"NOT", "NULL"})) {
      column.nullable = false;
      if (!skip_conflict_clause(c)) return std::nullopt;
    } else if (c.accept("NULL")) {
      column.nullable = true;
    } else if (c.accept("DEFAULT")) {
      auto value = c.expression({"CONSTRAINT", "NOT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES",
                                 "CHECK", "GENERATED", "COLLATE"});
      if (!value) return std::nullopt;
      column.default_sql = *value;
    } else if (c.accept({"PRIMARY", "KEY"})) {
      column.primary = true;
      if (!c.accept("ASC")) c.accept("DESC");
      if (!skip_conflict_clause(c)) return std::nullopt;
      if (c.accept("AUTOINCREMENT")) column.autoincrement = true;
      // PostgreSQL primary keys are NOT NULL; SQLite only enforces it for INTEGER PRIMARY KEY
      // (the rowid alias), a long-standing quirk it keeps for compatibility.
      if (postgres || is_keyword(column.type.native, "INTEGER")) column.nullable = false;
    } else if (c.accept("UNIQUE")) {
      column.unique = true;
      if (c.accept("NULLS")) {
        c.accept("NOT");
        if (!c.accept("DISTINCT")) return std::nullopt;
      }
      if (!skip_conflict_clause(c)) return std::nullopt;
    } else if (c.peek_keyword("REFERENCES")) {
      column.references = read_references(c);
      if (!column.references) return std::nullopt;
    } else if (c.accept("CHECK")) {
      column.check = c.parenthesized();
      if (!column.check) return std::nullopt;
      c.accept({"NO", "INHERIT"});
    } else if (c.accept("GENERATED")) {
      if (!c.accept("ALWAYS") && !c.accept({"BY", "DEFAULT"})) return std::nullopt;
      if (!c.accept("AS")) return std::nullopt;
      if (c.accept("IDENTITY")) {
        column.autoincrement = true;
        column.nullable = false;
        if (c.peek_kind(TokenKind::open_paren) && !c.parenthesized()) return std::nullopt;
      } else {
        column.generated = c.parenthesized();
        if (!column.generated) return std::nullopt;
        if (!c.accept("STORED")) c.accept("VIRTUAL");
      }
    } else if (!postgres && c.accept("AS")) {
      column.generated = c.parenthesized();
      if (!column.generated) return std::nullopt;
      if (!c.accept("STORED")) c.accept("VIRTUAL");
    } else if (c.accept("COLLATE")) {
      if (!c.identifier()) return std::nullopt;
    } else if (c.accept("AUTOINCREMENT")) {
      column.autoincrement = true;
    } else if (c.peek_keyword("DEFERRABLE") || c.peek_keyword("INITIALLY") ||
               (c.peek_keyword("NOT") && c.peek_keyword("DEFERRABLE", 1))) {
      if (!skip_deferrable(c)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return column;
}

bool at_table_constraint(const DdlCursor& c) {
  return c.peek_keyword("CONSTRAINT") || c.peek_keyword("PRIMARY") || c.peek_keyword("UNIQUE") ||
         c.peek_keyword("FOREIGN") || c.peek_keyword("CHECK") || c.peek_keyword("EXCLUDE");
}

std::optional<model::Constraint> read_table_constraint(DdlCursor& c) {
  model::Constraint constraint;
  if (c.accept("CONSTRAINT")) {
    auto name = c.identifier();
    if (!name) return std::nullopt;
    constraint.name = *name;
  }
  if (c.accept({"PRIMARY", "KEY"})) {
    constraint.kind = model::ConstraintKind::primary_key;
    auto columns = c.column_list();
    if (!columns) return std::nullopt;
    constraint.columns = *columns;
  } else if (c.accept("UNIQUE")) {
    constraint.kind = model::ConstraintKind::unique;
    if (c.accept("NULLS")) {
      c.accept("NOT");
      if (!c.accept("DISTINCT")) return std::nullopt;
    }
    auto columns = c.column_list();
    if (!columns) return std::nullopt;
    constraint.columns = *columns;
  } else if (c.accept({"FOREIGN", "KEY"})) {
    constraint.kind = model::ConstraintKind::foreign_key;
    auto columns = c.column_list();
    if (!columns) return std::nullopt;
    constraint.columns = *columns;
    constraint.references = read_references(c);
    if (!constraint.references) return std::nullopt;
  } else if (c.accept("CHECK")) {
    constraint.kind = model::ConstraintKind::check;
    auto check = c.parenthesized();
    if (!check) return std::nullopt;
    constraint.check = *check;
    c.accept({"NO", "INHERIT"});
  } else {
    return std::nullopt;  // EXCLUDE and anything else: not modelled
  }
  while (!at_element_end(c)) {
    if (c.accept({"NOT", "VALID"})) {
      constraint.not_valid = true;
    } else if (c.accept({"ON", "CONFLICT"})) {
      if (!c.identifier()) return std::nullopt;
    } else if (c.peek_keyword("DEFERRABLE") || c.peek_keyword("INITIALLY") ||
               (c.peek_keyword("NOT") && c.peek_keyword("DEFERRABLE", 1))) {
      if (!skip_deferrable(c)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return constraint;
}

}  // namespace pm::sql
