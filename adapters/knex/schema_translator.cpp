#include "adapters/knex/schema_translator.hpp"

#include <algorithm>
#include <stdexcept>

#include "adapters/knex/column_builders.hpp"
#include "adapters/knex/diagnostic_codes.hpp"
#include "adapters/knex/knex_sql.hpp"

namespace pm::knex {

namespace {

// Thrown inside one statement's translation; the statement then becomes an Opaque step.
struct Untranslatable {
  std::string reason;
};

[[noreturn]] void give_up(std::string reason) { throw Untranslatable{std::move(reason)}; }

// One `.method(args)` of a call chain, in call order.
struct Segment {
  std::string method;
  TSNode call;
  std::vector<TSNode> args;
};

struct Chain {
  TSNode root;  // what the first segment is called on
  std::vector<Segment> segments;
};

Chain decompose(const parse::SyntaxTree& tree, TSNode node) {
  Chain chain;
  node = unwrap(node);
  while (is_type(node, "call_expression")) {
    TSNode function = unwrap(field(node, "function"));
    if (!is_type(function, "member_expression")) break;
    auto args = call_args(node);
    if (args.spread) give_up("a call with ...spread arguments");
    chain.segments.push_back(
        {std::string(tree.text(field(function, "property"))), node, std::move(args.items)});
    node = unwrap(field(function, "object"));
  }
  std::reverse(chain.segments.begin(), chain.segments.end());
  chain.root = node;
  return chain;
}

// A column as a builder chain describes it, with the statements its modifiers add.
struct ColumnWork {
  model::Column column;
  bool increments = false;
  bool alter = false;
  bool explicit_not_null = false;
  bool has_default = false;
  bool primary = false;
  std::string primary_name;
  std::optional<std::string> unique_name;
  bool unique_index = false;  // unique() makes an index (unique_as_index)
  std::optional<std::string> index_name;
  std::optional<model::ForeignKeyRef> references;
  std::string foreign_name;
  int line = 0;
};

class Translator {
 public:
  Translator(const parse::SyntaxTree& tree, const TranslationContext& context)
      : tree_(tree), context_(context) {}

  TranslatedBody run(const FunctionNode& fn) {
    knex_ = fn.first_param;
    if (is_type(fn.body, "statement_block")) {
      for (TSNode statement : named_children(fn.body)) top_statement(statement);
    } else if (!ts_node_is_null(fn.body)) {
      top(fn.body, fn.body);  // `knex => knex.schema...`: the expression is returned
    }
    return std::move(out_);
  }

 private:
  const parse::SyntaxTree& tree_;
  const TranslationContext& context_;
  std::string knex_;
  TranslatedBody out_;
  int pending_calls_ = 0;  // calls translated in the statement being read

  std::string text(TSNode node) const { return std::string(tree_.text(node)); }
  int line(TSNode node) const { return parse::SyntaxTree::line(node); }

  void warn(TSNode node, const std::string& message) {
    if (context_.diagnostics)
      context_.diagnostics->push_back(
          {model::Severity::warning, codes::not_kept, message, context_.file, line(node)});
  }

  // ---- statements ---------------------------------------------------------------------------

  void top_statement(TSNode statement) {
    const auto type = node_type(statement);
    if (type == "empty_statement") return;
    if (type == "return_statement") {
      auto inner = named_children(statement);
      if (!inner.empty()) top(statement, inner.front());
      return;
    }
    if (type == "expression_statement") {
      auto inner = named_children(statement);
      if (inner.empty()) return;
      TSNode expression = unwrap(inner.front());
      if (!is_type(expression, "await_expression") && is_knex_chain(expression)) {
        // Knex builders are lazy: one that is neither awaited nor returned never runs.
        opaque(statement,
               "neither awaited nor returned: Knex does not wait for it, and a builder that is "
               "never awaited does not run");
        out_.knex_calls += count_knex_calls(statement);
        return;
      }
      top(statement, expression);
      return;
    }
    opaque(statement, "control flow or local state (" + std::string(type) +
                          ") is not translated: it decides or computes at run time");
    out_.knex_calls += count_knex_calls(statement);
  }

  // One statement: translated whole into steps, or kept whole as Opaque.
  void top(TSNode statement, TSNode expression) {
    model::Script steps;
    pending_calls_ = 0;
    const int calls = count_knex_calls(statement);
    out_.knex_calls += calls;
    try {
      if (knex_.empty()) give_up("the migration function takes no `knex` parameter by name");
      expression_steps(expression, steps);
      for (auto& step : steps) out_.script.push_back(std::move(step));
      out_.translated_calls += std::min(calls, pending_calls_);
    } catch (const Untranslatable& u) {
      opaque(statement, u.reason);
    } catch (const std::invalid_argument& e) {
      opaque(statement, e.what());
    }
  }

  void opaque(TSNode node, const std::string& reason) {
    model::OpaqueStep step;
    step.language = context_.language;
    step.code = text(node);
    step.source = {context_.file, line(node), static_cast<int>(ts_node_end_point(node).row) + 1};
    step.reason = reason;
    out_.script.push_back(std::move(step));
    ++out_.opaque_steps;
  }

  bool is_knex_chain(TSNode node) {
    node = unwrap(node);
    if (!is_type(node, "call_expression")) return false;
    Chain chain;
    try {
      chain = decompose(tree_, node);
    } catch (const Untranslatable&) {
      return false;
    }
    return root_is_knex(chain.root);
  }

