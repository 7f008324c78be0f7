#include "adapters/knex/js_syntax.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>

namespace pm::knex {

TSNode unwrap(TSNode node) {
  while (true) {
    const auto type = node_type(node);
    if (type == "parenthesized_expression" || type == "as_expression" ||
        type == "satisfies_expression" || type == "non_null_expression" ||
        type == "type_assertion") {
      auto inner = named_children(node);
      if (inner.empty()) return node;
      // type_assertion is `<T>expr`: the expression comes last; the others put it first.
      node = type == "type_assertion" ? inner.back() : inner.front();
      continue;
    }
    return node;
  }
}

JsValue JsValue::string(std::string value) {
  JsValue v;
  v.kind = Kind::string;
  v.text = std::move(value);
  return v;
}

bool JsValue::truthy() const {
  switch (kind) {
    case Kind::undefined:
    case Kind::null:
      return false;
    case Kind::boolean:
      return boolean;
    case Kind::number:
      return number != 0 && !std::isnan(number);
    case Kind::string:
      return !text.empty();
    case Kind::array:
    case Kind::object:
      return true;
  }
  return false;
}

const JsValue* JsValue::get(std::string_view key) const {
  const JsValue* found = nullptr;
  for (const auto& [name, value] : entries)
    if (name == key) found = &value;
  return found;
}

std::string JsValue::to_string() const {
  switch (kind) {
    case Kind::undefined:
      return "undefined";
    case Kind::null:
      return "null";
    case Kind::boolean:
      return boolean ? "true" : "false";
    case Kind::number: {
      if (std::floor(number) == number && std::fabs(number) < 1e15)
        return std::to_string(static_cast<long long>(number));
      return text;
    }
    case Kind::string:
      return text;
    case Kind::array: {
      std::string out;
      for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? "," : "") + (items[i].kind == Kind::null || items[i].kind == Kind::undefined
                                     ? std::string()
                                     : items[i].to_string());
      return out;
    }
    case Kind::object:
      return "[object Object]";
  }
  return {};
}

namespace {

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

bool all_hex(std::string_view digits) {
  if (digits.empty()) return false;
  for (char c : digits)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// One escape_sequence node's text ("\\n", "\\u00e9", "\\u{1F600}", "\\\n").
void append_escape(std::string& out, std::string_view escape) {
  if (escape.size() < 2) return;
  const char e = escape[1];
  switch (e) {
    case 'n':
      out += '\n';
      return;
    case 't':
      out += '\t';
      return;
    case 'r':
      out += '\r';
      return;
    case 'b':
      out += '\b';
      return;
    case 'f':
      out += '\f';
      return;
    case 'v':
      out += '\v';
      return;
    case '0':
      out += '\0';
      return;
    case '\n':
      return;  // a line continuation
    case '\r':
      return;
    default:
      break;
  }
  if ((e == 'x' && escape.size() == 4 && all_hex(escape.substr(2))) ||
      (e == 'u' && escape.size() == 6 && all_hex(escape.substr(2)))) {
    append_utf8(out, std::stoul(std::string(escape.substr(2)), nullptr, 16));
    return;
  }
  if (e == 'u' && escape.size() > 4 && escape[2] == '{' && escape.back() == '}' &&
      all_hex(escape.substr(3, escape.size() - 4))) {
    append_utf8(out, std::stoul(std::string(escape.substr(3, escape.size() - 4)), nullptr, 16));
    return;
  }
  out += escape.substr(1);  // \' \" \\ and any other character stand for themselves
}

}  // namespace

std::optional<std::string> string_literal(const parse::SyntaxTree& tree, TSNode node) {
  node = unwrap(node);
  const auto type = node_type(node);
  if (type != "string" && type != "template_string") return std::nullopt;
  std::string out;
  const uint32_t n = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode part = ts_node_named_child(node, i);
    const auto part_type = node_type(part);
    if (part_type == "string_fragment")
      out += tree.text(part);
    else if (part_type == "escape_sequence")
      append_escape(out, tree.text(part));
    else
      return std::nullopt;  // a ${} substitution
  }
  return out;
}

