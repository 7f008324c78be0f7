// Expression canonicalisation by one pass over the characters; string literals are copied as
// they are, since their case and spacing are data.
#include "schema/expression_text.hpp"

#include <cctype>
#include <initializer_list>

namespace pm::schema {

namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::size_t skip_spaces(std::string_view sql, std::size_t i) {
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  return i;
}

std::size_t skip_word(std::string_view sql, std::size_t i) {
  if (i < sql.size() && sql[i] == '"') {
    for (++i; i < sql.size(); ++i) {
      if (sql[i] == '"') {
        if (i + 1 < sql.size() && sql[i + 1] == '"') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return i;
  }
  while (i < sql.size() && (word_char(sql[i]) || sql[i] == '.')) ++i;
  return i;
}

bool word_is(std::string_view sql, std::size_t begin, std::size_t end, std::string_view word) {
  if (end - begin != word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(sql[begin + k])) != word[k]) return false;
  }
  return true;
}

// After "::": the type name, its multi-word tails, arguments and array brackets.
std::size_t skip_cast_type(std::string_view sql, std::size_t i) {
  i = skip_word(sql, skip_spaces(sql, i));
  while (true) {
    const std::size_t next = skip_spaces(sql, i);
    const std::size_t end = skip_word(sql, next);
    bool tail = false;
    for (std::string_view word : {"varying", "precision", "with", "without", "time", "zone"}) {
      tail = tail || (end > next && word_is(sql, next, end, word));
    }
    if (!tail) break;
    i = end;
  }
  std::size_t next = skip_spaces(sql, i);
  if (next < sql.size() && sql[next] == '(') {
    const std::size_t close = sql.find(')', next);
    if (close != std::string_view::npos) i = close + 1;
  }
  while (i + 1 < sql.size() && sql[i] == '[' && sql[i + 1] == ']') i += 2;
  return i;
}

std::size_t skip_literal(std::string_view sql, std::size_t i) {
  for (++i; i < sql.size(); ++i) {
    if (sql[i] == '\'') {
      if (i + 1 < sql.size() && sql[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return i;
}

bool numeric(std::string_view text) {
  if (text.empty()) return false;
  std::size_t i = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) && text[i] != '.') return false;
  }
  return true;
}

// PostgreSQL deparses `x IN (a, b)` as `x = ANY (ARRAY[a, b])` and `x NOT IN (a, b)` as
// `x <> ALL (ARRAY[a, b])`: in canonical text (no spaces or parentheses), back to the IN forms.
std::string in_lists(std::string text) {
  for (const auto& [deparsed, written] :
       {std::pair<std::string, std::string>{"=anyarray[", "in"}, {"<>allarray[", "notin"}}) {
    for (std::size_t at = text.find(deparsed); at != std::string::npos;
         at = text.find(deparsed, at)) {
      std::size_t depth = 1, end = at + deparsed.size();
      for (; end < text.size() && depth > 0; ++end) {
        if (text[end] == '\'')
          end = skip_literal(text, end) - 1;
        else if (text[end] == '[')
          ++depth;
        else if (text[end] == ']')
          --depth;
      }
      if (depth > 0) break;  // not a list after all
      const std::string items = text.substr(at + deparsed.size(), end - 1 - at - deparsed.size());
      text.replace(at, end - at, written + items);
      at += written.size() + items.size();
    }
  }
  return text;
}

}  // namespace

std::string canonical_expression(std::string_view sql) {
  std::string out;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'') {
      const std::size_t end = skip_literal(sql, i);
      const std::string_view inner = sql.substr(i + 1, end >= i + 2 ? end - i - 2 : 0);
      // PostgreSQL prints a negative number as a cast string: '-1'::integer.
      const bool cast = end + 1 < sql.size() && sql[end] == ':' && sql[end + 1] == ':';
      out.append(cast && numeric(inner) ? inner : sql.substr(i, end - i));
      i = end;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      i = skip_cast_type(sql, i + 2);
    } else if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '"') {
      ++i;
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ++i;
    }
  }
  return in_lists(out);
}

std::string strip_literal_cast(std::string_view sql) {
  if (sql.empty() || sql.front() != '\'') return std::string(sql);
  const std::size_t end = skip_literal(sql, 0);
  if (end + 1 >= sql.size() || sql[end] != ':' || sql[end + 1] != ':') return std::string(sql);
  if (skip_cast_type(sql, end + 2) != sql.size()) return std::string(sql);
  const std::string_view literal = sql.substr(0, end);
  const std::string_view inner = literal.substr(1, literal.size() - 2);
  return numeric(inner) ? std::string(inner) : std::string(literal);
}

}  // namespace pm::schema
