// Python, JavaScript and TypeScript source parsed with tree-sitter, never executed. The grammars
// are the pinned npm packages compiled by cmake/TreeSitterGrammars.cmake.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pm::parse {

enum class Language { python, javascript, typescript, tsx };

const char* to_string(Language language);
const TSLanguage* grammar(Language language);

class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Owns the source text and its tree; nodes stay valid while the SyntaxTree lives.
class SyntaxTree {
 public:
  SyntaxTree(Language language, std::string source);

  TSNode root() const { return ts_tree_root_node(tree_.get()); }
  bool has_errors() const { return ts_node_has_error(root()); }
  const std::string& source() const { return source_; }
  std::string_view text(TSNode node) const;
  static int line(TSNode node) { return static_cast<int>(ts_node_start_point(node).row) + 1; }

 private:
  struct TreeDeleter {
    void operator()(TSTree* tree) const { ts_tree_delete(tree); }
  };
  std::string source_;
  std::unique_ptr<TSTree, TreeDeleter> tree_;
};

// Node helpers every grammar's reader uses. A null node has type "" and no children.
std::string_view node_type(TSNode node);
bool is_type(TSNode node, std::string_view type);
std::vector<TSNode> named_children(TSNode node);  // comments left out
TSNode field(TSNode node, const char* name);      // a null node stays null

}  // namespace pm::parse
