#include "adapters/alembic/op_translator.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <set>

#include "adapters/alembic/sa_types.hpp"

namespace pm::alembic {

namespace {

// Thrown inside one statement's translation; the statement then becomes an Opaque step.
struct Untranslatable {
  std::string reason;
};

[[noreturn]] void give_up(std::string reason) { throw Untranslatable{std::move(reason)}; }

std::string last_segment(const std::string& dotted) {
  auto dot = dotted.rfind('.');
  return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

std::string callee_name(const parse::SyntaxTree& tree, TSNode call) {
  return is_type(call, "call") ? dotted_name(tree, field(call, "function")) : std::string();
}

// A call whose function is `sa.X`, `sqlalchemy.X`, `sa.sql.X`... or a bare imported `X`.
bool is_sa_call(const parse::SyntaxTree& tree, TSNode node, std::string_view name) {
  return is_type(node, "call") && last_segment(callee_name(tree, node)) == name;
}

class Translator {
 public:
  Translator(const parse::SyntaxTree& tree, const TranslationContext& context)
      : tree_(tree), context_(context) {}

  TranslatedBody run(TSNode block) {
    auto statements = named_children(block);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      TSNode statement = statements[i];
      if (i == 0 && docstring(tree_, block)) continue;
      statement_(statement);
    }
    return std::move(out_);
  }

 private:
  const parse::SyntaxTree& tree_;
  const TranslationContext& context_;
  TranslatedBody out_;
  std::map<std::string, TSNode> local_tables_;

  // ---- values -----------------------------------------------------------------------------

  std::string text(TSNode node) const { return std::string(tree_.text(node)); }

  PyValue literal(TSNode node, const std::string& what) const {
    auto value = literal_value(tree_, node);
    if (!value) give_up(what + " is not a literal (" + text(node) + ")");
    return *value;
  }

  std::string string_arg(TSNode node, const std::string& what) const {
    // op.f('name') marks a name as final (no naming convention): the name is the string.
    const std::string callee = callee_name(tree_, node);
    if (is_type(node, "call") &&
        (callee == "op.f" ||
         (callee.size() > 2 && callee.compare(callee.size() - 2, 2, ".f") == 0))) {
      auto args = call_args(tree_, node);
      if (args.positional.size() == 1) return string_arg(args.positional[0], what);
    }
    PyValue value = literal(node, what);
    if (!value.is_string()) give_up(what + " is not a string");
    return value.text;
  }

  std::optional<std::string> optional_string(const TSNode* node, const std::string& what) const {
    if (!node) return std::nullopt;
    PyValue value = literal(*node, what);
    if (value.kind == PyValue::Kind::none) return std::nullopt;
    return string_arg(*node, what);
  }

  bool bool_arg(const TSNode* node, bool fallback, const std::string& what) const {
    if (!node) return fallback;
    PyValue value = literal(*node, what);
    if (value.kind == PyValue::Kind::none) return fallback;
    if (value.kind != PyValue::Kind::boolean) give_up(what + " is not True or False");
    return value.boolean;
  }

  std::vector<std::string> string_list(TSNode node, const std::string& what) const {
    PyValue value = literal(node, what);
    if (value.is_string()) return {value.text};
    if (!value.is_sequence()) give_up(what + " is not a list of names");
    std::vector<std::string> out;
    for (const auto& item : value.items) {
      if (!item.is_string()) give_up(what + " holds a value that is not a name");
      out.push_back(item.text);
    }
    return out;
  }

  // An SQL expression: a string or sa.text('...'). SQLAlchemy expression objects are not read.
  std::string sql_text(TSNode node, const std::string& what) const {
    if (is_sa_call(tree_, node, "text")) {
      auto args = call_args(tree_, node);
      if (args.positional.size() != 1) give_up(what + ": sa.text with unexpected arguments");
      return unescape_colons(string_arg(args.positional[0], what));
    }
    return string_arg(node, what);
  }

  // TextClause sends "\:name" as ":name" (the backslash keeps it from being a bind parameter).
  static std::string unescape_colons(const std::string& sql) {
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      const bool escape = sql[i] == '\\' && i + 2 < sql.size() && sql[i + 1] == ':' &&
                          (std::isalnum(static_cast<unsigned char>(sql[i + 2])) ||
                           sql[i + 2] == '_' || static_cast<unsigned char>(sql[i + 2]) >= 0x80);
      if (!escape) out += sql[i];
    }
    return out;
  }

  // server_default: a string is a quoted literal (SQLAlchemy renders it so), sa.text() is SQL
  // as written, sa.func.name() is a function call.
  std::string server_default(TSNode node) const {
    if (is_sa_call(tree_, node, "text")) return sql_text(node, "server_default");
    if (is_type(node, "call")) {
      std::string callee = callee_name(tree_, node);
      auto dot = callee.rfind(".func.");
      if (dot != std::string::npos || callee.rfind("func.", 0) == 0) {
        auto args = call_args(tree_, node);
        if (!args.positional.empty() || !args.keywords.empty())
          give_up("server_default calls a function with arguments");
        return last_segment(callee) + "()";
      }
      if (last_segment(callee) == "literal_column")
        return sql_text(call_args(tree_, node).positional.at(0), "literal_column");
      give_up("server_default is an expression polymigrate does not read (" + text(node) + ")");
    }
    PyValue value = literal(node, "server_default");
    if (!value.is_string()) give_up("server_default is not a string or sa.text()");
    return quote_literal(value.text);
  }