  bool root_is_knex(TSNode root) {
    if (knex_.empty()) return false;
    const std::string path = member_path(tree_, root);
    if (path == knex_ || path.rfind(knex_ + ".", 0) == 0) return true;
    return is_type(root, "call_expression") && member_path(tree_, field(root, "function")) == knex_;
  }

  // Calls in the subtree made on the knex object: `knex.schema.createTable(..).createTable(..)`
  // counts two; builder calls inside a table callback count too.
  int count_knex_calls(TSNode node) {
    int count = 0;
    if (is_type(node, "call_expression")) {
      TSNode function = unwrap(field(node, "function"));
      if (is_type(function, "member_expression")) {
        std::string path = member_path(tree_, field(function, "object"));
        Chain chain;
        try {
          chain = decompose(tree_, node);
          if (root_is_knex(chain.root)) ++count;
        } catch (const Untranslatable&) {
        }
      } else if (member_path(tree_, function) == knex_ && !knex_.empty()) {
        ++count;
      }
    }
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i) count += count_knex_calls(ts_node_named_child(node, i));
    return count;
  }

  // ---- expressions --------------------------------------------------------------------------

  void expression_steps(TSNode node, model::Script& steps) {
    node = unwrap(node);
    if (is_type(node, "await_expression")) {
      auto inner = named_children(node);
      if (inner.empty()) give_up("an empty await");
      return expression_steps(inner.front(), steps);
    }
    if (!is_type(node, "call_expression")) give_up("an expression that is not a knex call");
    TSNode function = unwrap(field(node, "function"));
    const std::string callee = member_path(tree_, function);
    auto args = call_args(node);
    if (callee == "Promise.resolve" && args.items.empty() && !args.spread) {
      return;  // an empty migration's idiom: a promise already settled, nothing runs
    }
    if (callee == "Promise.all") {
      if (args.spread || args.items.size() != 1 || !is_type(unwrap(args.items[0]), "array"))
        give_up("Promise.all over something other than a literal array");
      for (TSNode item : named_children(unwrap(args.items[0]))) {
        if (is_type(item, "spread_element")) give_up("Promise.all over a spread");
        expression_steps(item, steps);
      }
      return;
    }
    if (is_type(function, "member_expression") && text(field(function, "property")) == "then") {
      expression_steps(field(function, "object"), steps);
      ++pending_calls_;  // the .then itself, counted as a knex call when it ends a knex chain
      if (args.items.size() != 1) give_up(".then with a rejection handler or no function");
      auto fn = function_node(tree_, args.items[0]);
      if (!fn) give_up(".then with something other than a function literal");
      nested_function(*fn, steps);
      return;
    }
    chain_steps(node, steps);
  }

  // The body of a .then(() => ...) callback: only returns and awaits of knex calls.
  void nested_function(const FunctionNode& fn, model::Script& steps) {
    if (!is_type(fn.body, "statement_block")) return expression_steps(fn.body, steps);
    for (TSNode statement : named_children(fn.body)) {
      const auto type = node_type(statement);
      auto inner = named_children(statement);
      if (type == "empty_statement") continue;
      if (type == "return_statement" && !inner.empty()) {
        expression_steps(inner.front(), steps);
      } else if (type == "expression_statement" && !inner.empty() &&
                 is_type(unwrap(inner.front()), "await_expression")) {
        expression_steps(inner.front(), steps);
      } else {
        give_up("a .then callback with statements other than return or await");
      }
    }
  }

  void chain_steps(TSNode node, model::Script& steps) {
    Chain chain = decompose(tree_, node);
    const std::string root = member_path(tree_, chain.root);
    if (root == knex_ + ".schema") return schema_chain(chain.segments, steps);
    if (root == knex_) {
      if (!chain.segments.empty() && chain.segments[0].method == "raw" &&
          chain.segments.size() == 1)
        return raw_step(chain.segments[0], steps);
      if (!chain.segments.empty() && chain.segments[0].method == "schema")
        give_up("knex.schema called as a function");
      return query_chain({}, chain.segments, steps);
    }
    if (is_type(chain.root, "call_expression") &&
        member_path(tree_, field(chain.root, "function")) == knex_) {
      auto args = call_args(chain.root);
      if (args.items.size() != 1) give_up("knex() with other than one table name");
      ++pending_calls_;
      return query_chain(string_value(args.items[0], "the table name"), chain.segments, steps);
    }
    give_up("a call on something other than the knex object");
  }

  // ---- values -------------------------------------------------------------------------------

  JsValue value(TSNode node, const std::string& what) {
    if (!context_.eval) give_up(what + " needs the file's constants");
    auto v = context_.eval->evaluate(node);
    if (!v) give_up(what + " is not a literal (" + text(node) + ")");
    return *v;
  }

  std::string string_value(TSNode node, const std::string& what) {
    JsValue v = value(node, what);
    if (!v.is_string()) give_up(what + " is not a string");
    return v.text;
  }

  std::vector<std::string> names(TSNode node, const std::string& what) {
    JsValue v = value(node, what);
    if (v.is_string()) return {v.text};
    if (v.kind != JsValue::Kind::array) give_up(what + " is not a name or a list of names");
    std::vector<std::string> out;
    for (const auto& item : v.items) {
      if (!item.is_string()) give_up(what + " holds a value that is not a name");
      out.push_back(item.text);
    }
    return out;
  }

