// The statement is parsed again with the grammar the adapter used (never run): its outermost call
// chain is walked from the last call back to the root, method names collected on the way.
#include "lint/knex_data_change.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "adapters/knex/js_syntax.hpp"
#include "parse/syntax_tree.hpp"

namespace pm::lint {

namespace {

using knex::call_args;
using knex::string_literal;
using knex::unwrap;
using parse::field;
using parse::is_type;
using parse::named_children;

// Query-builder calls that write rows (lib/query/querybuilder.js): the chain is a data change.
const std::set<std::string> kWriters = {"update", "del", "delete", "increment", "decrement"};

// The expression a statement evaluates: `await x;`, `return x;`, `x;`.
TSNode statement_expression(TSNode statement) {
  if (!is_type(statement, "expression_statement") && !is_type(statement, "return_statement"))
    return TSNode{};
  auto inner = named_children(statement);
  if (inner.empty()) return TSNode{};
  TSNode expression = unwrap(inner.front());
  if (is_type(expression, "await_expression")) {
    auto awaited = named_children(expression);
    if (awaited.empty()) return TSNode{};
    expression = unwrap(awaited.front());
  }
  return expression;
}

}  // namespace

std::optional<StatementFacts> knex_data_change(const model::OpaqueStep& step) {
  if (step.language != "javascript" && step.language != "typescript") return std::nullopt;
  const parse::Language language =
      step.language == "typescript" ? parse::Language::typescript : parse::Language::javascript;
  const parse::SyntaxTree tree(language, step.code);
  if (tree.has_errors()) return std::nullopt;
  const auto statements = named_children(tree.root());
  if (statements.size() != 1) return std::nullopt;
  TSNode node = statement_expression(statements.front());

  // Outermost call first: knex('t').where(...).update(...) is update(where(knex('t'))).
  std::vector<std::string> methods;
  std::string table;
  while (is_type(node, "call_expression")) {
    TSNode function = unwrap(field(node, "function"));
    if (is_type(function, "identifier")) {  // the root: knex('t')
      const auto args = call_args(node);
      if (args.items.size() != 1) return std::nullopt;
      if (auto name = string_literal(tree, args.items.front())) table = *name;
      break;
    }
    if (!is_type(function, "member_expression")) return std::nullopt;
    const std::string method(tree.text(field(function, "property")));
    methods.push_back(method);
    if ((method == "table" || method == "from" || method == "into") && table.empty()) {
      const auto args = call_args(node);
      if (args.items.size() == 1)
        if (auto name = string_literal(tree, args.items.front())) table = *name;
    }
    node = unwrap(field(function, "object"));
  }
  // The writer may be followed by .returning(...), .timeout(...) and the like.
  const auto writer = std::find_if(methods.begin(), methods.end(),
                                   [](const std::string& m) { return kWriters.count(m) > 0; });
  if (table.empty() || writer == methods.end()) return std::nullopt;
  StatementFacts facts;
  facts.kind = StatementKind::data_change;
  facts.verb = *writer == "del" || *writer == "delete" ? "DELETE" : "UPDATE";
  facts.object = table;
  facts.bounded = false;
  for (const auto& method : methods)
    if (method.starts_with("where") || method.starts_with("andWhere") ||
        method.starts_with("orWhere") || method == "limit")
      facts.bounded = true;
  return facts;
}

}  // namespace pm::lint
