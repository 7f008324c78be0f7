// Database URLs: every form users write, the errors, and that a password never shows.
#include "db/database_url.hpp"

#include <catch2/catch.hpp>

#include "db/connection.hpp"

using pm::db::DatabaseUrl;
using pm::db::parse_database_url;
using pm::model::Dialect;

namespace {

struct SqliteCase {
  const char* url;
  const char* path;
};

struct PostgresCase {
  const char* url;
  const char* user;
  const char* password;
  const char* host;
  const char* port;
  const char* database;
  const char* schema;
};

}  // namespace

TEST_CASE("SQLite URLs name a file or memory", "[db][url]") {
  const SqliteCase cases[] = {
      {"sqlite:rel.db", "rel.db"},
      {"sqlite://rel.db", "rel.db"},
      {"sqlite:///abs/path.db", "/abs/path.db"},
      {"sqlite:////abs/path.db", "/abs/path.db"},
      {"sqlite::memory:", ":memory:"},
      {"sqlite://:memory:", ":memory:"},
      {"file:./dev.db", "./dev.db"},
      {"file:./dev.db?connection_limit=1", "./dev.db"},
      {"file:///tmp/dev.db", "/tmp/dev.db"},
      {"dev.db", "dev.db"},
      {"./data/app.sqlite", "./data/app.sqlite"},
      {"/var/lib/app.SQLITE3", "/var/lib/app.SQLITE3"},
      {":memory:", ":memory:"},
      {"jdbc:sqlite:flyway.db", "flyway.db"},
      {"  SQLite:rel.db  ", "rel.db"},
  };
  for (const auto& c : cases) {
    INFO(c.url);
    DatabaseUrl url = parse_database_url(c.url);
    CHECK(url.dialect == Dialect::sqlite);
    CHECK(url.path == c.path);
  }
  CHECK(parse_database_url("file:./dev.db?connection_limit=1").options.at("connection_limit") ==
        "1");
  CHECK(parse_database_url("sqlite::memory:").masked() == "sqlite::memory:");
  CHECK(parse_database_url("sqlite:rel.db").masked() == "sqlite:rel.db");
}

TEST_CASE("PostgreSQL URLs give every connection part", "[db][url]") {
  const PostgresCase cases[] = {
      {"postgresql://alice:s3cret@db.example.com:6543/app", "alice", "s3cret", "db.example.com",
       "6543", "app", ""},
      {"postgres://alice@localhost/app", "alice", "", "localhost", "", "app", ""},
      {"postgresql://localhost", "", "", "localhost", "", "", ""},
      {"postgresql:///app", "", "", "", "", "app", ""},
      {"postgresql://u:p%40ss%3Aw%2Fd@h:5432/my%20db", "u", "p@ss:w/d", "h", "5432", "my db", ""},
      {"postgresql://u:raw@pass@h/db", "u", "raw@pass", "h", "", "db", ""},
      {"postgresql://u:pw@[::1]:5433/db", "u", "pw", "::1", "5433", "db", ""},
      {"postgresql://[2001:db8::2]/db", "", "", "2001:db8::2", "", "db", ""},
      {"postgresql://u:pw@h:5432/db?sslmode=disable&schema=foo", "u", "pw", "h", "5432", "db",
       "foo"},
      {"postgresql://h/db?user=bob&password=pw", "bob", "pw", "h", "", "db", ""},
      {"jdbc:postgresql://h:5432/db?user=x&password=y&currentSchema=s", "x", "y", "h", "5432", "db",
       "s"},
      {"jdbc:postgresql://h/db", "", "", "h", "", "db", ""},
  };
  for (const auto& c : cases) {
    INFO(c.url);
    DatabaseUrl url = parse_database_url(c.url);
    CHECK(url.dialect == Dialect::postgresql);
    CHECK(url.user == c.user);
    CHECK(url.password == c.password);
    CHECK(url.host == c.host);
    CHECK(url.port == c.port);
    CHECK(url.database == c.database);
    CHECK(url.schema() == c.schema);
  }
  DatabaseUrl url = parse_database_url("postgresql://u:pw@h:5432/db?sslmode=disable&schema=foo");
  CHECK(url.options.at("sslmode") == "disable");
  CHECK(url.options.count("password") == 0);
}

