// Block depth per dialect. SQLite opens a body at BEGIN only in CREATE [TEMP] TRIGGER, so a
// leading `BEGIN;` stays transaction control; PostgreSQL opens one only at BEGIN ATOMIC (all other
// bodies are strings). CASE ... END is counted inside bodies, where its END would close too early.
#include "sql/block_tracker.hpp"

namespace pm::sql {

void BlockTracker::reset() {
  open_.clear();
  blocks_ = 0;
  head_.clear();
  previous_.reset();
}

bool BlockTracker::is_trigger_statement() const {
  if (head_.size() < 2 || head_[0] != "CREATE") return false;
  if (head_[1] == "TRIGGER") return true;
  return head_.size() >= 3 && (head_[1] == "TEMP" || head_[1] == "TEMPORARY") &&
         head_[2] == "TRIGGER";
}

void BlockTracker::feed(const Token& token) {
  const std::optional<Token> previous = previous_;
  previous_ = token;
  switch (token.kind) {
    case TokenKind::open_paren:
      open_.push_back({Kind::paren, token.line, token.column});
      return;
    case TokenKind::close_paren:
      if (!open_.empty() && open_.back().kind == Kind::paren) open_.pop_back();
      return;
    case TokenKind::word:
      break;
    default:
      return;
  }
  // After a '.', a word is a column or table name ("new.end"), never a keyword.
  if (previous && previous->kind == TokenKind::dot) return;
  const std::string_view word = token_text(text_, token);
  if (head_.size() < 3) head_.push_back(upper(word));

  if (dialect_ == model::Dialect::sqlite && is_keyword(word, "BEGIN") && is_trigger_statement()) {
    open_.push_back({Kind::begin, token.line, token.column});
    ++blocks_;
  } else if (dialect_ == model::Dialect::postgresql && is_keyword(word, "ATOMIC") && previous &&
             previous->kind == TokenKind::word &&
             is_keyword(token_text(text_, *previous), "BEGIN")) {
    open_.push_back({Kind::atomic, previous->line, previous->column});
    ++blocks_;
  } else if (blocks_ > 0 && is_keyword(word, "CASE")) {
    open_.push_back({Kind::case_, token.line, token.column});
  } else if (blocks_ > 0 && is_keyword(word, "END") && open_.back().kind != Kind::paren) {
    if (open_.back().kind != Kind::case_) --blocks_;
    open_.pop_back();
  }
}

std::optional<BlockTracker::Open> BlockTracker::outermost() const {
  if (open_.empty()) return std::nullopt;
  const Entry& entry = open_.front();
  switch (entry.kind) {
    case Kind::paren:
      return Open{"parenthesis", entry.line, entry.column};
    case Kind::begin:
      return Open{"BEGIN ... END block", entry.line, entry.column};
    case Kind::atomic:
      return Open{"BEGIN ATOMIC ... END block", entry.line, entry.column};
    case Kind::case_:
      return Open{"CASE ... END", entry.line, entry.column};
  }
  return std::nullopt;
}

}  // namespace pm::sql
