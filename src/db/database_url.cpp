// Parsing and display of database URLs. Every text this file produces for humans (masked(),
// UrlError, mask_passwords) goes through masking, so a password never reaches a log.
#include "db/database_url.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace pm::db {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == prefix;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && lower(text.substr(text.size() - suffix.size())) == suffix;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding as RFC 3986; a '%' not followed by two hex digits stays as it is (users paste
// passwords with a bare '%', and libpq's own URI parser would reject them with a worse message).
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

// Splits "a=1&b=2" into options; later keys win, as libpq does.
std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> options;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    options[key] = value;
  }
  return options;
}

// Where the userinfo of the authority after "scheme://" ends: the last '@' before any '?' or
// '#'. Taking the last '@' (not the first, not after the first '/') keeps a password holding
// '@', ':' or '/' inside the userinfo, so it is parsed and masked as a whole.
std::size_t userinfo_end(std::string_view rest) {
  std::size_t stop = rest.find_first_of("?#");
  std::string_view head = rest.substr(0, stop);
  return head.rfind('@');
}

bool is_password_key(std::string_view key) {
  std::string k = lower(key);
  return k == "password" || k == "pass" || k == "pwd";
}

void parse_postgres(std::string_view rest, bool jdbc, DatabaseUrl& url, std::string_view input) {
  url.dialect = model::Dialect::postgresql;
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);

  std::size_t at = userinfo_end(rest);
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    std::size_t colon = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) url.password = percent_decode(userinfo.substr(colon + 1));
    rest = rest.substr(at + 1);
  }

  std::size_t host_end = rest.find_first_of("/?");
  std::string_view hostport = rest.substr(0, host_end);
  rest = host_end == std::string_view::npos ? std::string_view{} : rest.substr(host_end);

  if (!hostport.empty() && hostport.front() == '[') {
    std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) {
      throw UrlError("database URL '" + mask_passwords(input) + "': unclosed '[' in IPv6 host");
    }
    url.host = std::string(hostport.substr(1, close - 1));
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        throw UrlError("database URL '" + mask_passwords(input) +
                       "': unexpected text after IPv6 host");
      }
      url.port = std::string(after.substr(1));
    }
  } else if (hostport.find(',') != std::string_view::npos) {
    // libpq's multi-host form "h1:5432,h2:5433": kept whole, libpq reads it.
    url.host = percent_decode(hostport);
  } else {
    std::size_t colon = hostport.rfind(':');
    url.host = percent_decode(hostport.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(hostport.substr(colon + 1));
  }
  if (!std::all_of(url.port.begin(), url.port.end(),
                   [](unsigned char c) { return std::isdigit(c) || c == ','; })) {
    throw UrlError("database URL '" + mask_passwords(input) + "': port '" + url.port +
                   "' is not a number");
  }

  std::size_t q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  url.database = percent_decode(path);
  if (q != std::string_view::npos) url.options = parse_query(rest.substr(q + 1));

  // libpq URIs and JDBC both accept user and password as query options.
  for (auto it = url.options.begin(); it != url.options.end();) {
    if (lower(it->first) == "user") {
      if (url.user.empty() || jdbc) url.user = it->second;
      it = url.options.erase(it);
    } else if (is_password_key(it->first)) {
      if (url.password.empty() || jdbc) url.password = it->second;
      it = url.options.erase(it);
    } else {
      ++it;
    }
  }
}

// The path of a sqlite:/file: URL after its scheme. "//" introduces an (empty or not) authority,
// as in RFC 8089 file URIs: sqlite:///abs/x.db is /abs/x.db, sqlite://rel.db is rel.db. Note that
// SQLAlchemy reads sqlite:///x.db as the relative x.db; Alembic configs go through their adapter.
void parse_sqlite(std::string_view rest, DatabaseUrl& url, std::string_view input) {
  url.dialect = model::Dialect::sqlite;
  std::size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    url.options = parse_query(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    if (!rest.empty() && rest.front() == '/') {
      while (rest.size() > 1 && rest[1] == '/') rest.remove_prefix(1);
    }
  }
  if (rest == ":memory:" || rest == "memory" || rest == "/:memory:") {
    url.path = ":memory:";
    return;
  }
  if (rest.empty()) {
    throw UrlError("database URL '" + mask_passwords(input) + "' names no SQLite file");
  }
  url.path = std::string(rest);
}

constexpr const char* kLibpqKeywords[] = {"hostaddr",
                                          "connect_timeout",
                                          "client_encoding",
                                          "options",
                                          "application_name",
                                          "fallback_application_name",
                                          "keepalives",
                                          "keepalives_idle",
                                          "keepalives_interval",
                                          "keepalives_count",
                                          "tcp_user_timeout",
                                          "replication",
                                          "gssencmode",
                                          "sslmode",
                                          "requiressl",
                                          "sslcompression",
                                          "sslcert",
                                          "sslkey",
                                          "sslpassword",
                                          "sslrootcert",
                                          "sslcrl",
                                          "sslcrldir",
                                          "sslsni",
                                          "requirepeer",
                                          "ssl_min_protocol_version",
                                          "ssl_max_protocol_version",
                                          "krbsrvname",
                                          "gsslib",
                                          "service",
                                          "target_session_attrs",
                                          "passfile",
                                          "channel_binding",
                                          "load_balance_hosts"};

// JDBC spellings of the same settings (Flyway configs).
std::string libpq_keyword(const std::string& key) {
  if (key == "connectTimeout") return "connect_timeout";
  if (key == "ApplicationName") return "application_name";
  for (const char* keyword : kLibpqKeywords) {
    if (key == keyword) return key;
  }
  return {};
}

std::string conninfo_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

