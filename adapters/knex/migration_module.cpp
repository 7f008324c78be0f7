#include "adapters/knex/migration_module.hpp"

#include "adapters/knex/diagnostic_codes.hpp"
#include "adapters/knex/migration_source.hpp"

namespace pm::knex {

namespace {

parse::Language language_of(const std::string& name) {
  const std::string ext = js_extname(name);
  if (ext == ".ts" || ext == ".mts" || ext == ".cts") return parse::Language::typescript;
  if (ext == ".tsx") return parse::Language::tsx;
  return parse::Language::javascript;
}

// The exports of a module: property name -> the node that gives its value.
struct Exports {
  std::map<std::string, TSNode> properties;
  std::optional<TSNode> whole;  // module.exports = X / export default X
};

class ModuleReader {
 public:
  ModuleReader(const parse::SyntaxTree& tree, JsEvaluator& eval) : tree_(tree), eval_(eval) {}

  Exports collect() {
    Exports out;
    for (TSNode statement : named_children(tree_.root())) {
      const auto type = node_type(statement);
      if (type == "function_declaration") {
        functions_[std::string(tree_.text(field(statement, "name")))] = statement;
      } else if (type == "lexical_declaration" || type == "variable_declaration") {
        bind(statement);
      } else if (type == "expression_statement") {
        auto inner = named_children(statement);
        if (inner.size() == 1 && is_type(inner.front(), "assignment_expression")) {
          const std::string target = member_path(tree_, field(inner.front(), "left"));
          TSNode value = field(inner.front(), "right");
          if (target == "module.exports") {
            out.whole = value;
            out.properties.clear();
          } else if (target.rfind("module.exports.", 0) == 0) {
            out.properties[target.substr(15)] = value;
          } else if (target.rfind("exports.", 0) == 0) {
            out.properties[target.substr(8)] = value;
          }
        }
      } else if (type == "export_statement") {
        TSNode declaration = field(statement, "declaration");
        TSNode value = field(statement, "value");
        if (is_type(declaration, "function_declaration")) {
          const std::string name(tree_.text(field(declaration, "name")));
          functions_[name] = declaration;
          out.properties[name] = declaration;
        } else if (!ts_node_is_null(declaration)) {
          bind(declaration);
          for (TSNode d : named_children(declaration))
            if (is_type(d, "variable_declarator") && is_type(field(d, "name"), "identifier"))
              out.properties[std::string(tree_.text(field(d, "name")))] = field(d, "value");
        } else if (!ts_node_is_null(value)) {
          out.whole = value;
        } else {
          // export { up, down }
          for (TSNode clause : named_children(statement))
            if (is_type(clause, "export_clause"))
              for (TSNode spec : named_children(clause)) {
                TSNode name = field(spec, "name");
                TSNode alias = field(spec, "alias");
                out.properties[std::string(tree_.text(ts_node_is_null(alias) ? name : alias))] =
                    name;
              }
        }
      }
    }
    return out;
  }

  // An exported value's node: a name stands for the function or constant it names.
  TSNode resolve(TSNode node) {
    for (int i = 0; i < 10; ++i) {
      node = unwrap(node);
      if (!is_type(node, "identifier") && !is_type(node, "shorthand_property_identifier"))
        return node;
      const std::string name(tree_.text(node));
      if (auto f = functions_.find(name); f != functions_.end()) return f->second;
      auto b = eval_.bindings().find(name);
      if (b == eval_.bindings().end()) return node;
      node = b->second;
    }
    return node;
  }