  static std::string quote_literal(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }

  model::QualifiedName table_name(TSNode name, const TSNode* schema) const {
    return {optional_string(schema, "schema").value_or(""), string_arg(name, "table name")};
  }

  static void check_arguments(const CallArgs& args, const std::string& call) {
    if (args.unpacked) give_up(call + " is called with *args or **kwargs");
  }

  // Keywords polymigrate reads, plus the ones that do not change the schema on SQLite or
  // PostgreSQL (other dialects' options, comments on existing state). Anything else means the
  // call does something the model would lose.
  static void check_keywords(const CallArgs& args, const std::string& call,
                             std::initializer_list<std::string_view> known) {
    for (const auto& [name, node] : args.keywords) {
      (void)node;
      bool ok = name.rfind("mysql_", 0) == 0 || name.rfind("mssql_", 0) == 0 ||
                name.rfind("oracle_", 0) == 0 || name.rfind("mariadb_", 0) == 0 ||
                name.rfind("existing_", 0) == 0 || name == "info";
      for (auto k : known) ok = ok || name == k;
      if (!ok) give_up(call + ": argument '" + name + "' is not translated");
    }
  }

  // ---- columns and constraints --------------------------------------------------------------

  struct ColumnDef {
    model::Column column;
    bool index = false;
    bool index_unique = false;
    std::optional<bool> autoincrement;
  };

  model::ForeignKeyRef foreign_key_target(const std::string& spec, const std::string& what) const {
    auto dot = spec.rfind('.');
    if (dot == std::string::npos) give_up(what + " '" + spec + "' is not table.column");
    return {spec.substr(0, dot), {spec.substr(dot + 1)}, {}, {}};
  }

  void fk_actions(const CallArgs& args, model::ForeignKeyRef& ref) const {
    if (auto v = optional_string(args.keyword("ondelete"), "ondelete")) ref.on_delete = upper(*v);
    if (auto v = optional_string(args.keyword("onupdate"), "onupdate")) ref.on_update = upper(*v);
  }

  static std::string upper(std::string value) {
    for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return value;
  }

  ColumnDef column(TSNode node) const {
    if (!is_sa_call(tree_, node, "Column")) give_up("a column that is not sa.Column(...)");
    auto args = call_args(tree_, node);
    check_arguments(args, "sa.Column");
    check_keywords(args, "sa.Column",
                   {"nullable", "primary_key", "server_default", "autoincrement", "unique", "index",
                    "comment", "type_", "name", "default", "doc"});
    ColumnDef def;
    std::size_t next = 0;
    if (const TSNode* name = args.keyword("name"))
      def.column.name = string_arg(*name, "column name");
    else if (!args.positional.empty() && !looks_like_type(tree_, args.positional[0]))
      def.column.name = string_arg(args.positional[next++], "column name");
    if (def.column.name.empty()) give_up("sa.Column without a name");

    std::optional<TSNode> type_node;
    if (const TSNode* t = args.keyword("type_"))
      type_node = *t;
    else if (next < args.positional.size() && looks_like_type(tree_, args.positional[next]))
      type_node = args.positional[next++];
    else if (next < args.positional.size() &&
             !is_sa_call(tree_, args.positional[next], "ForeignKey"))
      type_node = args.positional[next++];
    if (!type_node)
      give_up("column '" + def.column.name +
              "' has no type (SQLAlchemy takes it from a ForeignKey)");
    std::string why;
    auto type = sa_column_type(tree_, *type_node, why);
    if (!type) give_up("column '" + def.column.name + "': " + why);
    def.column.type = *type;

    for (; next < args.positional.size(); ++next) {
      TSNode extra = args.positional[next];
      if (is_sa_call(tree_, extra, "ForeignKey")) {
        auto fk_args = call_args(tree_, extra);
        check_arguments(fk_args, "sa.ForeignKey");
        check_keywords(fk_args, "sa.ForeignKey", {"ondelete", "onupdate", "name"});
        if (fk_args.positional.empty()) give_up("sa.ForeignKey without a target");
        auto ref = foreign_key_target(string_arg(fk_args.positional[0], "ForeignKey target"),
                                      "ForeignKey target");
        fk_actions(fk_args, ref);
        def.column.references = ref;
      } else if (is_sa_call(tree_, extra, "CheckConstraint")) {
        auto check_args = call_args(tree_, extra);
        check_arguments(check_args, "sa.CheckConstraint");
        check_keywords(check_args, "sa.CheckConstraint", {});
        if (check_args.positional.size() != 1) give_up("sa.CheckConstraint needs one condition");
        def.column.check = sql_text(check_args.positional[0], "check condition");
      } else if (is_sa_call(tree_, extra, "Identity") || is_sa_call(tree_, extra, "Sequence")) {
        give_up("column '" + def.column.name + "' uses " + text(field(extra, "function")) +
                ", which is not translated");
      } else {
        give_up("column '" + def.column.name + "' has an argument polymigrate does not read (" +
                text(extra) + ")");
      }
    }

    def.column.primary = bool_arg(args.keyword("primary_key"), false, "primary_key");
    def.column.nullable = bool_arg(args.keyword("nullable"), !def.column.primary, "nullable");
    def.column.unique = bool_arg(args.keyword("unique"), false, "unique");
    def.index = bool_arg(args.keyword("index"), false, "index");
    if (const TSNode* d = args.keyword("server_default")) {
      auto value = literal_value(tree_, *d);
      if (!value || value->kind != PyValue::Kind::none) def.column.default_sql = server_default(*d);
    }
    if (args.keyword("default")) {
      // A Python-side default: SQLAlchemy applies it on INSERT from Python, never in DDL.
    }
    if (const TSNode* a = args.keyword("autoincrement")) {
      auto value = literal_value(tree_, *a);
      if (value && value->kind == PyValue::Kind::boolean) def.autoincrement = value->boolean;
    }
    return def;
  }

