// RecordingConnection and the $N substitution its recorded text needs.
#include "db/recording_connection.hpp"

#include <cctype>

namespace pm::db {

namespace {

// The end of a dollar-quote opening tag ($$ or $tag$) at `i`, or npos when `i` starts none.
std::size_t dollar_tag_end(std::string_view sql, std::size_t i) {
  std::size_t j = i + 1;
  if (j < sql.size() && (std::isdigit(static_cast<unsigned char>(sql[j]))))
    return std::string_view::npos;
  while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) {
    ++j;
  }
  if (j < sql.size() && sql[j] == '$') return j + 1;
  return std::string_view::npos;
}

// Whether `sql` ends inside a "--" comment, where an appended ';' would be commented out.
bool ends_in_line_comment(std::string_view sql) {
  std::size_t i = 0;
  bool in_comment = false;
  while (i < sql.size()) {
    char c = sql[i];
    if (in_comment) {
      if (c == '\n') in_comment = false;
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      in_comment = true;
      i += 2;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (c == '\'' || c == '"') {
      std::size_t end = sql.find(c, i + 1);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '$') {
      std::size_t tag_end = dollar_tag_end(sql, i);
      if (tag_end == std::string_view::npos) {
        ++i;
      } else {
        std::string_view tag = sql.substr(i, tag_end - i);
        std::size_t close = sql.find(tag, tag_end);
        i = close == std::string_view::npos ? sql.size() : close + tag.size();
      }
    } else {
      ++i;
    }
  }
  return in_comment;
}

}  // namespace

std::string substitute_parameters(std::string_view sql, const std::vector<Value>& params) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  auto copy_until = [&](std::size_t end) {
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // A doubled quote inside reads as the end and the start of two runs: same result.
      std::size_t end = sql.find(c, i + 1);
      copy_until(end == std::string_view::npos ? sql.size() : end + 1);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      copy_until(end == std::string_view::npos ? sql.size() : end);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      copy_until(end == std::string_view::npos ? sql.size() : end + 2);
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      std::size_t j = i + 1;
      std::size_t number = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) {
        number = number * 10 + static_cast<std::size_t>(sql[j] - '0');
        ++j;
      }
      if (number >= 1 && number <= params.size()) {
        out += to_sql_literal(params[number - 1]);
        i = j;
      } else {
        copy_until(j);  // no such parameter: left as written, the real run would fail on it
      }
    } else if (c == '$') {
      std::size_t tag_end = dollar_tag_end(sql, i);
      if (tag_end == std::string_view::npos) {
        copy_until(i + 1);
      } else {
        std::string_view tag = sql.substr(i, tag_end - i);
        std::size_t close = sql.find(tag, tag_end);
        copy_until(close == std::string_view::npos ? sql.size() : close + tag.size());
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

void RecordingConnection::record(std::string_view sql) {
  std::string text(sql);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  if (text.empty()) return;
  if (text.back() != ';') {
    if (ends_in_line_comment(text)) text += '\n';
    text += ';';
  }
  statements_.push_back(std::move(text));
}

void RecordingConnection::exec_script(std::string_view sql) { record(sql); }

std::int64_t RecordingConnection::exec(std::string_view sql, const std::vector<Value>& params) {
  record(substitute_parameters(sql, params));
  return 1;
}

void RecordingConnection::begin() {
  record("BEGIN");
  ++depth_;
}

void RecordingConnection::commit() {
  record("COMMIT");
  if (depth_ > 0) --depth_;
}

void RecordingConnection::rollback() {
  record("ROLLBACK");
  if (depth_ > 0) --depth_;
}

void RecordingConnection::savepoint(std::string_view name) {
  record("SAVEPOINT " + quote_identifier(name));
}

void RecordingConnection::release_savepoint(std::string_view name) {
  record("RELEASE SAVEPOINT " + quote_identifier(name));
}

void RecordingConnection::rollback_to_savepoint(std::string_view name) {
  record("ROLLBACK TO SAVEPOINT " + quote_identifier(name));
}

void RecordingConnection::require_advisory_locks() const {
  if (!real_.supports_advisory_locks()) {
    throw DatabaseError(std::string(model::to_string(real_.dialect())) + " has no advisory locks");
  }
}

bool RecordingConnection::try_advisory_lock(std::int64_t key) {
  require_advisory_locks();
  record("SELECT pg_try_advisory_lock(" + std::to_string(key) + ")");
  return true;
}

bool RecordingConnection::advisory_lock(std::int64_t key, std::chrono::milliseconds) {
  require_advisory_locks();
  record("SELECT pg_advisory_lock(" + std::to_string(key) + ")");
  return true;
}

void RecordingConnection::advisory_unlock(std::int64_t key) {
  require_advisory_locks();
  record("SELECT pg_advisory_unlock(" + std::to_string(key) + ")");
}

}  // namespace pm::db