  // knex.raw('sql') / knex.fn.now(): SQL as written; nullopt for anything else.
  std::optional<std::string> sql_expression(TSNode node) {
    node = unwrap(node);
    if (!is_type(node, "call_expression")) return std::nullopt;
    const std::string callee = member_path(tree_, field(node, "function"));
    auto args = call_args(node);
    if (callee == knex_ + ".fn.now") {
      if (args.items.empty()) return "CURRENT_TIMESTAMP";
      JsValue p = value(args.items[0], "the now() precision");
      return "CURRENT_TIMESTAMP(" + p.to_string() + ")";
    }
    if (callee == knex_ + ".raw" || callee == knex_ + ".schema.raw") {
      if (args.items.empty()) give_up("knex.raw without SQL");
      // formatDefault writes the raw with toQuery(), and the statement goes out as any other.
      const std::string sql = string_value(args.items[0], "the raw SQL");
      if (args.items.size() > 1) return with_bindings(sql, &args.items[1]);
      return sent_sql(formatted(sql));
    }
    return std::nullopt;
  }

  std::string sql_literal(const JsValue& v) {
    switch (v.kind) {
      case JsValue::Kind::null:
      case JsValue::Kind::undefined:
        return "NULL";
      case JsValue::Kind::boolean:
        return v.boolean ? "true" : "false";
      case JsValue::Kind::number:
        return v.to_string();
      case JsValue::Kind::string:
        return sql_string(v.text);
      default:
        give_up("a bound value that is an array or an object");
    }
  }