  model::Constraint table_constraint(TSNode node, const std::string& call) const {
    model::Constraint c;
    auto args = call_args(tree_, node);
    check_arguments(args, call);
    if (auto name = optional_string(args.keyword("name"), "constraint name")) c.name = *name;
    if (is_sa_call(tree_, node, "PrimaryKeyConstraint") ||
        is_sa_call(tree_, node, "UniqueConstraint")) {
      check_keywords(args, call, {"name", "deferrable", "initially"});
      c.kind = is_sa_call(tree_, node, "UniqueConstraint") ? model::ConstraintKind::unique
                                                           : model::ConstraintKind::primary_key;
      for (TSNode column : args.positional)
        c.columns.push_back(string_arg(column, "constraint column"));
      return c;
    }
    if (is_sa_call(tree_, node, "ForeignKeyConstraint")) {
      check_keywords(args, call, {"name", "ondelete", "onupdate"});
      if (args.positional.size() != 2)
        give_up("sa.ForeignKeyConstraint needs its two column lists");
      c.kind = model::ConstraintKind::foreign_key;
      c.columns = string_list(args.positional[0], "foreign key columns");
      model::ForeignKeyRef ref;
      for (const auto& target : string_list(args.positional[1], "referenced columns")) {
        auto one = foreign_key_target(target, "referenced column");
        if (!ref.table.empty() && ref.table != one.table) give_up("foreign key to several tables");
        ref.table = one.table;
        ref.columns.push_back(one.columns[0]);
      }
      fk_actions(args, ref);
      c.references = ref;
      return c;
    }
    if (is_sa_call(tree_, node, "CheckConstraint")) {
      check_keywords(args, call, {"name"});
      if (args.positional.size() != 1) give_up("sa.CheckConstraint needs one condition");
      c.kind = model::ConstraintKind::check;
      c.check = sql_text(args.positional[0], "check condition");
      return c;
    }
    give_up("table element " + text(node) + " is not translated");
  }

  model::CreateIndex index_from_sa_index(TSNode node, const model::QualifiedName& table) const {
    auto args = call_args(tree_, node);
    check_arguments(args, "sa.Index");
    check_keywords(args, "sa.Index",
                   {"unique", "postgresql_where", "postgresql_using", "sqlite_where"});
    if (args.positional.empty()) give_up("sa.Index without a name");
    model::CreateIndex index;
    index.name = string_arg(args.positional[0], "index name");
    index.table = table;
    for (std::size_t i = 1; i < args.positional.size(); ++i)
      index.columns.push_back(index_column(args.positional[i]));
    index.unique = bool_arg(args.keyword("unique"), false, "unique");
    index.where = index_where(args);
    if (auto using_ = optional_string(args.keyword("postgresql_using"), "postgresql_using"))
      index.method = *using_;
    return index;
  }

  // A partial index's predicate: postgresql_where, else sqlite_where (the model keeps one).
  std::string index_where(const CallArgs& args) const {
    if (const TSNode* where = args.keyword("postgresql_where"))
      return sql_text(*where, "postgresql_where");
    if (const TSNode* where = args.keyword("sqlite_where")) return sql_text(*where, "sqlite_where");
    return {};
  }

  std::string index_column(TSNode node) const {
    if (is_sa_call(tree_, node, "text")) return sql_text(node, "index expression");
    return string_arg(node, "index column");
  }

  // ---- op calls -----------------------------------------------------------------------------

  using Ops = std::vector<model::Op>;