std::string member_path(const parse::SyntaxTree& tree, TSNode node) {
  node = unwrap(node);
  const auto type = node_type(node);
  if (type == "identifier" || type == "this") return std::string(tree.text(node));
  if (type == "member_expression") {
    std::string object = member_path(tree, field(node, "object"));
    TSNode property = field(node, "property");
    if (object.empty() || !is_type(property, "property_identifier")) return {};
    return object + "." + std::string(tree.text(property));
  }
  return {};
}

CallArgs call_args(TSNode call) {
  CallArgs args;
  for (TSNode arg : named_children(field(call, "arguments"))) {
    if (is_type(arg, "spread_element"))
      args.spread = true;
    else
      args.items.push_back(arg);
  }
  return args;
}

std::optional<FunctionNode> function_node(const parse::SyntaxTree& tree, TSNode node) {
  node = unwrap(node);
  const auto type = node_type(node);
  if (type != "arrow_function" && type != "function_expression" && type != "function" &&
      type != "function_declaration" && type != "method_definition")
    return std::nullopt;
  FunctionNode fn;
  fn.node = node;
  fn.body = field(node, "body");
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i)
    if (is_type(ts_node_child(node, i), "async")) fn.is_async = true;
  TSNode single = field(node, "parameter");  // `knex => ...`
  if (is_type(single, "identifier")) {
    fn.first_param = std::string(tree.text(single));
    return fn;
  }
  auto params = named_children(field(node, "parameters"));
  if (!params.empty()) {
    TSNode first = params.front();
    if (is_type(first, "required_parameter") || is_type(first, "optional_parameter"))
      first = field(first, "pattern");
    if (is_type(first, "identifier")) fn.first_param = std::string(tree.text(first));
  }
  return fn;
}

// ---- evaluation ---------------------------------------------------------------------------

std::optional<JsValue> JsEvaluator::fail(TSNode node, const std::string& why) {
  if (error_.empty()) {
    std::string text(tree_.text(node));
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    error_ = why + " (`" + text + "`)";
    error_line_ = parse::SyntaxTree::line(node);
  }
  return std::nullopt;
}

