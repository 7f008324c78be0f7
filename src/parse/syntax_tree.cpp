#include "parse/syntax_tree.hpp"

#include <cstring>

extern "C" {
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_typescript();
const TSLanguage* tree_sitter_tsx();
}

namespace pm::parse {

const char* to_string(Language language) {
  switch (language) {
    case Language::python:
      return "python";
    case Language::javascript:
      return "javascript";
    case Language::typescript:
      return "typescript";
    case Language::tsx:
      return "tsx";
  }
  return "python";
}

const TSLanguage* grammar(Language language) {
  switch (language) {
    case Language::python:
      return tree_sitter_python();
    case Language::javascript:
      return tree_sitter_javascript();
    case Language::typescript:
      return tree_sitter_typescript();
    case Language::tsx:
      return tree_sitter_tsx();
  }
  return nullptr;
}

SyntaxTree::SyntaxTree(Language language, std::string source) : source_(std::move(source)) {
  // One parser per thread, reused for every file that thread reads: a project's thousands of
  // revision files would otherwise each pay for a parser's allocation and its stacks.
  thread_local std::unique_ptr<TSParser, void (*)(TSParser*)> parser(ts_parser_new(),
                                                                     ts_parser_delete);
  // Fails when the grammar's ABI is outside what the runtime accepts (Debian 0.20.7: 13-14).
  if (ts_parser_language(parser.get()) != grammar(language) &&
      !ts_parser_set_language(parser.get(), grammar(language)))
    throw ParseError(std::string("the tree-sitter runtime refuses the ") + to_string(language) +
                     " grammar (ABI " + std::to_string(ts_language_version(grammar(language))) +
                     ")");
  tree_.reset(ts_parser_parse_string(parser.get(), nullptr, source_.data(),
                                     static_cast<uint32_t>(source_.size())));
  if (!tree_) {
    ts_parser_reset(parser.get());  // a failed parse would otherwise resume on the next source
    throw ParseError(std::string("tree-sitter could not parse the ") + to_string(language) +
                     " source");
  }
}

std::string_view SyntaxTree::text(TSNode node) const {
  const auto begin = ts_node_start_byte(node);
  const auto end = ts_node_end_byte(node);
  return std::string_view(source_).substr(begin, end - begin);
}

std::string_view node_type(TSNode node) {
  return ts_node_is_null(node) ? std::string_view() : ts_node_type(node);
}

bool is_type(TSNode node, std::string_view type) { return node_type(node) == type; }

std::vector<TSNode> named_children(TSNode node) {
  std::vector<TSNode> out;
  if (ts_node_is_null(node)) return out;
  const uint32_t n = ts_node_named_child_count(node);
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (!is_type(child, "comment")) out.push_back(child);
  }
  return out;
}

TSNode field(TSNode node, const char* name) {
  if (ts_node_is_null(node)) return node;
  return ts_node_child_by_field_name(node, name, static_cast<uint32_t>(std::strlen(name)));
}

}  // namespace pm::parse