  // `batch_table` is set inside `with op.batch_alter_table(...) as b:`, where calls omit the table.
  Ops op_call(const std::string& name, TSNode call,
              const std::optional<model::QualifiedName>& batch_table) const {
    auto args = call_args(tree_, call);
    const std::string what = (batch_table ? "batch_op." : "op.") + name;
    check_arguments(args, what);
    // In a batch, positional arguments start after the (implicit) table name.
    std::vector<TSNode> pos = args.positional;
    auto arg = [&](std::size_t index, std::string_view keyword) -> const TSNode* {
      if (const TSNode* k = args.keyword(keyword)) return k;
      return index < pos.size() ? &pos[index] : nullptr;
    };
    auto need = [&](std::size_t index, std::string_view keyword) -> TSNode {
      const TSNode* node = arg(index, keyword);
      if (!node) give_up(what + " is missing its '" + std::string(keyword) + "' argument");
      return *node;
    };
    const TSNode* schema_kw = args.keyword("schema");
    // Table-taking ops: in batch mode the table comes from the `with`, otherwise from argument
    // `table_index`.
    auto table_at = [&](std::size_t table_index, std::string_view keyword) -> model::QualifiedName {
      if (batch_table) return *batch_table;
      return table_name(need(table_index, keyword), schema_kw);
    };
    const std::size_t shift = batch_table ? 1 : 0;  // positions lost to the implicit table
    auto at = [&](std::size_t index) { return index - shift; };

    Ops ops;
    if (name == "create_table" && !batch_table) {
      check_keywords(args, what,
                     {"schema", "if_not_exists", "comment", "prefixes", "sqlite_autoincrement",
                      "postgresql_partition_by"});
      if (args.keyword("prefixes") || args.keyword("postgresql_partition_by"))
        give_up(what + ": table options are not translated");
      model::CreateTable create;
      create.table = table_name(need(0, "table_name"), schema_kw);
      create.if_not_exists = bool_arg(args.keyword("if_not_exists"), false, "if_not_exists");
      Ops after;
      std::vector<std::size_t> pk_columns;
      std::vector<std::optional<bool>> explicit_autoincrement;
      for (std::size_t i = 1; i < pos.size(); ++i) {
        TSNode item = pos[i];
        if (is_sa_call(tree_, item, "Column")) {
          ColumnDef def = column(item);
          if (def.column.primary) pk_columns.push_back(create.columns.size());
          if (def.index) after.push_back(column_index(create.table, def));
          create.columns.push_back(std::move(def.column));
          explicit_autoincrement.push_back(def.autoincrement);
          set_autoincrement(create.columns.back(), def);
        } else if (is_sa_call(tree_, item, "Index")) {
          after.push_back(index_from_sa_index(item, create.table));
        } else {
          create.constraints.push_back(
              table_constraint(item, last_segment(callee_name(tree_, item))));
        }
      }
      // SQLAlchemy writes one table-level PRIMARY KEY for several primary_key=True columns.
      if (pk_columns.size() > 1) {
        model::Constraint pk;
        pk.kind = model::ConstraintKind::primary_key;
        for (std::size_t i : pk_columns) {
          create.columns[i].primary = false;
          create.columns[i].autoincrement = false;
          pk.columns.push_back(create.columns[i].name);
        }
        create.constraints.insert(create.constraints.begin(), pk);
      }
      if (pk_columns.empty()) constraint_autoincrement(create, explicit_autoincrement);
      if (!bool_arg(args.keyword("sqlite_autoincrement"), false, "sqlite_autoincrement"))
        for (auto& column : create.columns) as_serial(column);
      ops.push_back(std::move(create));
      ops.insert(ops.end(), std::make_move_iterator(after.begin()),
                 std::make_move_iterator(after.end()));
    } else if (name == "drop_table" && !batch_table) {
      check_keywords(args, what, {"schema", "if_exists"});
      ops.push_back(model::DropTable{table_name(need(0, "table_name"), schema_kw),
                                     bool_arg(args.keyword("if_exists"), false, "if_exists"),
                                     false});
    } else if (name == "rename_table" && !batch_table) {
      check_keywords(args, what, {"schema"});
      ops.push_back(model::RenameTable{table_name(need(0, "old_table_name"), schema_kw),
                                       string_arg(need(1, "new_table_name"), "new table name")});
    } else if (name == "add_column") {
      check_keywords(args, what, {"schema", "if_not_exists", "insert_before", "insert_after"});
      auto table = table_at(0, "table_name");
      ColumnDef def = column(need(at(1), "column"));
      if (def.column.primary) give_up(what + ": adding a primary key column is not translated");
      ops.push_back(model::AddColumn{
          table, def.column, bool_arg(args.keyword("if_not_exists"), false, "if_not_exists")});
      if (def.index) ops.push_back(column_index(table, def));
    } else if (name == "drop_column") {
      check_keywords(args, what, {"schema", "if_exists"});
      auto table = table_at(0, "table_name");
      ops.push_back(model::DropColumn{table, string_arg(need(at(1), "column_name"), "column name"),
                                      bool_arg(args.keyword("if_exists"), false, "if_exists"),
                                      false});
    } else if (name == "alter_column") {
      check_keywords(args, what,
                     {"schema", "nullable", "server_default", "new_column_name", "type_", "comment",
                      "postgresql_using", "autoincrement"});
      if (args.keyword("autoincrement"))
        give_up(what + ": changing autoincrement is not translated");
      if (const TSNode* comment = args.keyword("comment")) {
        auto v = literal_value(tree_, *comment);
        if (!v || !(v->kind == PyValue::Kind::boolean && !v->boolean))
          give_up(what + ": column comments are not in the model");
      }
      model::AlterColumn alter;
      alter.table = table_at(0, "table_name");
      alter.column = string_arg(need(at(1), "column_name"), "column name");
      if (const TSNode* t = args.keyword("type_")) {
        std::string why;
        auto type = sa_column_type(tree_, *t, why);
        if (!type) give_up(what + ": " + why);
        alter.type = *type;
      }
      if (const TSNode* n = args.keyword("nullable")) {
        auto v = literal_value(tree_, *n);
        if (!v || (v->kind != PyValue::Kind::boolean && v->kind != PyValue::Kind::none))
          give_up(what + ": nullable is not a literal");
        if (v->kind == PyValue::Kind::boolean) alter.nullable = v->boolean;
      }
      if (const TSNode* d = args.keyword("server_default")) {
        auto v = literal_value(tree_, *d);
        // server_default=False (the default) means "leave it"; None means DROP DEFAULT.
        if (v && v->kind == PyValue::Kind::none)
          alter.default_sql = std::optional<std::string>();
        else if (!(v && v->kind == PyValue::Kind::boolean && !v->boolean))
          alter.default_sql = std::optional<std::string>(server_default(*d));
      }
      if (const TSNode* u = args.keyword("postgresql_using"))
        alter.using_expr = sql_text(*u, "postgresql_using");
      if (alter.type || alter.nullable || alter.default_sql) ops.push_back(alter);
      if (auto rename = optional_string(args.keyword("new_column_name"), "new_column_name"))
        ops.push_back(model::RenameColumn{alter.table, alter.column, *rename});
    } else if (name == "create_index") {
      check_keywords(
          args, what,
          {"schema", "unique", "if_not_exists", "postgresql_concurrently", "postgresql_where",
           "postgresql_using", "sqlite_where", "postgresql_include"});
      if (args.keyword("postgresql_include"))
        give_up(what + ": INCLUDE columns are not translated");
      model::CreateIndex index;
      auto name_node = need(0, "index_name");
      auto name_value = literal_value(tree_, name_node);
      if (name_value && name_value->kind == PyValue::Kind::none)
        give_up(what + ": an unnamed index needs SQLAlchemy's naming convention");
      index.name = string_arg(name_node, "index name");
      index.table = batch_table ? *batch_table : table_name(need(1, "table_name"), schema_kw);
      TSNode columns = need(batch_table ? 1 : 2, "columns");
      if (is_type(columns, "list") || is_type(columns, "tuple")) {
        for (TSNode c : named_children(columns)) index.columns.push_back(index_column(c));
      } else {
        index.columns.push_back(index_column(columns));
      }
      index.unique = bool_arg(args.keyword("unique"), false, "unique");
      index.if_not_exists = bool_arg(args.keyword("if_not_exists"), false, "if_not_exists");
      index.concurrently =
          bool_arg(args.keyword("postgresql_concurrently"), false, "postgresql_concurrently");
      index.where = index_where(args);
      if (auto using_ = optional_string(args.keyword("postgresql_using"), "postgresql_using"))
        index.method = *using_;
      ops.push_back(index);
    } else if (name == "drop_index") {
      check_keywords(args, what, {"schema", "table_name", "if_exists", "postgresql_concurrently"});
      model::DropIndex drop;
      drop.name = string_arg(need(0, "index_name"), "index name");
      if (batch_table) {
        drop.table = *batch_table;
      } else if (const TSNode* t = arg(1, "table_name")) {
        drop.table = table_name(*t, schema_kw);
      } else {
        drop.table.schema = optional_string(schema_kw, "schema").value_or("");
      }
      drop.if_exists = bool_arg(args.keyword("if_exists"), false, "if_exists");
      drop.concurrently =
          bool_arg(args.keyword("postgresql_concurrently"), false, "postgresql_concurrently");
      ops.push_back(drop);
    } else if (name == "create_foreign_key") {
      check_keywords(args, what,
                     {"source_schema", "referent_schema", "ondelete", "onupdate", "deferrable",
                      "initially", "match"});
      if (args.keyword("deferrable") || args.keyword("initially") || args.keyword("match"))
        give_up(what + ": DEFERRABLE / INITIALLY / MATCH are not in the model");
      model::Constraint c;
      c.kind = model::ConstraintKind::foreign_key;
      c.name = optional_string(arg(0, "constraint_name"), "constraint name").value_or("");
      model::QualifiedName source =
          batch_table ? *batch_table
                      : table_name(need(1, "source_table"), args.keyword("source_schema"));
      model::QualifiedName referent =
          table_name(need(batch_table ? 1 : 2, "referent_table"), args.keyword("referent_schema"));
      c.columns = string_list(need(batch_table ? 2 : 3, "local_cols"), "local columns");
      model::ForeignKeyRef ref;
      ref.table = referent.display();
      ref.columns = string_list(need(batch_table ? 3 : 4, "remote_cols"), "remote columns");
      fk_actions(args, ref);
      c.references = ref;
      ops.push_back(model::AddConstraint{source, c});
    } else if (name == "create_unique_constraint" || name == "create_primary_key") {
      check_keywords(args, what, {"schema", "deferrable", "initially"});
      if (args.keyword("deferrable") || args.keyword("initially"))
        give_up(what + ": DEFERRABLE is not in the model");
      model::Constraint c;
      c.kind = name == "create_primary_key" ? model::ConstraintKind::primary_key
                                            : model::ConstraintKind::unique;
      c.name = optional_string(arg(0, "constraint_name"), "constraint name").value_or("");
      auto table = table_at(1, "table_name");
      c.columns = string_list(need(batch_table ? 1 : 2, "columns"), "constraint columns");
      ops.push_back(model::AddConstraint{table, c});
    } else if (name == "create_check_constraint") {
      check_keywords(args, what, {"schema"});
      model::Constraint c;
      c.kind = model::ConstraintKind::check;
      c.name = optional_string(arg(0, "constraint_name"), "constraint name").value_or("");
      auto table = table_at(1, "table_name");
      c.check = sql_text(need(batch_table ? 1 : 2, "condition"), "check condition");
      ops.push_back(model::AddConstraint{table, c});
    } else if (name == "drop_constraint") {
      check_keywords(args, what, {"schema", "type_", "if_exists"});
      model::DropConstraint drop;
      drop.name = string_arg(need(0, "constraint_name"), "constraint name");
      drop.table = table_at(1, "table_name");
      if (auto type = optional_string(
              args.keyword("type_") ? args.keyword("type_") : arg(batch_table ? 1 : 2, "type_"),
              "type_")) {
        if (*type == "foreignkey")
          drop.kind = model::ConstraintKind::foreign_key;
        else if (*type == "primary")
          drop.kind = model::ConstraintKind::primary_key;
        else if (*type == "unique")
          drop.kind = model::ConstraintKind::unique;
        else if (*type == "check")
          drop.kind = model::ConstraintKind::check;
        else
          give_up(what + ": unknown constraint type '" + *type + "'");
      }
      drop.if_exists = bool_arg(args.keyword("if_exists"), false, "if_exists");
      ops.push_back(drop);
    } else if (name == "bulk_insert" && !batch_table) {
      check_keywords(args, what, {"multiinsert"});
      ops.push_back(bulk_insert(need(0, "table"), need(1, "rows")));
    } else {
      give_up(what + " is not translated");
    }
    return ops;
  }

