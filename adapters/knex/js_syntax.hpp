// Reading JavaScript and TypeScript syntax trees without running them: the literal values a
// knexfile or a migration holds (strings, numbers, arrays, objects, process.env.X, __dirname),
// member chains and call arguments. Both grammars share these node names.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/syntax_tree.hpp"

namespace pm::knex {

// The grammar-neutral node helpers (src/parse).
using parse::field;
using parse::is_type;
using parse::named_children;
using parse::node_type;

// TypeScript wrappers that do not change a value: `x as T`, `x satisfies T`, `x!`, `(x)`, `<T>x`.
TSNode unwrap(TSNode node);

// A value as JavaScript would compute it from literals alone.
struct JsValue {
  enum class Kind { undefined, null, boolean, number, string, array, object };
  Kind kind = Kind::undefined;
  bool boolean = false;
  double number = 0;
  std::string text;  // string value; for numbers the source spelling
  std::vector<JsValue> items;
  std::vector<std::pair<std::string, JsValue>> entries;  // object properties in source order

  static JsValue string(std::string value);
  bool is_string() const { return kind == Kind::string; }
  bool is_object() const { return kind == Kind::object; }
  bool truthy() const;
  const JsValue* get(std::string_view key) const;  // last property of that name
  std::string to_string() const;                   // String(value), as JavaScript prints it
};

// Evaluates constant expressions. Names resolve through `bindings` (the file's top-level
// `const x = ...`), `process.env.X` through `env`, `__dirname` to `dirname`; `path.join` and
// `path.resolve` are computed. Anything else fails with the reason in `error()`.
class JsEvaluator {
 public:
  JsEvaluator(const parse::SyntaxTree& tree, std::map<std::string, std::string> env,
              std::string dirname)
      : tree_(tree), env_(std::move(env)), dirname_(std::move(dirname)) {}

  void bind(const std::string& name, TSNode value) { bindings_[name] = value; }
  const std::map<std::string, TSNode>& bindings() const { return bindings_; }

  std::optional<JsValue> eval(TSNode node);
  // eval() with the error of an earlier evaluation forgotten.
  std::optional<JsValue> evaluate(TSNode node) {
    error_.clear();
    error_line_ = 0;
    return eval(node);
  }
  // The first expression that could not be evaluated, in the source's words, and its line.
  const std::string& error() const { return error_; }
  int error_line() const { return error_line_; }

 private:
  std::optional<JsValue> fail(TSNode node, const std::string& why);
  std::optional<JsValue> eval_member(TSNode node);
  std::optional<JsValue> eval_call(TSNode node);
  std::optional<JsValue> eval_binary(TSNode node);

  const parse::SyntaxTree& tree_;
  std::map<std::string, std::string> env_;
  std::string dirname_;
  std::map<std::string, TSNode> bindings_;
  std::vector<std::string> resolving_;  // names being evaluated (a = b, b = a)
  std::string error_;
  int error_line_ = 0;
};

// The value of a string literal ('..', "..", or a template without ${}); nullopt otherwise.
std::optional<std::string> string_literal(const parse::SyntaxTree& tree, TSNode node);

// "knex.schema.createTable" for a member chain of identifiers; "" for anything else.
std::string member_path(const parse::SyntaxTree& tree, TSNode node);

// Arguments of a call node, in source order; `spread` when `...xs` appears.
struct CallArgs {
  std::vector<TSNode> items;
  bool spread = false;
};
CallArgs call_args(TSNode call);

// A function value (arrow, function expression or declaration, method): its body and the name
// of its first parameter ("" when it has none or it is a pattern).
struct FunctionNode {
  TSNode node{};
  TSNode body{};  // statement_block, or an expression for `x => expr`
  std::string first_param;
  bool is_async = false;
};
std::optional<FunctionNode> function_node(const parse::SyntaxTree& tree, TSNode node);

}  // namespace pm::knex
