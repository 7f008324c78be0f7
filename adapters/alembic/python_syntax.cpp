#include "adapters/alembic/python_syntax.hpp"

#include <cctype>
#include <cstring>

namespace pm::alembic {

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

// Python's escape sequences in a non-raw literal; an unknown escape keeps its backslash, as
// Python does.
std::string unescape(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    auto hex = [&](std::size_t digits) {
      if (i + digits >= body.size()) return false;
      std::string h(body.substr(i + 1, digits));
      if (h.size() != digits) return false;
      for (char d : h)
        if (!std::isxdigit(static_cast<unsigned char>(d))) return false;
      append_utf8(out, std::stoul(h, nullptr, 16));
      i += digits;
      return true;
    };
    switch (e) {
      case '\n':
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '0':
        out += '\0';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '\'':
        out += '\'';
        break;
      case '"':
        out += '"';
        break;
      case 'x':
        if (!hex(2)) out += "\\x";
        break;
      case 'u':
        if (!hex(4)) out += "\\u";
        break;
      case 'U':
        if (!hex(8)) out += "\\U";
        break;
      default:
        out += '\\';
        out += e;
    }
  }
  return out;
}

std::optional<std::string> string_value(std::string_view text) {
  std::size_t prefix = 0;
  bool raw = false;
  while (prefix < text.size() && std::isalpha(static_cast<unsigned char>(text[prefix]))) {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(text[prefix])));
    if (p == 'f') return std::nullopt;  // an f-string is computed, not a literal
    if (p == 'r') raw = true;
    ++prefix;
  }
  text.remove_prefix(prefix);
  std::size_t quote =
      (text.size() >= 6 && (text.substr(0, 3) == "'''" || text.substr(0, 3) == "\"\"\"")) ? 3 : 1;
  if (text.size() < 2 * quote) return std::nullopt;
  std::string_view body = text.substr(quote, text.size() - 2 * quote);
  return raw ? std::string(body) : unescape(body);
}

}  // namespace

std::optional<PyValue> literal_value(const parse::SyntaxTree& tree, TSNode node) {
  if (ts_node_is_null(node)) return std::nullopt;
  const auto type = node_type(node);
  PyValue value;
  if (type == "none") return value;
  if (type == "true" || type == "false") {
    value.kind = PyValue::Kind::boolean;
    value.boolean = type == "true";
    return value;
  }
  if (type == "integer") {
    value.kind = PyValue::Kind::integer;
    value.text = std::string(tree.text(node));
    std::string digits;
    for (char c : value.text)
      if (c != '_') digits += c;
    try {
      value.integer = std::stoll(digits, nullptr, 0);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    return value;
  }
  if (type == "float") {
    value.kind = PyValue::Kind::floating;
    value.text = std::string(tree.text(node));
    return value;
  }
  if (type == "unary_operator") {
    auto operand = literal_value(tree, field(node, "argument"));
    std::string_view op = tree.text(field(node, "operator"));
    if (!operand || op != "-" ||
        (operand->kind != PyValue::Kind::integer && operand->kind != PyValue::Kind::floating))
      return std::nullopt;
    operand->integer = -operand->integer;
    operand->text = "-" + operand->text;
    return operand;
  }
  if (type == "string") {
    auto text = string_value(tree.text(node));
    if (!text) return std::nullopt;
    value.kind = PyValue::Kind::string;
    value.text = std::move(*text);
    return value;
  }
  if (type == "concatenated_string") {
    value.kind = PyValue::Kind::string;
    for (TSNode part : named_children(node)) {
      auto piece = literal_value(tree, part);
      if (!piece || !piece->is_string()) return std::nullopt;
      value.text += piece->text;
    }
    return value;
  }
  if (type == "parenthesized_expression") {
    auto inner = named_children(node);
    if (inner.size() != 1) return std::nullopt;
    return literal_value(tree, inner.front());
  }
  if (type == "tuple" || type == "list") {
    value.kind = type == "tuple" ? PyValue::Kind::tuple : PyValue::Kind::list;
    for (TSNode item : named_children(node)) {
      auto v = literal_value(tree, item);
      if (!v) return std::nullopt;
      value.items.push_back(std::move(*v));
    }
    return value;
  }
  if (type == "dictionary") {
    value.kind = PyValue::Kind::dict;
    for (TSNode pair : named_children(node)) {
      if (!is_type(pair, "pair")) return std::nullopt;
      auto k = literal_value(tree, field(pair, "key"));
      auto v = literal_value(tree, field(pair, "value"));
      if (!k || !v) return std::nullopt;
      value.entries.emplace_back(std::move(*k), std::move(*v));
    }
    return value;
  }
  return std::nullopt;
}

std::string dotted_name(const parse::SyntaxTree& tree, TSNode node) {
  if (is_type(node, "identifier")) return std::string(tree.text(node));
  if (is_type(node, "attribute")) {
    std::string object = dotted_name(tree, field(node, "object"));
    if (object.empty()) return {};
    return object + "." + std::string(tree.text(field(node, "attribute")));
  }
  return {};
}

const TSNode* CallArgs::keyword(std::string_view name) const {
  for (const auto& [key, node] : keywords)
    if (key == name) return &node;
  return nullptr;
}

CallArgs call_args(const parse::SyntaxTree& tree, TSNode call) {
  CallArgs args;
  TSNode list = field(call, "arguments");
  if (!is_type(list, "argument_list")) {
    // f(x for x in y): a generator argument is not something we can read statically.
    args.unpacked = !ts_node_is_null(list);
    return args;
  }
  for (TSNode arg : named_children(list)) {
    const auto type = node_type(arg);
    if (type == "keyword_argument") {
      args.keywords.emplace_back(std::string(tree.text(field(arg, "name"))), field(arg, "value"));
    } else if (type == "list_splat" || type == "dictionary_splat") {
      args.unpacked = true;
    } else {
      args.positional.push_back(arg);
    }
  }
  return args;
}

std::optional<std::string> docstring(const parse::SyntaxTree& tree, TSNode block) {
  auto statements = named_children(block);
  if (statements.empty() || !is_type(statements.front(), "expression_statement"))
    return std::nullopt;
  auto inner = named_children(statements.front());
  if (inner.size() != 1) return std::nullopt;
  auto value = literal_value(tree, inner.front());
  if (!value || !value->is_string()) return std::nullopt;
  return value->text;
}

}  // namespace pm::alembic