  model::CreateIndex column_index(const model::QualifiedName& table, const ColumnDef& def) const {
    // SQLAlchemy's default naming convention for Column(index=True): ix_<table>_<column>.
    model::CreateIndex index;
    index.name = "ix_" + table.name + "_" + def.column.name;
    index.table = table;
    index.columns = {def.column.name};
    index.unique = def.column.unique;
    return index;
  }

  // SQLAlchemy's autoincrement="auto": the single integer primary key column without a foreign
  // key is SERIAL on PostgreSQL and the rowid alias on SQLite.
  static void set_autoincrement(model::Column& column, const ColumnDef& def) {
    const bool integer = column.type.kind == model::LogicalType::integer ||
                         column.type.kind == model::LogicalType::bigint ||
                         column.type.kind == model::LogicalType::smallint;
    column.autoincrement =
        def.autoincrement.value_or(column.primary && integer && !column.references);
  }

  // How SQLAlchemy's DDL compilers write the autoincrement column: SERIAL / BIGSERIAL on
  // PostgreSQL (not an identity), and on SQLite the plain INTEGER PRIMARY KEY rowid alias, with
  // the AUTOINCREMENT keyword only for a table created with sqlite_autoincrement=True (which keeps
  // the integer type here, and so its keyword). Serial is the model's name for both spellings.
  // (SmallInteger would be SMALLSERIAL, which the model has no kind for: it stays an identity.)
  static void as_serial(model::Column& column) {
    if (!column.autoincrement) return;
    model::ColumnType serial;
    if (column.type.kind == model::LogicalType::integer)
      serial.kind = model::LogicalType::serial;
    else if (column.type.kind == model::LogicalType::bigint)
      serial.kind = model::LogicalType::bigserial;
    else
      return;
    column.type = serial;
  }

