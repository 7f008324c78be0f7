// Reading Python syntax trees without running them: literal values, dotted names and call
// arguments, the pieces every part of the Alembic reader needs from tree-sitter's nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse/syntax_tree.hpp"

namespace pm::alembic {

// The grammar-neutral node helpers (src/parse).
using parse::field;
using parse::is_type;
using parse::named_children;
using parse::node_type;

// A Python literal as `ast.literal_eval` would accept it (no names, no calls).
struct PyValue {
  enum class Kind { none, boolean, integer, floating, string, tuple, list, dict };
  Kind kind = Kind::none;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;  // string value; the source spelling for numbers
  std::vector<PyValue> items;
  std::vector<std::pair<PyValue, PyValue>> entries;

  bool is_string() const { return kind == Kind::string; }
  bool is_sequence() const { return kind == Kind::tuple || kind == Kind::list; }
};

// The value of a literal expression, or nullopt when it is not one (a name, a call, an f-string).
std::optional<PyValue> literal_value(const parse::SyntaxTree& tree, TSNode node);

// "sa.dialects.postgresql.UUID" for an attribute chain of identifiers; "" for anything else.
std::string dotted_name(const parse::SyntaxTree& tree, TSNode node);

// The arguments of a call node, in source order. `unpacked` is set when *args or **kwargs appear:
// then nothing can be said statically about the arguments.
struct CallArgs {
  std::vector<TSNode> positional;
  std::vector<std::pair<std::string, TSNode>> keywords;
  bool unpacked = false;

  const TSNode* keyword(std::string_view name) const;
};
CallArgs call_args(const parse::SyntaxTree& tree, TSNode call);

// The docstring of a module or function body: the first statement when it is a string.
std::optional<std::string> docstring(const parse::SyntaxTree& tree, TSNode block);

}  // namespace pm::alembic
