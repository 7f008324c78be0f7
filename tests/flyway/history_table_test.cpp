// flyway_schema_history without a database: the exact DDL, the lock key, the abbreviations.
#include "adapters/flyway/history_table.hpp"

#include <catch2/catch.hpp>

#include "adapters/flyway/java_string.hpp"

using namespace pm::flyway;

TEST_CASE("flyway history table: PostgreSQL DDL is Flyway's", "[flyway]") {
  CHECK(postgresql_create_script("public", "flyway_schema_history") ==
        "CREATE TABLE \"public\".\"flyway_schema_history\" (\n"
        "    \"installed_rank\" INT NOT NULL,\n"
        "    \"version\" VARCHAR(50),\n"
        "    \"description\" VARCHAR(200) NOT NULL,\n"
        "    \"type\" VARCHAR(20) NOT NULL,\n"
        "    \"script\" VARCHAR(1000) NOT NULL,\n"
        "    \"checksum\" INTEGER,\n"
        "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
        "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
        "    \"execution_time\" INTEGER NOT NULL,\n"
        "    \"success\" BOOLEAN NOT NULL\n"
        ");\n"
        "ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT "
        "\"flyway_schema_history_pk\" PRIMARY KEY "
        "(\"installed_rank\");\n"
        "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"public\".\"flyway_schema_history\" "
        "(\"success\");");
}

TEST_CASE("flyway history table: SQLite DDL is Flyway's", "[flyway]") {
  CHECK(sqlite_create_script("main", "flyway_schema_history") ==
        "CREATE TABLE \"main\".\"flyway_schema_history\" (\n"
        "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
        "    \"version\" VARCHAR(50),\n"
        "    \"description\" VARCHAR(200) NOT NULL,\n"
        "    \"type\" VARCHAR(20) NOT NULL,\n"
        "    \"script\" VARCHAR(1000) NOT NULL,\n"
        "    \"checksum\" INT,\n"
        "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
        "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
        "    \"execution_time\" INT NOT NULL,\n"
        "    \"success\" BOOLEAN NOT NULL\n"
        ");\n"
        "CREATE INDEX \"main\".\"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" "
        "(\"success\");");
}

TEST_CASE("flyway history table: PostgreSQL advisory lock key", "[flyway]") {
  CHECK(java_string_hash("\"public\".\"flyway_schema_history\"") == 2125624436);
  CHECK(postgresql_lock_key("public", "flyway_schema_history") == 77433833903597);
  CHECK(java_string_hash("") == 0);
  CHECK(java_string_hash("hello") == 99162322);
}

TEST_CASE("flyway history table: description and script abbreviations", "[flyway]") {
  std::string d200(200, 'd');
  CHECK(abbreviate_description(d200) == d200);
  std::string d201(201, 'd');
  CHECK(abbreviate_description(d201) == std::string(197, 'd') + "...");
  std::string s1000(1000, 's');
  CHECK(abbreviate_script(s1000) == s1000);
  std::string s1001 = "abc" + std::string(998, 's');
  std::string shortened = abbreviate_script(s1001);
  CHECK(shortened.size() == 1000);
  CHECK(shortened == "..." + std::string(997, 's'));
  // Lengths count Java chars: 200 two-byte characters still fit.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
  CHECK(abbreviate_description(accents) == accents);
}

TEST_CASE("flyway java strings: compareTo is UTF-16 order", "[flyway]") {
  CHECK(compare_java_strings("B", "a") < 0);
  CHECK(compare_java_strings("a", "ab") < 0);
  // U+FF61 comes before U+1F600 by code point, after it in UTF-16 (whose surrogates start D83D).
  CHECK(compare_java_strings("\xEF\xBD\xA1", "\xF0\x9F\x98\x80") > 0);
}