  // SQLAlchemy's autoincrement="auto" for a key declared with sa.PrimaryKeyConstraint('id'):
  // its one column, when it is an integer without a server default or foreign key, is SERIAL on
  // PostgreSQL (PrimaryKeyConstraint._autoincrement_column).
  static void constraint_autoincrement(model::CreateTable& create,
                                       const std::vector<std::optional<bool>>& explicit_values) {
    const model::Constraint* pk = nullptr;
    for (const auto& c : create.constraints)
      if (c.kind == model::ConstraintKind::primary_key) pk = &c;
    if (!pk || pk->columns.size() != 1) return;
    for (std::size_t i = 0; i < create.columns.size(); ++i) {
      model::Column& column = create.columns[i];
      if (column.name != pk->columns[0]) continue;
      bool foreign = column.references.has_value();
      for (const auto& c : create.constraints)
        if (c.kind == model::ConstraintKind::foreign_key &&
            std::find(c.columns.begin(), c.columns.end(), column.name) != c.columns.end())
          foreign = true;
      const bool integer = column.type.kind == model::LogicalType::integer ||
                           column.type.kind == model::LogicalType::bigint ||
                           column.type.kind == model::LogicalType::smallint;
      column.autoincrement = explicit_values[i].value_or(integer && !foreign &&
                                                         !column.default_sql && !column.type.array);
    }
  }

