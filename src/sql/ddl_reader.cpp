// DDL reader: one function per statement form, each all-or-nothing. A form returns its ops only
// when every token was understood, so lint and replay never act on a half-read statement.
#include "sql/ddl_reader.hpp"

#include <optional>

#include "sql/column_definition.hpp"
#include "sql/ddl_cursor.hpp"

namespace pm::sql {

namespace {

using Ops = std::vector<model::Op>;

bool at_list_end(const DdlCursor& c) { return c.at_end() || c.peek_kind(TokenKind::close_paren); }

std::optional<Ops> create_table(DdlCursor& c) {
  model::CreateTable table;
  table.if_not_exists = c.accept({"IF", "NOT", "EXISTS"});
  auto name = c.qualified_name();
  if (!name || !c.accept_kind(TokenKind::open_paren)) return std::nullopt;
  table.table = *name;
  while (!at_list_end(c)) {
    if (at_table_constraint(c)) {
      auto constraint = read_table_constraint(c);
      if (!constraint) return std::nullopt;
      table.constraints.push_back(*constraint);
    } else if (c.peek_keyword("LIKE")) {
      return std::nullopt;  // columns copied from elsewhere: unknown here
    } else {
      auto column = read_column_definition(c);
      if (!column) return std::nullopt;
      table.columns.push_back(*column);
    }
    if (!c.accept_kind(TokenKind::comma)) break;
  }
  if (!c.accept_kind(TokenKind::close_paren)) return std::nullopt;
  // Storage options (WITHOUT ROWID, STRICT, WITH (...), TABLESPACE, PARTITION BY) do not change
  // the columns; INHERITS adds columns we cannot see.
  if (c.peek_keyword("INHERITS")) return std::nullopt;
  c.skip_rest();
  return Ops{table};
}

std::optional<Ops> alter_column(DdlCursor& c, const model::QualifiedName& table) {
  c.accept("COLUMN");
  auto column = c.identifier();
  if (!column) return std::nullopt;
  model::AlterColumn alter;
  alter.table = table;
  alter.column = *column;
  if (c.accept({"SET", "DATA", "TYPE"}) || c.accept("TYPE")) {
    alter.type = read_column_type(c);
    if (!alter.type) return std::nullopt;
    if (c.accept("COLLATE") && !c.identifier()) return std::nullopt;
    if (c.accept("USING")) {
      alter.using_expr = c.expression();
      if (!alter.using_expr) return std::nullopt;
    }
  } else if (c.accept({"SET", "NOT", "NULL"})) {
    alter.nullable = false;
  } else if (c.accept({"DROP", "NOT", "NULL"})) {
    alter.nullable = true;
  } else if (c.accept({"SET", "DEFAULT"})) {
    auto value = c.expression();
    if (!value) return std::nullopt;
    alter.default_sql = std::optional<std::string>(*value);
  } else if (c.accept({"DROP", "DEFAULT"})) {
    alter.default_sql = std::optional<std::string>();
  } else {
    return std::nullopt;
  }
  return Ops{alter};
}

std::optional<Ops> alter_action(DdlCursor& c, const model::QualifiedName& table) {
  if (c.accept("ADD")) {
    if (at_table_constraint(c)) {
      auto constraint = read_table_constraint(c);
      if (!constraint) return std::nullopt;
      return Ops{model::AddConstraint{table, *constraint}};
    }
    c.accept("COLUMN");
    model::AddColumn add;
    add.table = table;
    add.if_not_exists = c.accept({"IF", "NOT", "EXISTS"});
    auto column = read_column_definition(c);
    if (!column) return std::nullopt;
    add.column = *column;
    return Ops{add};
  }
  if (c.accept("DROP")) {
    if (c.accept("CONSTRAINT")) {
      model::DropConstraint drop;
      drop.table = table;
      drop.if_exists = c.accept({"IF", "EXISTS"});
      auto name = c.identifier();
      if (!name) return std::nullopt;
      drop.name = *name;
      if (!c.accept("CASCADE")) c.accept("RESTRICT");
      return Ops{drop};
    }
    c.accept("COLUMN");
    model::DropColumn drop;
    drop.table = table;
    drop.if_exists = c.accept({"IF", "EXISTS"});
    auto name = c.identifier();
    if (!name) return std::nullopt;
    drop.column = *name;
    drop.cascade = c.accept("CASCADE");
    if (!drop.cascade) c.accept("RESTRICT");
    return Ops{drop};
  }
  if (c.accept("RENAME")) {
    if (c.accept("TO")) {
      auto name = c.identifier();
      if (!name) return std::nullopt;
      return Ops{model::RenameTable{table, *name}};
    }
    if (c.peek_keyword("CONSTRAINT")) return std::nullopt;
    c.accept("COLUMN");
    auto from = c.identifier();
    if (!from || !c.accept("TO")) return std::nullopt;
    auto to = c.identifier();
    if (!to) return std::nullopt;
    return Ops{model::RenameColumn{table, *from, *to}};
  }
  if (c.accept("ALTER")) return alter_column(c, table);
  if (c.accept({"VALIDATE", "CONSTRAINT"})) {
    auto name = c.identifier();
    if (!name) return std::nullopt;
    return Ops{model::ValidateConstraint{table, *name}};
  }
  return std::nullopt;
}

std::optional<Ops> alter_table(DdlCursor& c) {
  c.accept({"IF", "EXISTS"});
  c.accept("ONLY");
  auto table = c.qualified_name();
  if (!table) return std::nullopt;
  c.accept_operator('*');
  Ops ops;
  do {
    auto action = alter_action(c, *table);
    if (!action) return std::nullopt;
    ops.insert(ops.end(), action->begin(), action->end());
  } while (c.accept_kind(TokenKind::comma));
  return ops;
}

std::optional<Ops> create_index(DdlCursor& c, bool unique) {
  model::CreateIndex index;
  index.unique = unique;
  index.concurrently = c.accept("CONCURRENTLY");
  index.if_not_exists = c.accept({"IF", "NOT", "EXISTS"});
  std::string index_schema;
  if (!c.peek_keyword("ON")) {
    auto name = c.qualified_name();
    if (!name) return std::nullopt;
    index.name = name->name;
    index_schema = name->schema;  // SQLite writes the schema on the index name
  }
  if (!c.accept("ON")) return std::nullopt;
  c.accept("ONLY");
  auto table = c.qualified_name();
  if (!table) return std::nullopt;
  index.table = *table;
  if (index.table.schema.empty()) index.table.schema = index_schema;
  if (c.accept("USING")) {
    auto method = c.identifier();
    if (!method) return std::nullopt;
    index.method = *method;
  }
  if (!c.accept_kind(TokenKind::open_paren)) return std::nullopt;
  while (!at_list_end(c)) {
    const std::size_t first = c.position();
    auto element = c.expression();
    if (!element) return std::nullopt;
    // A lone name is a column (folded like any name); anything longer is kept as written.
    if (c.position() == first + 1) {
      c.seek(first);
      if (auto name = c.identifier()) element = *name;
      c.seek(first + 1);
    }
    index.columns.push_back(*element);
    if (!c.accept_kind(TokenKind::comma)) break;
  }
  if (!c.accept_kind(TokenKind::close_paren)) return std::nullopt;
  if (c.accept("INCLUDE") && !c.parenthesized()) return std::nullopt;
  if (c.accept("NULLS")) {
    c.accept("NOT");
    if (!c.accept("DISTINCT")) return std::nullopt;
  }
  if (c.accept("WITH") && !c.parenthesized()) return std::nullopt;
  if (c.accept("TABLESPACE") && !c.identifier()) return std::nullopt;
  if (c.accept("WHERE")) {
    index.where = c.rest();
    if (index.where.empty()) return std::nullopt;
    c.skip_rest();
  }
  return Ops{index};
}

std::optional<Ops> drop(DdlCursor& c) {
  enum class What { table, index, view, type };
  What what;
  if (c.accept("TABLE")) {
    what = What::table;
  } else if (c.accept("INDEX")) {
    what = What::index;
  } else if (c.accept("VIEW")) {
    what = What::view;
  } else if (c.accept("TYPE")) {
    what = What::type;
  } else {
    return std::nullopt;
  }
  const bool concurrently = what == What::index && c.accept("CONCURRENTLY");
  const bool if_exists = c.accept({"IF", "EXISTS"});
  std::vector<model::QualifiedName> names;
  do {
    auto name = c.qualified_name();
    if (!name) return std::nullopt;
    names.push_back(*name);
  } while (c.accept_kind(TokenKind::comma));
  const bool cascade = c.accept("CASCADE");
  if (!cascade) c.accept("RESTRICT");
  Ops ops;
  for (const auto& name : names) {
    switch (what) {
      case What::table:
        ops.push_back(model::DropTable{name, if_exists, cascade});
        break;
      case What::index:
        ops.push_back(model::DropIndex{name.name, model::QualifiedName{name.schema, ""}, if_exists,
                                       concurrently, cascade});
        break;
      case What::view:
        ops.push_back(model::DropView{name, if_exists, cascade});
        break;
      case What::type:
        ops.push_back(model::DropEnum{name, if_exists});
        break;
    }
  }
  return ops;
}

std::optional<Ops> create_view(DdlCursor& c, bool or_replace) {
  model::CreateView view;
  view.or_replace = or_replace;
  c.accept({"IF", "NOT", "EXISTS"});
  auto name = c.qualified_name();
  if (!name) return std::nullopt;
  view.view = *name;
  if (c.peek_kind(TokenKind::open_paren) && !c.parenthesized()) return std::nullopt;
  if (c.accept("WITH") && !c.parenthesized()) return std::nullopt;
  if (!c.accept("AS")) return std::nullopt;
  view.query = c.rest();
  if (view.query.empty()) return std::nullopt;
  c.skip_rest();
  return Ops{view};
}

std::optional<Ops> create_enum(DdlCursor& c) {
  model::CreateEnum type;
  auto name = c.qualified_name();
  if (!name || !c.accept({"AS", "ENUM"}) || !c.accept_kind(TokenKind::open_paren)) {
    return std::nullopt;
  }
  type.type = *name;
  while (!at_list_end(c)) {
    auto value = c.string_literal();
    if (!value) return std::nullopt;
    type.values.push_back(*value);
    if (!c.accept_kind(TokenKind::comma)) break;
  }
  if (!c.accept_kind(TokenKind::close_paren)) return std::nullopt;
  return Ops{type};
}

std::optional<Ops> insert_rows(DdlCursor& c) {
  model::InsertRows insert;
  auto table = c.qualified_name();
  if (!table) return std::nullopt;
  insert.table = *table;
  if (c.peek_kind(TokenKind::open_paren)) {
    auto columns = c.column_list();
    if (!columns) return std::nullopt;
    insert.columns = *columns;
  }
  if (!c.accept("VALUES")) return std::nullopt;
  do {
    if (!c.accept_kind(TokenKind::open_paren)) return std::nullopt;
    std::vector<std::string> row;
    while (!at_list_end(c)) {
      auto value = c.expression();
      if (!value) return std::nullopt;
      row.push_back(*value);
      if (!c.accept_kind(TokenKind::comma)) break;
    }
    if (!c.accept_kind(TokenKind::close_paren)) return std::nullopt;
    if (!insert.columns.empty() && row.size() != insert.columns.size()) return std::nullopt;
    insert.rows.push_back(std::move(row));
  } while (c.accept_kind(TokenKind::comma));
  return Ops{insert};
}

std::optional<Ops> read_ops(DdlCursor& c) {
  if (c.accept("CREATE")) {
    const bool or_replace = c.accept({"OR", "REPLACE"});
    // Temporary and unlogged objects still describe what the script does.
    if (!c.accept("TEMP") && !c.accept("TEMPORARY")) c.accept("UNLOGGED");
    if (!or_replace && c.accept("TABLE")) return create_table(c);
    if (!or_replace && c.accept({"UNIQUE", "INDEX"})) return create_index(c, true);
    if (!or_replace && c.accept("INDEX")) return create_index(c, false);
    if (c.accept("VIEW")) return create_view(c, or_replace);
    if (!or_replace && c.accept("TYPE")) return create_enum(c);
    return std::nullopt;
  }
  if (c.accept({"ALTER", "TABLE"})) return alter_table(c);
  if (c.accept("DROP")) return drop(c);
  if (c.accept({"INSERT", "INTO"})) return insert_rows(c);
  return std::nullopt;
}

}  // namespace

std::vector<model::OpStep> read_ddl(const Statement& statement, model::Dialect dialect) {
  DdlCursor cursor(statement.text, dialect);
  if (!cursor.lexed()) return {};
  auto ops = read_ops(cursor);
  if (!ops || ops->empty() || !cursor.at_end()) return {};
  std::vector<model::OpStep> steps;
  for (auto& op : *ops) {
    steps.push_back(model::OpStep{std::move(op), steps.empty() ? statement.text : std::string(),
                                  statement.line});
  }
  return steps;
}

}  // namespace pm::sql
