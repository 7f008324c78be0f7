// Readers of the CREATE INDEX / CREATE TABLE text SQLite stores: quotes and parentheses are
// tracked, everything else is taken as written.
#include "db/sqlite/sqlite_schema_sql.hpp"

#include <algorithm>
#include <cctype>

namespace pm::db::sqlite_sql {

namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ';')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// Index after a quoted run starting at `i` ('...', "...", `...`, [...]).
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  char close = sql[i] == '[' ? ']' : sql[i];
  for (++i; i < sql.size(); ++i) {
    if (sql[i] == close) {
      if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
        ++i;  // a doubled quote stays inside the run
        continue;
      }
      return i + 1;
    }
  }
  return sql.size();
}

bool is_quote(char c) { return c == '\'' || c == '"' || c == '`' || c == '['; }

// The items of the first top-level parenthesised list, split at its commas, and where it ends.
std::vector<std::string> first_list(std::string_view sql, std::size_t* end) {
  std::vector<std::string> items;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (is_quote(c)) {
      i = skip_quoted(sql, i) - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() - 1 : nl;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() - 1 : close + 1;
    } else if (c == '(') {
      if (depth++ == 0) start = i + 1;
    } else if (c == ')' && depth > 0) {
      if (--depth == 0) {
        items.push_back(trim(sql.substr(start, i - start)));
        if (end) *end = i + 1;
        return items;
      }
    } else if (c == ',' && depth == 1) {
      items.push_back(trim(sql.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (end) *end = sql.size();
  return items;
}

// A token of a table item: a word, a quoted name, a whole parenthesised group, or one character.
struct Token {
  std::string text;
  bool group = false;
};

std::vector<Token> tokenize(std::string_view item) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < item.size()) {
    char c = item[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < item.size() && item[i + 1] == '-') {
      std::size_t nl = item.find('\n', i);
      i = nl == std::string_view::npos ? item.size() : nl + 1;
    } else if (c == '/' && i + 1 < item.size() && item[i + 1] == '*') {
      std::size_t close = item.find("*/", i + 2);
      i = close == std::string_view::npos ? item.size() : close + 2;
    } else if (is_quote(c)) {
      std::size_t end = skip_quoted(item, i);
      tokens.push_back({std::string(item.substr(i, end - i))});
      i = end;
    } else if (c == '(') {
      int depth = 0;
      std::size_t j = i;
      for (; j < item.size(); ++j) {
        if (is_quote(item[j])) {
          j = skip_quoted(item, j) - 1;
        } else if (item[j] == '(') {
          ++depth;
        } else if (item[j] == ')' && --depth == 0) {
          break;
        }
      }
      j = std::min(j + 1, item.size());
      tokens.push_back({std::string(item.substr(i, j - i)), true});
      i = j;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      std::size_t j = i;
      while (j < item.size() && (std::isalnum(static_cast<unsigned char>(item[j])) ||
                                 item[j] == '_' || item[j] == '$')) {
        ++j;
      }
      tokens.push_back({std::string(item.substr(i, j - i))});
      i = j;
    } else {
      tokens.push_back({std::string(1, c)});
      ++i;
    }
  }
  return tokens;
}

std::string unquote(const std::string& name) {
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '`' || name.front() == '\'')) {
    std::string out;
    char q = name.front();
    for (std::size_t i = 1; i + 1 < name.size(); ++i) {
      out += name[i];
      if (name[i] == q && name[i + 1] == q) ++i;
    }
    return out;
  }
  if (name.size() >= 2 && name.front() == '[') return name.substr(1, name.size() - 2);
  return name;
}

// Column names of a key list "(a, "b" DESC, c COLLATE nocase)".
std::vector<std::string> key_columns(const std::string& group) {
  std::vector<std::string> columns;
  for (const std::string& key : first_list(group, nullptr)) {
    std::vector<Token> tokens = tokenize(key);
    if (!tokens.empty()) columns.push_back(unquote(tokens.front().text));
  }
  return columns;
}

}  // namespace

IndexParts parse_create_index(std::string_view sql) {
  IndexParts parts;
  std::size_t end = 0;
  parts.keys = first_list(sql, &end);
  std::string rest = trim(sql.substr(end));
  if (rest.size() > 5 && upper(rest.substr(0, 5)) == "WHERE" &&
      !std::isalnum(static_cast<unsigned char>(rest[5]))) {
    parts.where = trim(rest.substr(5));
  }
  return parts;
}

std::vector<DeclaredConstraint> parse_create_table(std::string_view sql) {
  std::vector<DeclaredConstraint> out;
  for (const std::string& item : first_list(sql, nullptr)) {
    std::vector<Token> tokens = tokenize(item);
    if (tokens.empty()) continue;
    const std::string head = upper(tokens[0].text);
    const bool table_level = head == "CONSTRAINT" || head == "PRIMARY" || head == "UNIQUE" ||
                             head == "CHECK" || head == "FOREIGN";
    const std::string column = table_level ? "" : unquote(tokens[0].text);
    std::string name;
    for (std::size_t t = table_level ? 0 : 1; t < tokens.size(); ++t) {
      const std::string word = upper(tokens[t].text);
      auto next_group = [&](std::size_t from) -> std::string {
        for (std::size_t k = from; k < tokens.size() && k <= from + 1; ++k) {
          if (tokens[k].group) return tokens[k].text;
        }
        return {};
      };
      if (word == "CONSTRAINT" && t + 1 < tokens.size()) {
        name = unquote(tokens[++t].text);
        continue;
      }
      DeclaredConstraint found;
      if (word == "CHECK") {
        found.kind = "check";
        found.check = "CHECK " + next_group(t + 1);
        if (!table_level) found.columns = {column};
      } else if (word == "PRIMARY") {
        found.kind = "primary_key";
        found.columns = table_level ? key_columns(next_group(t + 2)) : std::vector{column};
      } else if (word == "UNIQUE") {
        found.kind = "unique";
        found.columns = table_level ? key_columns(next_group(t + 1)) : std::vector{column};
      } else if (word == "FOREIGN") {
        found.kind = "foreign_key";
        found.columns = key_columns(next_group(t + 2));
      } else if (word == "REFERENCES" && !table_level) {
        found.kind = "foreign_key";
        found.columns = {column};
      } else {
        continue;
      }
      found.name = name;
      name.clear();
      out.push_back(std::move(found));
      if (table_level) break;  // one constraint per table item
    }
  }
  return out;
}

}  // namespace pm::db::sqlite_sql