  // Knex's positional bindings (lib/formatter/rawFormatter.js replaceRawArrBindings): `??` an
  // identifier, `?` a value, `\?` a literal question mark, matched over the whole text.
  std::string with_bindings(const std::string& sql, const TSNode* bindings_node) {
    if (!bindings_node) return sql;
    JsValue bindings = value(*bindings_node, "the raw bindings");
    if (bindings.kind != JsValue::Kind::array) give_up("named raw bindings (an object)");
    std::string out;
    std::size_t index = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] == '\\' && i + 1 < sql.size() && sql[i + 1] == '?') {
        out += '?';
        ++i;
        continue;
      }
      if (sql[i] != '?') {
        out += sql[i];
        continue;
      }
      const bool identifier = i + 1 < sql.size() && sql[i + 1] == '?';
      if (index >= bindings.items.size()) give_up("fewer raw bindings than placeholders");
      const JsValue& b = bindings.items[index++];
      if (identifier) {
        if (!b.is_string()) give_up("a ?? binding that is not a name");
        out += quote_parts(b.text);
        ++i;
      } else {
        out += sql_literal(b);
      }
    }
    if (index != bindings.items.size()) give_up("more raw bindings than placeholders");
    return out;
  }

  // The SQL of a statement without bindings as the driver gets it. On PostgreSQL every query
  // goes through positionBindings (lib/dialects/postgres/index.js), wherever a `?` stands: after
  // an odd run of backslashes it is a `?` (the backslashes dropped), else a parameter `$n`.
  // SQLite gets the text as it is.
  std::string sent_sql(const std::string& sql) const {
    if (context_.dialect != model::Dialect::postgresql) return sql;
    std::string out;
    int parameters = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      std::size_t run = 0;
      while (i + run < sql.size() && sql[i + run] == '\\') ++run;
      if (i + run < sql.size() && sql[i + run] == '?') {
        out += run % 2 ? "?" : "$" + std::to_string(++parameters);
        i += run;
        continue;
      }
      out += sql[i];
    }
    return out;
  }

  // A raw without bindings written into other SQL with toQuery() (client.js _formatQuery): a
  // `\?` becomes `?`, every other `?` stays.
  static std::string formatted(const std::string& sql) {
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] == '\\' && i + 1 < sql.size() && sql[i + 1] == '?') continue;
      out += sql[i];
    }
    return out;
  }

  // "schema.table" as Knex's wrapIdentifier writes it: each part quoted, with backticks on
  // SQLite (sqlite3 client wrapIdentifierImpl), double quotes elsewhere.
  std::string quote_parts(const std::string& name) const {
    const char q = context_.dialect == model::Dialect::sqlite ? '`' : '"';
    std::string out(1, q);
    for (char c : name) {
      if (c == '.') {
        out += std::string(1, q) + "." + q;
        continue;
      }
      if (c == q) out += q;
      out += c;
    }
    return out + q;
  }

  // ---- knex.raw and query builders ----------------------------------------------------------

  void raw_step(const Segment& segment, model::Script& steps) {
    if (segment.args.empty()) give_up("raw() without SQL");
    ++pending_calls_;
    model::SqlStep step;
    const std::string sql = string_value(segment.args[0], "the raw SQL");
    step.text = segment.args.size() > 1 ? with_bindings(sql, &segment.args[1]) : sent_sql(sql);
    step.line = line(segment.call);
    steps.push_back(std::move(step));
  }

  // knex('t').insert(rows), knex.insert(rows).into('t'), knex.table('t').insert(rows).
  void query_chain(std::optional<std::string> table, const std::vector<Segment>& segments,
                   model::Script& steps) {
    std::optional<TSNode> rows;
    std::string schema;
    for (const auto& s : segments) {
      ++pending_calls_;
      if ((s.method == "into" || s.method == "table" || s.method == "from") && s.args.size() == 1)
        table = string_value(s.args[0], "the table name");
      else if (s.method == "withSchema" && s.args.size() == 1)
        schema = string_value(s.args[0], "the schema name");
      else if (s.method == "insert" && s.args.size() == 1)
        rows = s.args[0];
      else
        give_up("the query builder call ." + s.method +
                "() is not translated (only literal inserts are)");
    }
    if (!table || !rows) give_up("a query that is not an insert into a named table");
    JsValue data = value(*rows, "the inserted rows");
    std::vector<JsValue> list =
        data.kind == JsValue::Kind::array ? data.items : std::vector<JsValue>{data};
    // lib/query/querycompiler.js _prepInsert: columns are the sorted union of the rows' keys.
    std::vector<std::string> columns;
    for (const auto& row : list) {
      if (!row.is_object()) give_up("an inserted row that is not an object literal");
      for (const auto& [key, v] : row.entries) {
        (void)v;
        if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
      }
    }
    std::sort(columns.begin(), columns.end(),
              [](const std::string& a, const std::string& b) { return a < b; });
    model::InsertRows insert;
    insert.table = {schema, *table};
    insert.columns = columns;
    for (const auto& row : list) {
      std::vector<std::string> values;
      for (const auto& column : columns) {
        const JsValue* v = row.get(column);
        // A key a row lacks is `undefined`: Knex writes DEFAULT (NULL with useNullAsDefault).
        values.push_back(!v || v->kind == JsValue::Kind::undefined ? "DEFAULT" : sql_literal(*v));
      }
      insert.rows.push_back(std::move(values));
    }
    if (insert.rows.empty()) return;  // Knex sends nothing for an empty insert
    steps.push_back(model::OpStep{std::move(insert), {}, line(segments.front().call)});
  }

  // ---- knex.schema --------------------------------------------------------------------------

  model::OpStep op_step(model::Op op, TSNode at) {
    return model::OpStep{std::move(op), {}, line(at)};
  }

  void schema_chain(const std::vector<Segment>& segments, model::Script& steps) {
    std::string schema;
    if (segments.empty()) give_up("knex.schema without a call");
    for (const auto& s : segments) {
      ++pending_calls_;
      const std::string& m = s.method;
      auto arg = [&](std::size_t i, const char* what) {
        if (i >= s.args.size()) give_up(m + "() without " + what);
        return s.args[i];
      };
      if (m == "withSchema") {
        schema = string_value(arg(0, "a schema"), "the schema name");
      } else if (m == "createTable" || m == "createTableIfNotExists") {
        create_table({schema, string_value(arg(0, "a table name"), "the table name")},
                     arg(1, "a callback"), m == "createTableIfNotExists", s.call, steps);
      } else if (m == "alterTable" || m == "table") {
        alter_table({schema, string_value(arg(0, "a table name"), "the table name")},
                    arg(1, "a callback"), s.call, steps);
      } else if (m == "dropTable" || m == "dropTableIfExists") {
        model::DropTable op;
        op.table = {schema, string_value(arg(0, "a table name"), "the table name")};
        op.if_exists = m == "dropTableIfExists";
        steps.push_back(op_step(op, s.call));
      } else if (m == "renameTable") {
        model::RenameTable op;
        op.table = {schema, string_value(arg(0, "a table name"), "the table name")};
        op.new_name = string_value(arg(1, "a new name"), "the new table name");
        steps.push_back(op_step(op, s.call));
      } else if (m == "raw") {
        --pending_calls_;  // raw_step counts it
        raw_step(s, steps);
      } else if (m == "dropView" || m == "dropViewIfExists") {
        model::DropView op;
        op.view = {schema, string_value(arg(0, "a view name"), "the view name")};
        op.if_exists = m == "dropViewIfExists";
        steps.push_back(op_step(op, s.call));
      } else if (m == "hasTable" || m == "hasColumn") {
        give_up("knex.schema." + m + "() decides at run time");
      } else {
        give_up("knex.schema." + m + "() is not translated");
      }
    }
  }

  std::optional<FunctionNode> table_callback(TSNode node) {
    auto fn = function_node(tree_, node);
    if (!fn) give_up("the table callback is not a function literal");
    if (fn->first_param.empty()) give_up("the table callback takes no named parameter");
    return fn;
  }

  // Each statement of a table callback: a chain on the table builder.
  std::vector<TSNode> table_statements(const FunctionNode& fn) {
    std::vector<TSNode> out;
    if (!is_type(fn.body, "statement_block")) {
      out.push_back(fn.body);
      return out;
    }
    for (TSNode statement : named_children(fn.body)) {
      const auto type = node_type(statement);
      if (type == "empty_statement") continue;
      auto inner = named_children(statement);
      if (type != "expression_statement" || inner.empty())
        give_up("a table callback with a " + std::string(type) +
                " (only builder calls are translated)");
      out.push_back(inner.front());
    }
    return out;
  }

  // What one table callback builds, in Knex's groups: columns first (added, then altered), then
  // the table statements in call order (lib/schema/tablecompiler.js).
  struct TableWork {
    model::QualifiedName table;
    std::vector<ColumnWork> columns;
    std::vector<model::Constraint> constraints;  // primary, unique and foreign in call order
    std::vector<model::Step> pre;                // native enum types
    std::vector<model::Step> indexes;            // createTable: indexes after the table
    std::vector<model::Step> statements;         // alterTable: in call order
    bool alter = false;
  };

  void create_table(model::QualifiedName table, TSNode callback, bool if_not_exists, TSNode at,
                    model::Script& steps) {
    TableWork work;
    work.table = table;
    read_table_callback(*table_callback(callback), work);
    model::CreateTable op;
    op.table = table;
    op.if_not_exists = if_not_exists;
    for (auto& c : work.columns) {
      if (c.alter) give_up(".alter() inside createTable");
      op.columns.push_back(c.column);
    }
    op.constraints = work.constraints;
    for (auto& s : work.pre) steps.push_back(std::move(s));
    steps.push_back(op_step(op, at));
    for (auto& s : work.indexes) steps.push_back(std::move(s));
  }

  void alter_table(model::QualifiedName table, TSNode callback, TSNode at, model::Script& steps) {
    TableWork work;
    work.table = table;
    work.alter = true;
    read_table_callback(*table_callback(callback), work);
    for (auto& s : work.pre) steps.push_back(std::move(s));
    for (const auto& c : work.columns)
      if (!c.alter) steps.push_back(op_step(model::AddColumn{table, c.column, false}, at));
    for (const auto& c : work.columns) {
      if (!c.alter) continue;
      model::AlterColumn op;
      op.table = table;
      op.column = c.column.name;
      op.type = c.column.type;
      op.nullable = !c.explicit_not_null;
      op.default_sql = c.has_default ? c.column.default_sql : std::optional<std::string>();
      steps.push_back(model::OpStep{op, {}, c.line});
    }
    for (auto& s : work.statements) steps.push_back(std::move(s));
  }

  void read_table_callback(const FunctionNode& fn, TableWork& work) {
    for (TSNode statement : table_statements(fn)) {
      Chain chain = decompose(tree_, statement);
      if (member_path(tree_, chain.root) != fn.first_param || chain.segments.empty())
        give_up("a statement in the table callback that is not a call on `" + fn.first_param + "`");
      table_chain(chain.segments, work);
    }
  }

  std::string column_name(const Segment& s, std::size_t index = 0) {
    if (index >= s.args.size()) give_up(s.method + "() without a column name");
    return string_value(s.args[index], "the column name");
  }

  // `index` and `unique` names: a string, or { indexName } / { constraintName }.
  std::optional<std::string> name_option(const Segment& s, std::size_t index, const char* key) {
    if (index >= s.args.size()) return std::nullopt;
    JsValue v = value(s.args[index], "the " + s.method + " name");
    if (v.is_string()) return v.text;
    if (v.is_object()) {
      for (const auto& [k, option] : v.entries) {
        if (k == key && option.is_string()) continue;
        if (k == "useConstraint" && s.method == "unique" && option.kind == JsValue::Kind::boolean)
          continue;  // unique_as_index reads it
        if (k == "deferrable" || k == "predicate" || k == "indexType" || k == "useConstraint")
          give_up(s.method + "() with the `" + k + "` option");
      }
      if (const JsValue* name = v.get(key); name && name->is_string()) return name->text;
      return std::nullopt;
    }
    if (v.kind == JsValue::Kind::undefined || v.kind == JsValue::Kind::null) return std::nullopt;
    give_up(s.method + "() with a name that is not a string");
  }

  // Whether unique() makes an index rather than a constraint: always on SQLite
  // (sqlite-tablecompiler.js unique), on PostgreSQL with { useConstraint: false }.
  bool unique_as_index(const Segment& s, std::size_t index) {
    if (context_.dialect == model::Dialect::sqlite) return true;
    if (index >= s.args.size()) return false;
    JsValue v = value(s.args[index], "the unique options");
    if (!v.is_object()) return false;
    const JsValue* use = v.get("useConstraint");
    return use && use->kind == JsValue::Kind::boolean && !use->boolean;
  }

  void add_unique_index(TableWork& work, std::vector<std::string> columns, std::string name,
                        TSNode at) {
    model::CreateIndex op;
    op.table = work.table;
    op.columns = std::move(columns);
    op.name = std::move(name);
    op.unique = true;
    (work.alter ? work.statements : work.indexes).push_back(op_step(op, at));
  }

  // A constraint name Knex writes into the SQL as it is (check, dropChecks): a double-quoted
  // name keeps its case, a bare one is folded by PostgreSQL.
  std::string raw_name(const std::string& name) const {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      std::string out;
      for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        out += name[i];
        if (name[i] == '"' && name[i + 1] == '"') ++i;
      }
      return out;
    }
    if (context_.dialect != model::Dialect::postgresql) return name;
    std::string out = name;
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }

  // table.check(predicate, bindings, name) (lib/schema/tablecompiler.js): createTable writes
  // `constraint name check (raw(predicate, bindings))`; alterTable writes `add constraint name
  // check(predicate)` without the bindings, and without a name one Knex cannot quote.
  void check_constraint(const Segment& s, TableWork& work) {
    if (s.args.empty()) give_up("check() without a predicate");
    model::Constraint c;
    c.kind = model::ConstraintKind::check;
    const std::string predicate = string_value(s.args[0], "the check predicate");
    const TSNode* bindings = nullptr;
    if (s.args.size() > 1 &&
        value(s.args[1], "the check bindings").kind != JsValue::Kind::undefined) {
      if (work.alter) give_up("check() bindings inside alterTable (Knex does not apply them)");
      bindings = &s.args[1];
    }
    if (bindings)
      c.check = with_bindings(predicate, bindings);
    else
      c.check = sent_sql(work.alter ? predicate : formatted(predicate));
    if (s.args.size() > 2) {
      JsValue name = value(s.args[2], "the check name");
      if (name.is_string()) c.name = raw_name(name.text);
    }
    if (work.alter && c.name.empty())
      give_up("check() without a name inside alterTable (Knex writes an invalid name then)");
    add_constraint(work, std::move(c), s.call);
  }

  // createTable keeps constraints in the table (SQLite needs foreign keys inline); alterTable
  // adds each one as a statement, in call order.
  void add_constraint(TableWork& work, model::Constraint c, TSNode at) {
    if (work.alter)
      work.statements.push_back(op_step(model::AddConstraint{work.table, std::move(c)}, at));
    else
      work.constraints.push_back(std::move(c));
  }

  void add_index(TableWork& work, std::vector<std::string> columns, std::optional<std::string> name,
                 TSNode at) {
    model::CreateIndex op;
    op.table = work.table;
    op.columns = columns;
    op.name = name ? *name : knex_index_name(work.table.name, columns, "index");
    (work.alter ? work.statements : work.indexes).push_back(op_step(op, at));
  }

  void table_chain(const std::vector<Segment>& segments, TableWork& work) {
    const Segment& first = segments.front();
    const std::string& m = first.method;
    ++pending_calls_;
    if (is_column_builder(m)) return column_chain(segments, work);
    auto only = [&]() {
      if (segments.size() > 1) give_up("." + segments[1].method + "() after " + m + "()");
    };
    const std::string& table = work.table.name;
    if (m == "timestamps") {
      only();
      std::vector<JsValue> args;
      for (TSNode a : first.args) args.push_back(value(a, "a timestamps() argument"));
      JsValue use_timestamps, default_now, camel;
      if (!args.empty() && args[0].is_object()) {
        if (auto* v = args[0].get("useTimestamps")) use_timestamps = *v;
        if (auto* v = args[0].get("defaultToNow")) default_now = *v;
        if (auto* v = args[0].get("useCamelCase")) camel = *v;
      } else {
        if (args.size() > 0) use_timestamps = args[0];
        if (args.size() > 1) default_now = args[1];
        if (args.size() > 2) camel = args[2];
      }
      (void)use_timestamps;  // timestamp() and datetime() are the same type on both dialects
      const bool now = default_now.kind == JsValue::Kind::boolean && default_now.boolean;
      for (const char* name : {"created_at", "updated_at"}) {
        ColumnWork c;
        c.line = line(first.call);
        c.column.name =
            camel.truthy() ? (std::string(name) == "created_at" ? "createdAt" : "updatedAt") : name;
        c.column.type.kind = model::LogicalType::timestamptz;
        if (context_.dialect) c.column.type = knex_column_type(c.column.type, *context_.dialect);
        if (now) {
          c.column.nullable = false;
          c.explicit_not_null = true;
          c.column.default_sql = "CURRENT_TIMESTAMP";
          c.has_default = true;
        }
        work.columns.push_back(std::move(c));
      }
      return;
    }
    if (m == "primary" || m == "unique") {
      only();
      if (first.args.empty()) give_up(m + "() without columns");
      auto columns = names(first.args[0], "the " + m + " columns");
      model::Constraint c;
      c.columns = columns;
      if (m == "primary") {
        c.kind = model::ConstraintKind::primary_key;
        c.name = name_option(first, 1, "constraintName").value_or(table + "_pkey");
      } else {
        c.kind = model::ConstraintKind::unique;
        c.name =
            name_option(first, 1, "indexName").value_or(knex_index_name(table, columns, "unique"));
        if (unique_as_index(first, 1)) {
          add_unique_index(work, columns, c.name, first.call);
          return;
        }
      }
      add_constraint(work, std::move(c), first.call);
      return;
    }
    if (m == "check") {
      only();
      check_constraint(first, work);
      return;
    }
    if (m == "dropChecks") {
      only();
      if (!work.alter) give_up("dropChecks() inside createTable");
      for (TSNode a : first.args)
        for (const auto& n : names(a, "the check constraint names")) {
          model::DropConstraint op;
          op.table = work.table;
          op.kind = model::ConstraintKind::check;
          op.name = raw_name(n);
          work.statements.push_back(op_step(op, first.call));
        }
      return;
    }
    if (m == "index") {
      only();
      if (first.args.empty()) give_up("index() without columns");
      if (first.args.size() > 2) give_up("index() with an index type or options");
      add_index(work, names(first.args[0], "the index columns"), name_option(first, 1, "indexName"),
                first.call);
      return;
    }
    if (m == "foreign") {
      if (first.args.empty()) give_up("foreign() without columns");
      model::Constraint c;
      c.kind = model::ConstraintKind::foreign_key;
      c.columns = names(first.args[0], "the foreign key columns");
      std::optional<std::string> key_name;
      if (first.args.size() > 1) key_name = string_value(first.args[1], "the foreign key name");
      model::ForeignKeyRef ref;
      read_reference(segments, 1, ref, key_name);
      c.references = ref;
      c.name = key_name.value_or(knex_index_name(table, c.columns, "foreign"));
      add_constraint(work, std::move(c), first.call);
      return;
    }
    if (!work.alter)
      if (m.rfind("drop", 0) == 0 || m == "renameColumn" || m == "setNullable" ||
          m == "dropNullable")
        give_up(m + "() inside createTable");
    if (m == "dropColumn" || m == "dropColumns") {
      only();
      std::vector<std::string> dropped;
      for (TSNode a : first.args)
        for (auto& n : names(a, "the dropped column")) dropped.push_back(n);
      for (const auto& n : dropped)
        work.statements.push_back(
            op_step(model::DropColumn{work.table, n, false, false}, first.call));
      return;
    }
    if (m == "renameColumn") {
      only();
      if (first.args.size() != 2) give_up("renameColumn() without two names");
      work.statements.push_back(
          op_step(model::RenameColumn{work.table, column_name(first, 0), column_name(first, 1)},
                  first.call));
      return;
    }
    if (m == "dropForeign" || m == "dropUnique" || m == "dropPrimary") {
      only();
      model::DropConstraint op;
      op.table = work.table;
      if (m == "dropPrimary") {
        op.kind = model::ConstraintKind::primary_key;
        op.name = first.args.empty() ? table + "_pkey"
                                     : string_value(first.args[0], "the primary key name");
      } else {
        if (first.args.empty()) give_up(m + "() without columns");
        op.kind =
            m == "dropForeign" ? model::ConstraintKind::foreign_key : model::ConstraintKind::unique;
        auto columns = names(first.args[0], "the columns");
        op.name = first.args.size() > 1
                      ? string_value(first.args[1], "the name")
                      : knex_index_name(table, columns, m == "dropForeign" ? "foreign" : "unique");
        if (m == "dropUnique" && context_.dialect == model::Dialect::sqlite) {
          // sqlite-tablecompiler.js dropUnique: a unique key is an index there.
          work.statements.push_back(op_step(model::DropIndex{op.name, work.table}, first.call));
          return;
        }
      }
      work.statements.push_back(op_step(op, first.call));
      return;
    }
    if (m == "dropIndex") {
      only();
      if (first.args.empty()) give_up("dropIndex() without columns");
      auto columns = names(first.args[0], "the index columns");
      model::DropIndex op;
      op.table = work.table;
      op.name = first.args.size() > 1 ? string_value(first.args[1], "the index name")
                                      : knex_index_name(table, columns, "index");
      work.statements.push_back(op_step(op, first.call));
      return;
    }
    if (m == "dropTimestamps") {
      only();
      const bool camel = !first.args.empty() && value(first.args[0], "useCamelCase").truthy();
      for (const char* n : {camel ? "createdAt" : "created_at", camel ? "updatedAt" : "updated_at"})
        work.statements.push_back(
            op_step(model::DropColumn{work.table, n, false, false}, first.call));
      return;
    }
    if (m == "setNullable" || m == "dropNullable") {
      only();
      model::AlterColumn op;
      op.table = work.table;
      op.column = column_name(first);
      op.nullable = m == "setNullable";
      work.statements.push_back(op_step(op, first.call));
      return;
    }
    if (m == "engine" || m == "charset" || m == "collate") return;  // MySQL only: no effect here
    if (m == "comment") {
      warn(first.call,
           "the table comment on '" + table + "' is not kept (polymigrate writes no comments)");
      return;
    }
    give_up("the table builder call ." + m + "() is not translated");
  }

  // `.references('col').inTable('t')`, `.references('t.col')`, `.on('t')`, `.onDelete(a)`,
  // `.onUpdate(a)`, `.withKeyName(n)` from segments[from] on.
  void read_reference(const std::vector<Segment>& segments, std::size_t from,
                      model::ForeignKeyRef& ref, std::optional<std::string>& key_name) {
    for (std::size_t i = from; i < segments.size(); ++i) {
      ++pending_calls_;
      if (!reference_segment(segments[i], ref, key_name))
        give_up("." + segments[i].method + "() on a foreign key is not translated");
    }
    if (ref.columns.empty() || ref.table.empty())
      give_up("a foreign key without references() and a table");
  }

  // One call of a foreign key's chain into `ref`; false when `s` is not one of them.
  bool reference_segment(const Segment& s, model::ForeignKeyRef& ref,
                         std::optional<std::string>& key_name) {
    auto one = [&]() {
      if (s.args.size() != 1) give_up(s.method + "() without one argument");
      return s.args[0];
    };
    if (s.method == "references") {
      JsValue target = value(one(), "the referenced column");
      std::vector<std::string> columns;
      if (target.is_string()) {
        auto dot = target.text.rfind('.');
        if (dot != std::string::npos) {
          ref.table = target.text.substr(0, dot);
          columns = {target.text.substr(dot + 1)};
        } else {
          columns = {target.text};
        }
      } else if (target.kind == JsValue::Kind::array) {
        for (const auto& item : target.items) columns.push_back(item.to_string());
      } else {
        give_up("references() with a value that is not a name");
      }
      ref.columns = columns;
    } else if (s.method == "inTable" || s.method == "on") {
      ref.table = string_value(one(), "the referenced table");
    } else if (s.method == "onDelete") {
      ref.on_delete = string_value(one(), "onDelete");
    } else if (s.method == "onUpdate") {
      ref.on_update = string_value(one(), "onUpdate");
    } else if (s.method == "withKeyName") {
      key_name = string_value(one(), "the foreign key name");
    } else {
      return false;
    }
    return true;
  }

  void column_chain(const std::vector<Segment>& segments, TableWork& work) {
    const Segment& first = segments.front();
    ColumnWork c;
    c.line = line(first.call);
    std::size_t rest = 1;
    if (first.method == "increments" || first.method == "bigIncrements") {
      c.column.name = first.args.empty() ? "id" : column_name(first);
    } else {
      c.column.name = column_name(first);
    }
    std::vector<JsValue> args;
    for (std::size_t i = 1; i < first.args.size(); ++i)
      args.push_back(value(first.args[i], "an argument of " + first.method + "()"));
    if ((first.method == "increments" || first.method == "bigIncrements") && first.args.size() > 1)
      args = {value(first.args[1], "the increments options")};
    auto built = column_builder(first.method, args);
    c.column.type = built->type;
    // On SQLite the type Knex writes there (increments: the `integer` rowid alias).
    if (context_.dialect) c.column.type = knex_column_type(c.column.type, *context_.dialect);
    if (built->increments) {
      c.increments = true;
      c.column.autoincrement = true;
      c.column.nullable = false;
      c.column.primary = built->primary_key;
    }
    std::optional<std::string> key_name;
    for (std::size_t i = rest; i < segments.size(); ++i) {
      const Segment& s = segments[i];
      const std::string& m = s.method;
      ++pending_calls_;
      // references('col') returns only on()/inTable(): nothing else may come before the table.
      if (c.references && c.references->table.empty() && m != "inTable" && m != "on")
        give_up("." + m + "() after references() before inTable() is not a Knex chain");
      // Knex pushes these statements in call order, which polymigrate does not keep.
      if (c.references && (m == "primary" || m == "unique" || m == "index"))
        give_up("." + m + "() after references() is not translated");
      if (m == "notNullable") {
        c.column.nullable = false;
        c.explicit_not_null = true;
      } else if (m == "nullable") {
        c.column.nullable = true;
        c.explicit_not_null = false;
      } else if (m == "defaultTo") {
        if (s.args.empty()) give_up("defaultTo() without a value");
        if (s.args.size() > 1) give_up("defaultTo() with options (a named default constraint)");
        if (auto sql = sql_expression(s.args[0])) {
          c.column.default_sql = *sql;
        } else {
          JsValue v = value(s.args[0], "the default");
          if (v.kind == JsValue::Kind::array || v.is_object())
            give_up("a default that is an array or an object");
          c.column.default_sql = sent_sql(knex_default(v, c.column.type));
        }
        c.has_default = true;
      } else if (m == "unsigned" || m == "first" || m == "after") {
        // No effect on PostgreSQL or SQLite (Knex writes them for MySQL only).
      } else if (m == "primary") {
        if (!c.increments) {
          c.primary = true;
          c.primary_name = name_option(s, 0, "constraintName").value_or(work.table.name + "_pkey");
        }
      } else if (m == "unique") {
        c.unique_name = name_option(s, 0, "indexName")
                            .value_or(knex_index_name(work.table.name, {c.column.name}, "unique"));
        c.unique_index = unique_as_index(s, 0);
      } else if (m == "index") {
        if (s.args.size() > 1) give_up("index() with an index type or options");
        c.index_name = name_option(s, 0, "indexName")
                           .value_or(knex_index_name(work.table.name, {c.column.name}, "index"));
      } else if (m == "references" ||
                 (c.references && reference_segment(s, *c.references, key_name))) {
        // A column's references() hands the column builder back once the table is named
        // (tablebuilder.js foreign: _columnBuilder), so column modifiers may follow it.
        if (m == "references") {
          if (c.references) give_up("a second references() on one column");
          c.references.emplace();
          reference_segment(s, *c.references, key_name);
        }
      } else if (m == "comment") {
        warn(s.call, "the comment on column '" + c.column.name +
                         "' is not kept (polymigrate writes no comments)");
      } else if (m == "alter") {
        if (!s.args.empty()) give_up("alter() with options");
        c.alter = true;
      } else {
        give_up("the column modifier ." + m + "() is not translated");
      }
    }
    if (c.references) {
      if (c.references->columns.empty() || c.references->table.empty())
        give_up("a foreign key without references() and a table");
      c.foreign_name =
          key_name.value_or(knex_index_name(work.table.name, {c.column.name}, "foreign"));
    }
    if (!c.column.type.enum_name.empty()) {
      model::CreateEnum type;
      type.type = {work.table.schema, c.column.type.enum_name};
      type.values = c.column.type.enum_values;
      work.pre.push_back(model::OpStep{type, {}, c.line});
    }
    // The statements a column's modifiers add, in the order Knex pushes them.
    if (c.primary) {
      model::Constraint pk;
      pk.kind = model::ConstraintKind::primary_key;
      pk.name = c.primary_name;
      pk.columns = {c.column.name};
      add_constraint(work, pk, first.call);
    }
    if (c.unique_name && c.unique_index) {
      add_unique_index(work, {c.column.name}, *c.unique_name, first.call);
    } else if (c.unique_name) {
      model::Constraint u;
      u.kind = model::ConstraintKind::unique;
      u.name = *c.unique_name;
      u.columns = {c.column.name};
      add_constraint(work, u, first.call);
    }
    if (c.index_name) add_index(work, {c.column.name}, c.index_name, first.call);
    if (c.references) {
      model::Constraint fk;
      fk.kind = model::ConstraintKind::foreign_key;
      fk.name = c.foreign_name;
      fk.columns = {c.column.name};
      fk.references = c.references;
      add_constraint(work, fk, first.call);
    }
    work.columns.push_back(std::move(c));
  }
};

}  // namespace

TranslatedBody translate_function(const parse::SyntaxTree& tree, const FunctionNode& function,
                                  const TranslationContext& context) {
  return Translator(tree, context).run(function);
}

}  // namespace pm::knex
