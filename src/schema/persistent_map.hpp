// An immutable sorted map from string keys to values with O(1) copies: a treap whose nodes are
// shared between versions, so keeping the schema after each of 10,000 migrations costs O(log n)
// new nodes per change instead of a full copy per snapshot.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace pm::schema {

template <typename V>
class PersistentMap {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  const V* find(const std::string& key) const {
    const Node* node = root_.get();
    while (node) {
      if (key < node->key) {
        node = node->left.get();
      } else if (node->key < key) {
        node = node->right.get();
      } else {
        return &node->value;
      }
    }
    return nullptr;
  }

  // Inserts or replaces. Only the nodes on the path to `key` are copied.
  void set(const std::string& key, V value) {
    const bool existed = find(key) != nullptr;
    if (existed) root_ = erase_from(root_, key);
    // Priorities from the key's hash: the tree's shape depends only on its keys, so it stays
    // balanced in expectation without a random source, and runs are reproducible.
    auto node = std::make_shared<const Node>(
        Node{key, std::move(value), std::hash<std::string>{}(key), nullptr, nullptr});
    root_ = insert_into(root_, std::move(node));
    if (!existed) ++size_;
  }

  bool erase(const std::string& key) {
    if (!find(key)) return false;
    root_ = erase_from(root_, key);
    --size_;
    return true;
  }

  // Visits entries in key order; stops early when `visit` returns false.
  template <typename F>
  void for_each(F&& visit) const {
    walk(root_.get(), visit);
  }

 private:
  struct Node;
  using NodePtr = std::shared_ptr<const Node>;
  struct Node {
    std::string key;
    V value;
    std::size_t priority;
    NodePtr left;
    NodePtr right;
  };

  static NodePtr with_children(const Node& node, NodePtr left, NodePtr right) {
    return std::make_shared<const Node>(
        Node{node.key, node.value, node.priority, std::move(left), std::move(right)});
  }

  // Splits a tree without `key` into keys below and keys above it.
  static std::pair<NodePtr, NodePtr> split(const NodePtr& tree, const std::string& key) {
    if (!tree) return {nullptr, nullptr};
    if (tree->key < key) {
      auto [low, high] = split(tree->right, key);
      return {with_children(*tree, tree->left, std::move(low)), std::move(high)};
    }
    auto [low, high] = split(tree->left, key);
    return {std::move(low), with_children(*tree, std::move(high), tree->right)};
  }

  static NodePtr merge(const NodePtr& low, const NodePtr& high) {
    if (!low) return high;
    if (!high) return low;
    if (low->priority > high->priority) {
      return with_children(*low, low->left, merge(low->right, high));
    }
    return with_children(*high, merge(low, high->left), high->right);
  }

  static NodePtr insert_into(const NodePtr& tree, NodePtr node) {
    if (!tree) return node;
    if (node->priority > tree->priority) {
      auto [low, high] = split(tree, node->key);
      return with_children(*node, std::move(low), std::move(high));
    }
    if (node->key < tree->key) {
      return with_children(*tree, insert_into(tree->left, std::move(node)), tree->right);
    }
    return with_children(*tree, tree->left, insert_into(tree->right, std::move(node)));
  }

  static NodePtr erase_from(const NodePtr& tree, const std::string& key) {
    if (!tree) return nullptr;
    if (key < tree->key) return with_children(*tree, erase_from(tree->left, key), tree->right);
    if (tree->key < key) return with_children(*tree, tree->left, erase_from(tree->right, key));
    return merge(tree->left, tree->right);
  }

  template <typename F>
  static bool walk(const Node* node, F& visit) {
    if (!node) return true;
    if (!walk(node->left.get(), visit)) return false;
    if (!visit(node->key, node->value)) return false;
    return walk(node->right.get(), visit);
  }

  NodePtr root_;
  std::size_t size_ = 0;
};

}  // namespace pm::schema