TEST_CASE("unusable URLs are refused with a reason", "[db][url]") {
  const char* bad[] = {"",
                       "   ",
                       "mysql://u:pw@h/db",
                       "notes.txt",
                       "sqlite:",
                       "postgresql://u:pw@h:port/db",
                       "postgresql://u:pw@[::1/db",
                       "jdbc:mysql://h/db?password=pw"};
  for (const char* text : bad) {
    INFO(text);
    CHECK_THROWS_AS(parse_database_url(text), pm::db::UrlError);
  }
}

TEST_CASE("a password never appears in display text or errors", "[db][url]") {
  const char* secret = "Xy7SuperSecret";
  const std::string with_password[] = {
      std::string("postgresql://alice:") + secret + "@h:5432/db",
      std::string("postgres://alice:") + secret + "@h/db?schema=s",
      std::string("jdbc:postgresql://h/db?user=alice&password=") + secret,
      std::string("postgresql://h/db?password=") + secret + "&sslmode=disable",
  };
  for (const auto& text : with_password) {
    INFO(text);
    DatabaseUrl url = parse_database_url(text);
    CHECK(url.password == secret);
    std::string masked = url.masked();
    CHECK(masked.find(secret) == std::string::npos);
    CHECK(masked.find("***") != std::string::npos);
    CHECK(pm::db::mask_passwords(text).find(secret) == std::string::npos);
    CHECK(url.libpq_conninfo().find(secret) != std::string::npos);  // it must reach libpq
  }
  CHECK(parse_database_url("postgresql://alice:pw@h:5432/db?schema=s").masked() ==
        "postgresql://alice:***@h:5432/db?schema=s");
  CHECK(parse_database_url("postgresql://alice@[::1]/db").masked() ==
        "postgresql://alice@[::1]/db");

  // Errors about a URL quote it masked.
  for (const std::string& text : {std::string("mysql://alice:") + secret + "@h/db",
                                  std::string("postgresql://alice:") + secret + "@h:notaport/db"}) {
    try {
      parse_database_url(text);
      FAIL("expected a UrlError for " << pm::db::mask_passwords(text));
    } catch (const pm::db::UrlError& error) {
      CHECK(std::string(error.what()).find(secret) == std::string::npos);
      CHECK(std::string(error.what()).find("***") != std::string::npos);
    }
  }
}

TEST_CASE("mask_passwords cleans URLs and password options in free text", "[db][url]") {
  using pm::db::mask_passwords;
  CHECK(mask_passwords("cannot reach postgresql://bob:hunter2@db:5432/app (timeout)") ==
        "cannot reach postgresql://bob:***@db:5432/app (timeout)");
  CHECK(mask_passwords("url 'jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true'") ==
        "url 'jdbc:postgresql://h/db?user=u&password=***&ssl=true'");
  CHECK(mask_passwords("host='h' password='hun\\'ter2' dbname='d'") ==
        "host='h' password=*** dbname='d'");
  CHECK(mask_passwords("postgresql://bob@db/app and http://example.com/x") ==
        "postgresql://bob@db/app and http://example.com/x");
  CHECK(mask_passwords("no url here") == "no url here");
}

TEST_CASE("libpq_conninfo quotes values and leaves out non-libpq options", "[db][url]") {
  DatabaseUrl url = parse_database_url(
      "postgresql://o%27brien:a%5Cb%27c@h:5432/db?sslmode=disable&schema=foo&connect_timeout=3");
  CHECK(url.libpq_conninfo() ==
        "host='h' port='5432' dbname='db' user='o\\'brien' password='a\\\\b\\'c' "
        "connect_timeout='3' sslmode='disable'");
  CHECK(parse_database_url("postgresql:///db").libpq_conninfo() == "dbname='db'");
}

TEST_CASE("a failed connection names the URL without its password", "[db][url]") {
  // Port 1 on 127.0.0.1: nothing listens there, the connection is refused at once.
  const std::string secret = "Zq9NeverPrintMe";
  DatabaseUrl url =
      parse_database_url("postgresql://alice:" + secret + "@127.0.0.1:1/db?connect_timeout=2");
  try {
    pm::db::open_connection(url);
    FAIL("connecting to a closed port succeeded");
  } catch (const pm::db::DatabaseError& error) {
    std::string text = error.what();
    CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find("postgresql://alice:***@127.0.0.1:1/db") != std::string::npos);
  }
}