  // Property `key` of the module: its own exports, or the members of module.exports = { ... }.
  std::optional<TSNode> member(const Exports& exports, const std::string& key) {
    if (auto p = exports.properties.find(key); p != exports.properties.end())
      return resolve(p->second);
    if (!exports.whole) return std::nullopt;
    TSNode object = resolve(*exports.whole);
    if (!is_type(object, "object")) return std::nullopt;
    std::optional<TSNode> found;
    for (TSNode entry : named_children(object)) {
      const auto type = node_type(entry);
      if (type == "pair") {
        TSNode k = field(entry, "key");
        auto name = is_type(k, "property_identifier") ? std::optional<std::string>(tree_.text(k))
                                                      : string_literal(tree_, k);
        if (name && *name == key) found = resolve(field(entry, "value"));
      } else if (type == "shorthand_property_identifier" && tree_.text(entry) == key) {
        found = resolve(entry);
      } else if (type == "method_definition" && tree_.text(field(entry, "name")) == key) {
        found = entry;
      }
    }
    return found;
  }

 private:
  void bind(TSNode declaration) {
    for (TSNode d : named_children(declaration)) {
      if (!is_type(d, "variable_declarator")) continue;
      TSNode name = field(d, "name");
      TSNode value = field(d, "value");
      if (is_type(name, "identifier") && !ts_node_is_null(value))
        eval_.bind(std::string(tree_.text(name)), value);
    }
  }

  const parse::SyntaxTree& tree_;
  JsEvaluator& eval_;
  std::map<std::string, TSNode> functions_;
};

}  // namespace

MigrationModule read_migration_module(std::string source, const std::string& file,
                                      const std::string& name,
                                      const std::map<std::string, std::string>& env,
                                      model::Diagnostics& diagnostics,
                                      std::optional<model::Dialect> dialect) {
  MigrationModule out;
  const auto language = language_of(name);
  parse::SyntaxTree tree(language, std::move(source));
  if (tree.has_errors()) {
    // The first error node, for the line Node would complain about.
    int line = 0;
    TSTreeCursor cursor = ts_tree_cursor_new(tree.root());
    for (bool more = true; more;) {
      TSNode node = ts_tree_cursor_current_node(&cursor);
      if (is_type(node, "ERROR") || ts_node_is_missing(node)) {
        line = parse::SyntaxTree::line(node);
        break;
      }
      if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
      while (!(more = ts_tree_cursor_goto_next_sibling(&cursor)))
        if (!ts_tree_cursor_goto_parent(&cursor)) break;
    }
    ts_tree_cursor_delete(&cursor);
    diagnostics.push_back(
        {model::Severity::error, codes::unparseable,
         "the migration is not valid " +
             std::string(language == parse::Language::javascript ? "JavaScript" : "TypeScript") +
             "; Knex could not load it",
         file, line});
    out.parsed = false;
    return out;
  }
  JsEvaluator eval(tree, env, "");
  ModuleReader reader(tree, eval);
  Exports exports = reader.collect();
  // ESM `export default { up, down }` and TypeScript's compiled `exports.default`.
  if (auto d = exports.properties.find("default");
      d != exports.properties.end() && !exports.whole) {
    exports.whole = d->second;
  }
  TranslationContext context{file,
                             language == parse::Language::javascript ? "javascript" : "typescript",
                             &eval, &diagnostics, dialect};
  auto read = [&](const char* key, std::optional<TranslatedBody>& body, int& line) {
    auto node = reader.member(exports, key);
    if (!node) return;
    auto fn = function_node(tree, *node);
    if (!fn) return;
    line = parse::SyntaxTree::line(fn->node);
    body = translate_function(tree, *fn, context);
  };
  read("up", out.up, out.up_line);
  read("down", out.down, out.down_line);
  if (auto config = reader.member(exports, "config")) {
    auto value = eval.evaluate(*config);
    if (value && value->is_object())
      if (const JsValue* t = value->get("transaction"); t && t->kind == JsValue::Kind::boolean)
        out.transaction = t->boolean;
  }
  if (!out.up || !out.down)
    diagnostics.push_back({model::Severity::error, codes::invalid_migration,
                           "Invalid migration: " + name + " must have both an up and down function",
                           file, 1});
  return out;
}

}  // namespace pm::knex