  model::InsertRows bulk_insert(TSNode table_node, TSNode rows_node) const {
    std::string name = text(table_node);
    TSNode definition{};
    if (auto it = local_tables_.find(name); it != local_tables_.end())
      definition = it->second;
    else if (auto it2 = context_.tables.find(name); it2 != context_.tables.end())
      definition = it2->second;
    else if (is_table_construct(tree_, table_node))
      definition = table_node;
    else
      give_up("op.bulk_insert on '" + name +
              "', which is not an sa.table(...) defined in this file");

    auto targs = call_args(tree_, definition);
    if (targs.positional.empty()) give_up("sa.table without a name");
    const bool created = callee_name(tree_, definition) == "op.create_table";
    model::InsertRows insert;
    insert.table = table_name(targs.positional[0], targs.keyword("schema"));
    std::vector<std::string> declared;
    for (std::size_t i = 1; i < targs.positional.size(); ++i) {
      TSNode c = targs.positional[i];
      if (!is_sa_call(tree_, c, "column") && !is_sa_call(tree_, c, "Column")) {
        if (created) continue;  // a constraint of op.create_table
        give_up("sa.table holds something other than columns");
      }
      auto cargs = call_args(tree_, c);
      if (cargs.positional.empty()) give_up("sa.column without a name");
      declared.push_back(string_arg(cargs.positional[0], "column name"));
    }

    PyValue rows = literal(rows_node, "bulk_insert rows");
    if (!rows.is_sequence()) give_up("bulk_insert rows are not a list of dicts");
    // Columns in sa.table order, restricted to those the rows use (as SQLAlchemy's INSERT does).
    std::set<std::string> used;
    for (const auto& row : rows.items) {
      if (row.kind != PyValue::Kind::dict) give_up("a bulk_insert row is not a dict literal");
      for (const auto& [k, v] : row.entries) {
        (void)v;
        if (!k.is_string()) give_up("a bulk_insert key is not a column name");
        if (std::find(declared.begin(), declared.end(), k.text) == declared.end())
          give_up("bulk_insert names column '" + k.text + "', which sa.table does not declare");
        used.insert(k.text);
      }
    }
    for (const auto& c : declared)
      if (used.count(c)) insert.columns.push_back(c);
    for (const auto& row : rows.items) {
      std::vector<std::string> values;
      for (const auto& c : insert.columns) {
        const PyValue* value = nullptr;
        for (const auto& [k, v] : row.entries)
          if (k.text == c) value = &v;
        values.push_back(value ? sql_literal(*value) : "NULL");
      }
      insert.rows.push_back(std::move(values));
    }
    return insert;
  }

  static std::string sql_literal(const PyValue& value) {
    switch (value.kind) {
      case PyValue::Kind::none:
        return "NULL";
      case PyValue::Kind::boolean:
        return value.boolean ? "TRUE" : "FALSE";
      case PyValue::Kind::integer:
      case PyValue::Kind::floating:
        return value.text;
      case PyValue::Kind::string:
        return quote_literal(value.text);
      default:
        give_up("a bulk_insert value is not a scalar literal");
    }
  }

  // ---- statements ---------------------------------------------------------------------------

  void opaque(TSNode node, std::string reason) {
    model::OpaqueStep step;
    step.language = "python";
    step.code = text(node);
    step.source = {context_.file, parse::SyntaxTree::line(node),
                   static_cast<int>(ts_node_end_point(node).row) + 1};
    step.reason = std::move(reason);
    out_.script.push_back(std::move(step));
    ++out_.opaque_steps;
  }

  void push_ops(Ops ops, int line) {
    for (auto& op : ops) out_.script.push_back(model::OpStep{std::move(op), {}, line});
  }

  // op.execute("...") / op.execute(sa.text("...")): SQL to run as written.
  model::SqlStep execute(TSNode call) const {
    auto args = call_args(tree_, call);
    check_arguments(args, "op.execute");
    check_keywords(args, "op.execute", {});
    if (args.positional.size() != 1) give_up("op.execute with unexpected arguments");
    model::SqlStep step;
    step.text = sql_text(args.positional[0], "op.execute argument");
    // Alembic wraps a string in sa.text() too.
    if (!is_sa_call(tree_, args.positional[0], "text")) step.text = unescape_colons(step.text);
    step.line = parse::SyntaxTree::line(call);
    return step;
  }

  void call_statement(TSNode statement, TSNode call, const std::string& receiver,
                      const std::optional<model::QualifiedName>& batch_table) {
    const std::string callee = callee_name(tree_, call);
    ++out_.op_calls;
    const std::string name = callee.substr(receiver.size() + 1);
    try {
      if (name == "execute" && !batch_table) {
        out_.script.push_back(execute(call));
      } else {
        push_ops(op_call(name, call, batch_table), parse::SyntaxTree::line(call));
      }
      ++out_.translated_calls;
    } catch (const Untranslatable& u) {
      opaque(statement, u.reason);
    }
  }

  // `op.get_context().autocommit_block()`: Alembic commits the migration's transaction, runs the
  // block in autocommit mode, then begins a new one.
  bool is_autocommit_block(TSNode call) const {
    if (!is_type(call, "call")) return false;
    TSNode function = field(call, "function");
    if (!is_type(function, "attribute") || text(field(function, "attribute")) != "autocommit_block")
      return false;
    TSNode object = field(function, "object");
    return is_type(object, "call") && callee_name(tree_, object) == "op.get_context" &&
           call_args(tree_, object).positional.empty() && call_args(tree_, call).positional.empty();
  }