// postgresql://user:<password_text>@host:port/database, without the query.
std::string postgres_uri(const DatabaseUrl& url, const std::string& password_text) {
  std::string out = "postgresql://";
  if (!url.user.empty() || !password_text.empty()) {
    out += percent_encode(url.user);
    if (!password_text.empty()) out += ":" + password_text;
    out += "@";
  }
  if (url.host.find(':') != std::string::npos && url.host.find(',') == std::string::npos) {
    out += "[" + url.host + "]";
  } else {
    out += url.host;
  }
  if (!url.port.empty()) out += ":" + url.port;
  return out + "/" + percent_encode(url.database);
}

}  // namespace

std::string DatabaseUrl::schema() const {
  if (auto it = options.find("schema"); it != options.end()) return it->second;
  if (auto it = options.find("currentSchema"); it != options.end()) return it->second;
  return {};
}

std::string DatabaseUrl::masked() const {
  std::string query;
  for (const auto& [key, value] : options) {
    query += query.empty() ? "?" : "&";
    query += percent_encode(key) + "=" + percent_encode(value);
  }
  if (dialect == model::Dialect::sqlite) {
    return (path == ":memory:" ? std::string("sqlite::memory:") : "sqlite:" + path) + query;
  }
  return postgres_uri(*this, password.empty() ? "" : "***") + query;
}

std::string DatabaseUrl::libpq_uri() const {
  if (dialect == model::Dialect::sqlite) return "sqlite:" + path;
  std::string query;
  for (const auto& [key, value] : options) {
    const std::string keyword = libpq_keyword(key);
    if (keyword.empty()) continue;
    query += query.empty() ? "?" : "&";
    query += keyword + "=" + percent_encode(value);
  }
  return postgres_uri(*this, percent_encode(password)) + query;
}

std::string DatabaseUrl::libpq_conninfo() const {
  std::string out;
  auto add = [&out](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += conninfo_quote(value);
  };
  add("host", host);
  add("port", port);
  add("dbname", database);
  add("user", user);
  add("password", password);
  for (const auto& [key, value] : options) {
    std::string keyword = libpq_keyword(key);
    if (!keyword.empty()) add(keyword, value);
  }
  return out;
}

DatabaseUrl parse_database_url(std::string_view input) {
  std::string_view text = trim(input);
  DatabaseUrl url;
  if (text.empty()) throw UrlError("empty database URL");

  bool jdbc = false;
  if (starts_with_ci(text, "jdbc:")) {
    jdbc = true;
    text.remove_prefix(5);
  }
  if (starts_with_ci(text, "postgresql://") || starts_with_ci(text, "postgres://")) {
    parse_postgres(text.substr(text.find("://") + 3), jdbc, url, input);
    return url;
  }
  if (starts_with_ci(text, "sqlite:")) {
    parse_sqlite(text.substr(7), url, input);
    return url;
  }
  if (!jdbc && starts_with_ci(text, "file:")) {  // Prisma: file:./dev.db
    parse_sqlite(text.substr(5), url, input);
    return url;
  }
  if (!jdbc && text.find("://") == std::string_view::npos) {
    std::string_view path = text.substr(0, text.find('?'));
    if (path == ":memory:") {
      url.path = ":memory:";
      return url;
    }
    if (ends_with_ci(path, ".db") || ends_with_ci(path, ".sqlite") ||
        ends_with_ci(path, ".sqlite3")) {
      parse_sqlite(text, url, input);
      return url;
    }
  }
  throw UrlError("unsupported database URL '" + mask_passwords(input) +
                 "' (expected postgresql://, postgres://, sqlite:, file:, jdbc:postgresql://, "
                 "jdbc:sqlite: or a path ending in .db, .sqlite or .sqlite3)");
}

std::string mask_passwords(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  // A URL token ends at whitespace or at a character that quotes it in prose.
  auto token_end = [&text](std::size_t from) {
    std::size_t end = from;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           text[end] != '"' && text[end] != '\'' && text[end] != '<' && text[end] != '>') {
      ++end;
    }
    return end;
  };
  while (i < text.size()) {
    // user:password@ after "://"
    if (text.compare(i, 3, "://") == 0) {
      std::size_t start = i + 3;
      std::size_t end = token_end(start);
      std::string_view token = text.substr(start, end - start);
      std::size_t at = userinfo_end(token);
      out.append("://");
      if (at != std::string_view::npos) {
        std::string_view userinfo = token.substr(0, at);
        std::size_t colon = userinfo.find(':');
        if (colon != std::string_view::npos) {
          out.append(userinfo.substr(0, colon));
          out.append(":***");
        } else {
          out.append(userinfo);
        }
        out.append("@");
        i = start + at + 1;
      } else {
        i = start;
      }
      continue;
    }
    // password=... as a URL query option or a libpq keyword/value pair
    bool boundary = i == 0 || text[i - 1] == '?' || text[i - 1] == '&' || text[i - 1] == ';' ||
                    std::isspace(static_cast<unsigned char>(text[i - 1]));
    if (boundary) {
      std::size_t eq = i;
      while (eq < text.size() && std::isalpha(static_cast<unsigned char>(text[eq]))) ++eq;
      if (eq < text.size() && eq > i && text[eq] == '=' &&
          is_password_key(text.substr(i, eq - i))) {
        out.append(text.substr(i, eq - i + 1));
        out.append("***");
        std::size_t j = eq + 1;
        if (j < text.size() && text[j] == '\'') {  // libpq quoted value with \' escapes
          ++j;
          while (j < text.size() && text[j] != '\'') j += (text[j] == '\\') ? 2 : 1;
          j = std::min(j + 1, text.size());
        } else {
          while (j < text.size() && text[j] != '&' && text[j] != ';' &&
                 !std::isspace(static_cast<unsigned char>(text[j]))) {
            ++j;
          }
        }
        i = j;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace pm::db