std::optional<JsValue> JsEvaluator::eval(TSNode node) {
  node = unwrap(node);
  const auto type = node_type(node);
  JsValue value;
  if (type == "string" || type == "template_string") {
    if (auto text = string_literal(tree_, node)) return JsValue::string(std::move(*text));
    // A template with substitutions: each ${} evaluated and printed with String().
    std::string out;
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode part = ts_node_named_child(node, i);
      const auto part_type = node_type(part);
      if (part_type == "string_fragment") {
        out += tree_.text(part);
      } else if (part_type == "escape_sequence") {
        append_escape(out, tree_.text(part));
      } else if (part_type == "template_substitution") {
        auto inner = named_children(part);
        if (inner.size() != 1) return fail(part, "a template substitution polymigrate cannot read");
        auto piece = eval(inner.front());
        if (!piece) return std::nullopt;
        out += piece->to_string();
      }
    }
    return JsValue::string(std::move(out));
  }
  if (type == "number") {
    value.kind = JsValue::Kind::number;
    value.text = std::string(tree_.text(node));
    std::string digits;
    for (char c : value.text)
      if (c != '_') digits += c;
    try {
      value.number = std::stod(digits);
    } catch (const std::exception&) {
      return fail(node, "a number polymigrate cannot read");
    }
    return value;
  }
  if (type == "true" || type == "false") {
    value.kind = JsValue::Kind::boolean;
    value.boolean = type == "true";
    return value;
  }
  if (type == "null") {
    value.kind = JsValue::Kind::null;
    return value;
  }
  if (type == "undefined") return value;
  if (type == "identifier") {
    const std::string name(tree_.text(node));
    if (name == "undefined") return value;
    if (name == "__dirname") return JsValue::string(dirname_);
    auto bound = bindings_.find(name);
    if (bound == bindings_.end()) return fail(node, "`" + name + "` is not a constant of the file");
    for (const auto& r : resolving_)
      if (r == name) return fail(node, "`" + name + "` refers to itself");
    resolving_.push_back(name);
    auto result = eval(bound->second);
    resolving_.pop_back();
    return result;
  }
  if (type == "array") {
    value.kind = JsValue::Kind::array;
    for (TSNode item : named_children(node)) {
      if (is_type(item, "spread_element")) {
        auto inner = named_children(item);
        auto spread = inner.empty() ? std::nullopt : eval(inner.front());
        if (!spread) return inner.empty() ? fail(item, "an empty spread") : std::nullopt;
        if (spread->kind != JsValue::Kind::array) return fail(item, "a spread of a non-array");
        for (auto& v : spread->items) value.items.push_back(std::move(v));
        continue;
      }
      auto v = eval(item);
      if (!v) return std::nullopt;
      value.items.push_back(std::move(*v));
    }
    return value;
  }
  if (type == "object") {
    value.kind = JsValue::Kind::object;
    for (TSNode entry : named_children(node)) {
      const auto entry_type = node_type(entry);
      if (entry_type == "pair") {
        TSNode key = field(entry, "key");
        std::string name;
        if (is_type(key, "property_identifier"))
          name = std::string(tree_.text(key));
        else if (auto text = string_literal(tree_, key))
          name = *text;
        else if (is_type(key, "number"))
          name = std::string(tree_.text(key));
        else
          return fail(key, "a computed property name");
        auto v = eval(field(entry, "value"));
        if (!v) return std::nullopt;
        value.entries.emplace_back(std::move(name), std::move(*v));
      } else if (entry_type == "shorthand_property_identifier") {
        const std::string name(tree_.text(entry));
        auto bound = bindings_.find(name);
        if (bound == bindings_.end())
          return fail(entry, "`" + name + "` is not a constant of the file");
        auto v = eval(bound->second);
        if (!v) return std::nullopt;
        value.entries.emplace_back(name, std::move(*v));
      } else if (entry_type == "spread_element") {
        auto inner = named_children(entry);
        auto spread = inner.empty() ? std::nullopt : eval(inner.front());
        if (!spread) return inner.empty() ? fail(entry, "an empty spread") : std::nullopt;
        if (spread->kind == JsValue::Kind::object)
          for (auto& e : spread->entries) value.entries.push_back(std::move(e));
        else if (spread->truthy())
          return fail(entry, "a spread of a non-object");
      } else {
        return fail(entry, "an object member polymigrate cannot read");
      }
    }
    return value;
  }
  if (type == "member_expression" || type == "subscript_expression") return eval_member(node);
  if (type == "call_expression") return eval_call(node);
  if (type == "binary_expression") return eval_binary(node);
  if (type == "unary_expression") {
    auto operand = eval(field(node, "argument"));
    if (!operand) return std::nullopt;
    const std::string op(tree_.text(field(node, "operator")));
    if (op == "!") {
      value.kind = JsValue::Kind::boolean;
      value.boolean = !operand->truthy();
      return value;
    }
    if (op == "-" && operand->kind == JsValue::Kind::number) {
      operand->number = -operand->number;
      operand->text = "-" + operand->text;
      return operand;
    }
    return fail(node, "an operator polymigrate does not compute");
  }
  if (type == "ternary_expression") {
    auto condition = eval(field(node, "condition"));
    if (!condition) return std::nullopt;
    return eval(field(node, condition->truthy() ? "consequence" : "alternative"));
  }
  return fail(node, "an expression polymigrate does not compute without running it");
}

