// Reading constraint names, CHECKs and index keys from the CREATE text SQLite stores.
#include "db/sqlite/sqlite_schema_sql.hpp"

#include <catch2/catch.hpp>

using namespace pm::db::sqlite_sql;

TEST_CASE("CREATE INDEX text gives keys and the partial predicate", "[db][sqlite]") {
  IndexParts p = parse_create_index(
      "CREATE UNIQUE INDEX \"i(x)\" ON \"t,1\" (lower(\"a,b\"), c DESC, 'x)') WHERE c > 0 AND "
      "d IN (1, 2)");
  CHECK(p.keys == std::vector<std::string>{"lower(\"a,b\")", "c DESC", "'x)'"});
  CHECK(p.where == "c > 0 AND d IN (1, 2)");
  CHECK(parse_create_index("CREATE INDEX i ON t (a)").where.empty());
  CHECK(parse_create_index("CREATE INDEX i ON t (a) WHEREVER").where.empty());
}

TEST_CASE("CREATE TABLE text gives named constraints and CHECKs", "[db][sqlite]") {
  auto found = parse_create_table(
      "CREATE TABLE \"Post\" (\n"
      "  \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
      "  \"title\" TEXT NOT NULL CONSTRAINT title_len CHECK (length(title) > 0), -- a, comment\n"
      "  \"authorId\" INTEGER NOT NULL REFERENCES \"User\" (\"id\"),\n"
      "  qty INT DEFAULT (1) CHECK (qty >= 0),\n"
      "  CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\" "
      "(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE,\n"
      "  CONSTRAINT post_title_key UNIQUE (title COLLATE NOCASE, [authorId]),\n"
      "  CHECK (qty < 1000)\n"
      ")");
  REQUIRE(found.size() == 7);
  CHECK(found[0].kind == "primary_key");
  CHECK(found[0].columns == std::vector<std::string>{"id"});
  CHECK(found[1].kind == "check");
  CHECK(found[1].name == "title_len");
  CHECK(found[1].columns == std::vector<std::string>{"title"});
  CHECK(found[1].check == "CHECK (length(title) > 0)");
  CHECK(found[2].kind == "foreign_key");
  CHECK(found[2].name.empty());
  CHECK(found[3].check == "CHECK (qty >= 0)");
  CHECK(found[4].name == "Post_authorId_fkey");
  CHECK(found[4].columns == std::vector<std::string>{"authorId"});
  CHECK(found[5].kind == "unique");
  CHECK(found[5].name == "post_title_key");
  CHECK(found[5].columns == std::vector<std::string>{"title", "authorId"});
  CHECK(found[6].kind == "check");
  CHECK(found[6].columns.empty());
  CHECK(found[6].check == "CHECK (qty < 1000)");
}