  void with_statement(TSNode statement) {
    // with op.batch_alter_table("t", schema=...) as batch_op: <calls on batch_op>
    auto clause = named_children(statement);
    TSNode with_clause = clause.empty() ? TSNode{} : clause[0];
    auto items = named_children(with_clause);
    TSNode body = field(statement, "body");
    if (items.size() == 1 && is_autocommit_block(field(items[0], "value"))) {
      out_.autocommit = true;
      const std::size_t first = out_.script.size();
      for (TSNode inner : named_children(body)) statement_(inner);
      for (std::size_t i = first; i < out_.script.size(); ++i)
        if (auto* sql = std::get_if<model::SqlStep>(&out_.script[i])) sql->no_transaction = true;
      return;
    }
    if (items.size() == 1) {
      TSNode value = field(items[0], "value");
      TSNode call = value, alias{};
      if (is_type(value, "as_pattern")) {
        auto parts = named_children(value);
        call = parts.empty() ? TSNode{} : parts[0];
        alias = field(value, "alias");
        if (ts_node_is_null(alias) && parts.size() > 1) alias = parts[1];
      }
      if (is_type(call, "call") && callee_name(tree_, call) == "op.batch_alter_table" &&
          !ts_node_is_null(alias)) {
        std::string receiver = text(alias);
        if (is_type(alias, "as_pattern_target")) {
          auto inner = named_children(alias);
          if (!inner.empty()) receiver = text(inner[0]);
        }
        try {
          auto args = call_args(tree_, call);
          check_arguments(args, "op.batch_alter_table");
          // reflect_args / reflect_kwargs only say how batch mode reads the existing table.
          check_keywords(
              args, "op.batch_alter_table",
              {"schema", "recreate", "naming_convention", "reflect_args", "reflect_kwargs"});
          if (args.positional.empty()) give_up("op.batch_alter_table without a table");
          auto table = table_name(args.positional[0], args.keyword("schema"));
          for (TSNode inner : named_children(body)) {
            TSNode c = single_call(inner);
            if (!ts_node_is_null(c) && callee_name(tree_, c).rfind(receiver + ".", 0) == 0)
              call_statement(inner, c, receiver, table);
            else if (!is_type(inner, "pass_statement"))
              opaque(inner,
                     "a statement inside batch_alter_table that is not a call on " + receiver);
          }
          return;
        } catch (const Untranslatable& u) {
          opaque(statement, u.reason);
          return;
        }
      }
    }
    opaque(statement, "a `with` block other than op.batch_alter_table");
  }

  TSNode single_call(TSNode statement) const {
    if (!is_type(statement, "expression_statement")) return {};
    auto inner = named_children(statement);
    if (inner.size() != 1 || !is_type(inner[0], "call")) return {};
    return inner[0];
  }

  void statement_(TSNode statement) {
    const auto type = node_type(statement);
    if (type == "pass_statement") return;
    if (type == "with_statement") return with_statement(statement);
    if (type == "expression_statement") {
      auto inner = named_children(statement);
      if (inner.size() == 1 && is_type(inner[0], "string")) return;  // a string used as a comment
      if (inner.size() == 1 && is_type(inner[0], "assignment")) {
        TSNode left = field(inner[0], "left");
        TSNode right = field(inner[0], "right");
        if (is_type(left, "identifier") && is_table_construct(tree_, right)) {
          local_tables_[text(left)] =
              right;  // a lightweight table for bulk_insert: no SQL of its own
          return;
        }
        // t = op.create_table(...): the table is created, and `t` serves a later bulk_insert.
        if (is_type(left, "identifier") && is_type(right, "call") &&
            callee_name(tree_, right) == "op.create_table") {
          local_tables_[text(left)] = right;
          return call_statement(statement, right, "op", std::nullopt);
        }
      }
      TSNode call = single_call(statement);
      if (!ts_node_is_null(call) && callee_name(tree_, call).rfind("op.", 0) == 0 &&
          callee_name(tree_, call).find('.', 3) == std::string::npos)
        return call_statement(statement, call, "op", std::nullopt);
      if (!ts_node_is_null(call))
        return opaque(statement, "a call to " + text(field(call, "function")) +
                                     ", which is not an op.* operation");
      return opaque(statement, "Python code polymigrate does not translate");
    }
    if (type == "if_statement")
      return opaque(statement, "a conditional: which branch runs is only known at run time");
    if (type == "for_statement" || type == "while_statement")
      return opaque(statement, "a loop: its operations are only known at run time");
    if (type == "import_statement" || type == "import_from_statement")
      return opaque(statement, "an import inside the migration function");
    return opaque(statement, "a Python " + std::string(type) + " polymigrate does not translate");
  }
};

}  // namespace

bool is_table_construct(const parse::SyntaxTree& tree, TSNode expression) {
  if (!is_type(expression, "call")) return false;
  std::string callee = callee_name(tree, expression);
  return callee == "table" || callee == "sa.table" || callee == "sa.sql.table" ||
         callee == "sqlalchemy.table" || callee == "sa.sql.expression.table" ||
         callee == "sqlalchemy.sql.table" || callee == "sqlalchemy.sql.expression.table";
}

TranslatedBody translate_body(const parse::SyntaxTree& tree, TSNode block,
                              const TranslationContext& context) {
  return Translator(tree, context).run(block);
}

}  // namespace pm::alembic