std::optional<JsValue> JsEvaluator::eval_member(TSNode node) {
  TSNode object = field(node, "object");
  std::string key;
  if (is_type(node, "member_expression")) {
    TSNode property = field(node, "property");
    key = std::string(tree_.text(property));
  } else {
    auto index = eval(field(node, "index"));
    if (!index) return std::nullopt;
    key = index->to_string();
  }
  // process.env.X: the variable's value, or undefined when it is not set (as Node gives it).
  if (member_path(tree_, object) == "process.env") {
    auto found = env_.find(key);
    if (found == env_.end()) return JsValue{};
    return JsValue::string(found->second);
  }
  auto base = eval(object);
  if (!base) return std::nullopt;
  if (base->kind == JsValue::Kind::object) {
    if (const JsValue* v = base->get(key)) return *v;
    return JsValue{};
  }
  if (base->kind == JsValue::Kind::array) {
    if (key == "length") {
      JsValue length;
      length.kind = JsValue::Kind::number;
      length.number = static_cast<double>(base->items.size());
      return length;
    }
    for (char c : key)
      if (!std::isdigit(static_cast<unsigned char>(c))) return JsValue{};
    const auto index = std::stoul(key);
    return index < base->items.size() ? base->items[index] : JsValue{};
  }
  return fail(node, "a property of a value that is not an object");
}

std::optional<JsValue> JsEvaluator::eval_call(TSNode node) {
  const std::string callee = member_path(tree_, field(node, "function"));
  auto args = call_args(node);
  if (args.spread) return fail(node, "a call with ...spread arguments");
  // path.join / path.resolve over constant strings, as Node's path module computes them.
  if (callee == "path.join" || callee == "path.resolve" || callee == "join" ||
      callee == "resolve") {
    std::filesystem::path out;
    bool first = true;
    for (TSNode arg : args.items) {
      auto piece = eval(arg);
      if (!piece) return std::nullopt;
      if (!piece->is_string()) return fail(arg, "a path piece that is not a string");
      std::filesystem::path p(piece->text);
      if (callee.find("resolve") != std::string::npos && p.is_absolute())
        out = p;
      else
        out = first ? p : out / p;
      first = false;
    }
    if (callee.find("resolve") != std::string::npos && out.is_relative())
      out = std::filesystem::path(dirname_) / out;  // resolved against the knexfile's folder
    std::string text = out.lexically_normal().generic_string();
    if (text.size() > 1 && text.back() == '/') text.pop_back();
    return JsValue::string(text.empty() ? "." : text);
  }
  return fail(node, "a function call");
}

std::optional<JsValue> JsEvaluator::eval_binary(TSNode node) {
  const std::string op(tree_.text(field(node, "operator")));
  auto left = eval(field(node, "left"));
  if (!left) return std::nullopt;
  if (op == "||") return left->truthy() ? left : eval(field(node, "right"));
  if (op == "&&") return left->truthy() ? eval(field(node, "right")) : left;
  if (op == "??")
    return left->kind == JsValue::Kind::undefined || left->kind == JsValue::Kind::null
               ? eval(field(node, "right"))
               : left;
  auto right = eval(field(node, "right"));
  if (!right) return std::nullopt;
  if (op == "+") {
    if (left->kind == JsValue::Kind::number && right->kind == JsValue::Kind::number) {
      JsValue sum = *left;
      sum.number += right->number;
      return sum;
    }
    return JsValue::string(left->to_string() + right->to_string());
  }
  if (op == "===" || op == "!==" || op == "==" || op == "!=") {
    JsValue result;
    result.kind = JsValue::Kind::boolean;
    result.boolean = left->kind == right->kind && left->to_string() == right->to_string();
    if (op[0] == '!') result.boolean = !result.boolean;
    return result;
  }
  return fail(node, "an operator polymigrate does not compute");
}

}  // namespace pm::knex
