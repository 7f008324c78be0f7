// Specification of the statement splitter: what ends a statement on each dialect, what a
// statement's text and position are, which flags it carries, and which scripts are errors.
#include "sql/splitter.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sql/copy_data.hpp"

using pm::model::Dialect;
using pm::sql::split_statements;
using pm::sql::SplitResult;
using pm::sql::Statement;

namespace {

// Every statement's text is the script's bytes at its offset, and its line/column is where that
// offset is: checked on every split in this file.
void check_positions(const std::string& script, const SplitResult& result) {
  for (const Statement& statement : result.statements) {
    REQUIRE(statement.offset + statement.text.size() <= script.size());
    CHECK(statement.text == script.substr(statement.offset, statement.text.size()));
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < statement.offset; ++i) {
      if (script[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    CHECK(statement.line == line);
    CHECK(statement.column == column);
  }
}

SplitResult split(const std::string& script, Dialect dialect) {
  SplitResult result = split_statements(script, dialect);
  check_positions(script, result);
  return result;
}

std::vector<std::string> texts(const std::string& script, Dialect dialect) {
  const SplitResult result = split(script, dialect);
  INFO(script);
  if (result.error) INFO("error: " << result.error->message);
  CHECK_FALSE(result.error.has_value());
  std::vector<std::string> out;
  for (const auto& statement : result.statements) out.push_back(statement.text);
  return out;
}

Statement only(const std::string& script, Dialect dialect) {
  const SplitResult result = split(script, dialect);
  INFO(script);
  REQUIRE_FALSE(result.error.has_value());
  REQUIRE(result.statements.size() == 1);
  return result.statements.front();
}

using Texts = std::vector<std::string>;

struct Case {
  const char* name;
  std::string script;
  Texts expected;
};

void run_cases(const std::vector<Case>& cases, Dialect dialect) {
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(texts(c.script, dialect) == c.expected);
  }
}

}  // namespace

TEST_CASE("splitter: both dialects cut at semicolons outside quotes and comments", "[sql][splitter]") {
  const std::vector<Case> cases = {
      {"two statements", "SELECT 1;\nSELECT 2;\n", Texts{"SELECT 1", "SELECT 2"}},
      {"last statement without ';'", "SELECT 1;\nSELECT 2", Texts{"SELECT 1", "SELECT 2"}},
      {"empty statements are skipped", ";;SELECT 1;;\n;", Texts{"SELECT 1"}},
      {"only comments", "-- nothing\n/* at all */\n  \n", Texts{}},
      {"empty script", "", Texts{}},
      {"';' in a string", "INSERT INTO t VALUES ('a;b');SELECT 2;",
       Texts{"INSERT INTO t VALUES ('a;b')", "SELECT 2"}},
      {"doubled quote in a string", "SELECT 'it''s; fine';SELECT 2",
       Texts{"SELECT 'it''s; fine'", "SELECT 2"}},
      {"';' in a quoted identifier", "SELECT \"a;\"\"b\" FROM t;SELECT 2",
       Texts{"SELECT \"a;\"\"b\" FROM t", "SELECT 2"}},
      {"';' in a line comment", "SELECT 1 -- no; split\n+ 1;SELECT 2",
       Texts{"SELECT 1 -- no; split\n+ 1", "SELECT 2"}},
      {"';' in a block comment", "SELECT /* a; b */ 1;SELECT 2",
       Texts{"SELECT /* a; b */ 1", "SELECT 2"}},
      {"comments before a statement are not its text", "-- header\n/* note */ SELECT 1;",
       Texts{"SELECT 1"}},
      {"a comment after the last token is not its text",
       "SELECT 1 -- trailing\n;\nSELECT 2 /* x */", Texts{"SELECT 1", "SELECT 2"}},
      {"'--' inside a string is not a comment", "SELECT '--;';SELECT 2",
       Texts{"SELECT '--;'", "SELECT 2"}},
      {"';' inside parentheses (CREATE RULE actions)",
       "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b);SELECT 1",
       Texts{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b)",
             "SELECT 1"}},
      {"CRLF line ends", "SELECT 1;\r\nSELECT 2;\r\n", Texts{"SELECT 1", "SELECT 2"}},
      {"plain BEGIN/COMMIT are statements", "BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;",
       Texts{"BEGIN", "CREATE TABLE t (a int)", "COMMIT"}},
      {"BEGIN TRANSACTION", "BEGIN TRANSACTION;\nSELECT 1;\nEND TRANSACTION;",
       Texts{"BEGIN TRANSACTION", "SELECT 1", "END TRANSACTION"}},
      {"CASE ... END outside a body needs no tracking",
       "SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t;SELECT 2",
       Texts{"SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t", "SELECT 2"}},
  };
  SECTION("postgresql") { run_cases(cases, Dialect::postgresql); }
  SECTION("sqlite") { run_cases(cases, Dialect::sqlite); }
}

TEST_CASE("splitter: PostgreSQL quoting", "[sql][splitter]") {
  run_cases(
      {
          {"E'' string with backslash-escaped quote", "SELECT E'a\\';b';SELECT 2",
           Texts{"SELECT E'a\\';b'", "SELECT 2"}},
          {"lower-case e''", "SELECT e'\\\\';SELECT 2", Texts{"SELECT e'\\\\'", "SELECT 2"}},
          {"backslash is plain in a standard string", "SELECT 'a\\';SELECT 2",
           Texts{"SELECT 'a\\'", "SELECT 2"}},
          {"U&'' string", "SELECT U&'d\\0061t;a';SELECT 2",
           Texts{"SELECT U&'d\\0061t;a'", "SELECT 2"}},
          {"U&\"\" identifier", "SELECT U&\"a;b\" FROM t;SELECT 2",
           Texts{"SELECT U&\"a;b\" FROM t", "SELECT 2"}},
          {"word ending in e before a string", "SELECT 'x' FROM tablee WHERE a = 'y\\';SELECT 2",
           Texts{"SELECT 'x' FROM tablee WHERE a = 'y\\'", "SELECT 2"}},
          {"nested block comments", "SELECT /* a /* b; */ c; */ 1;SELECT 2",
           Texts{"SELECT /* a /* b; */ c; */ 1", "SELECT 2"}},
          {"$$ body", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;SELECT 2",
           Texts{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT 2"}},
          {"$tag$ body holding $$", "DO $body$ BEGIN PERFORM '$$;'; END $body$;SELECT 2",
           Texts{"DO $body$ BEGIN PERFORM '$$;'; END $body$", "SELECT 2"}},
          {"$a$ does not close $b$", "SELECT $b$ x $a$; $b$;SELECT 2",
           Texts{"SELECT $b$ x $a$; $b$", "SELECT 2"}},
          {"$1 is a parameter", "PREPARE p AS SELECT $1;SELECT 2",
           Texts{"PREPARE p AS SELECT $1", "SELECT 2"}},
          {"identifier holding $", "SELECT a$b$c FROM t;SELECT 2",
           Texts{"SELECT a$b$c FROM t", "SELECT 2"}},
          {"brackets are array subscripts", "SELECT a[1] FROM t;SELECT 2",
           Texts{"SELECT a[1] FROM t", "SELECT 2"}},
          {"PL/pgSQL BEGIN ... END inside a dollar quote",
           "CREATE OR REPLACE FUNCTION trg() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at = "
           "now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nCREATE TRIGGER t BEFORE UPDATE ON x "
           "FOR EACH ROW EXECUTE FUNCTION trg();",
           Texts{
               "CREATE OR REPLACE FUNCTION trg() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at = "
               "now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql",
               "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION trg()"}},
      },
      Dialect::postgresql);
}

TEST_CASE("splitter: PostgreSQL BEGIN ATOMIC bodies", "[sql][splitter]") {
  const std::string script =
      "CREATE FUNCTION grade(score int) RETURNS text LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT CASE WHEN score > 50 THEN 'pass' ELSE 'fail' END;\n"
      "  SELECT 'x';\n"
      "END;\n"
      "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;\n"
      "BEGIN;\n"
      "SELECT 1;";
  const SplitResult result = split(script, Dialect::postgresql);
  REQUIRE_FALSE(result.error);
  REQUIRE(result.statements.size() == 4);
  CHECK(result.statements[0].text.ends_with("SELECT 'x';\nEND"));
  CHECK(result.statements[0].line == 1);
  CHECK(result.statements[1].text ==
        "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END");
  CHECK(result.statements[1].line == 6);
  CHECK(result.statements[2].text == "BEGIN");
  CHECK(result.statements[2].transaction_control);
  CHECK(result.statements[3].line == 8);
}

TEST_CASE("splitter: SQLite quoting and trigger bodies", "[sql][splitter]") {
  run_cases(
      {
          {"backtick identifier", "SELECT `a;``b` FROM t;SELECT 2",
           Texts{"SELECT `a;``b` FROM t", "SELECT 2"}},
          {"bracket identifier", "SELECT [a;b] FROM t;SELECT 2",
           Texts{"SELECT [a;b] FROM t", "SELECT 2"}},
          {"block comments do not nest", "SELECT /* a /* b */ 1;SELECT 2",
           Texts{"SELECT /* a /* b */ 1", "SELECT 2"}},
          {"backslash is plain, and E'' is a word and a string", "SELECT E'a\\';SELECT 2",
           Texts{"SELECT E'a\\'", "SELECT 2"}},
          {"$ starts a parameter, not a dollar quote", "SELECT $a, ?1, :b, @c;SELECT 2",
           Texts{"SELECT $a, ?1, :b, @c", "SELECT 2"}},
          {"trigger body",
           "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE b SET n = n + 1;\n  DELETE FROM "
           "c;\nEND;\nSELECT 2;",
           Texts{"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE b SET n = n + 1;\n  DELETE "
                 "FROM c;\nEND",
                 "SELECT 2"}},
          {"temp trigger with CASE ... END inside",
           "CREATE TEMP TRIGGER IF NOT EXISTS t BEFORE UPDATE ON a FOR EACH ROW WHEN "
           "CASE WHEN new.x THEN 1 END BEGIN\n"
           "  UPDATE a SET y = CASE WHEN new.x > 0 THEN 'p' ELSE 'n' END WHERE id = new.id;\n"
           "  SELECT RAISE(ABORT, 'no;');\nEND;SELECT 2",
           Texts{"CREATE TEMP TRIGGER IF NOT EXISTS t BEFORE UPDATE ON a FOR EACH ROW WHEN "
                 "CASE WHEN new.x THEN 1 END BEGIN\n"
                 "  UPDATE a SET y = CASE WHEN new.x > 0 THEN 'p' ELSE 'n' END WHERE id = "
                 "new.id;\n  SELECT RAISE(ABORT, 'no;');\nEND",
                 "SELECT 2"}},
          {"lower-case trigger keywords, column named end after a dot",
           "create temporary trigger t after update on a begin update b set x = old.end; end;"
           "select 2",
           Texts{"create temporary trigger t after update on a begin update b set x = old.end; end",
                 "select 2"}},
          {"BEGIN outside a trigger is transaction control",
           "BEGIN IMMEDIATE;\nCREATE TABLE t (a);\nCOMMIT;",
           Texts{"BEGIN IMMEDIATE", "CREATE TABLE t (a)", "COMMIT"}},
      },
      Dialect::sqlite);
}

TEST_CASE("splitter: positions are those of the first token", "[sql][splitter]") {
  const std::string script =
      "-- V1__init.sql\n"
      "/* multi\n   line */   CREATE TABLE a (id int);\n"
      "\n"
      "\tINSERT INTO a VALUES (1); SELECT 'x\ny';\n"
      "SELECT\n  2";
  for (Dialect dialect : {Dialect::postgresql, Dialect::sqlite}) {
    const SplitResult result = split(script, dialect);
    REQUIRE_FALSE(result.error);
    REQUIRE(result.statements.size() == 4);
    CHECK(result.statements[0].line == 3);
    CHECK(result.statements[0].column == 14);
    CHECK(result.statements[0].text == "CREATE TABLE a (id int)");
    CHECK(result.statements[1].line == 5);
    CHECK(result.statements[1].column == 2);
    CHECK(result.statements[2].line == 5);
    CHECK(result.statements[2].column == 28);
    CHECK(result.statements[2].text == "SELECT 'x\ny'");
    CHECK(result.statements[3].line == 7);
    CHECK(result.statements[3].column == 1);
    CHECK(result.statements[3].text == "SELECT\n  2");
  }
}

TEST_CASE("splitter: COPY FROM STDIN keeps its data", "[sql][splitter]") {
  const std::string script =
      "CREATE TABLE t (a int, b text);\n"
      "COPY t (a, b) FROM stdin; -- rest of this line is skipped\n"
      "1\tone;\n"
      "2\t'two\n"
      "\\.\n"
      "SELECT 3;\n";
  const SplitResult result = split(script, Dialect::postgresql);
  REQUIRE_FALSE(result.error);
  REQUIRE(result.statements.size() == 3);
  const Statement& copy = result.statements[1];
  CHECK(copy.copy_from_stdin);
  CHECK(copy.line == 2);
  CHECK(copy.text ==
        "COPY t (a, b) FROM stdin; -- rest of this line is skipped\n1\tone;\n2\t'two\n\\.");
  const auto parts = pm::sql::copy_parts(copy, Dialect::postgresql);
  CHECK(parts.command == "COPY t (a, b) FROM stdin");
  CHECK(parts.data == "1\tone;\n2\t'two\n");
  CHECK(result.statements[2].text == "SELECT 3");
  CHECK(result.statements[2].line == 6);
  CHECK_FALSE(result.statements[0].copy_from_stdin);

  SECTION("empty data, CRLF, indented terminator") {
    const std::string crlf = "COPY t FROM STDIN WITH (FORMAT csv);\r\n  \\.  \r\nSELECT 1";
    const SplitResult r = split(crlf, Dialect::postgresql);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.statements.size() == 2);
    CHECK(r.statements[0].text == "COPY t FROM STDIN WITH (FORMAT csv);\r\n  \\.");
    CHECK(pm::sql::copy_parts(r.statements[0], Dialect::postgresql).data.empty());
  }
  SECTION("COPY TO STDOUT and COPY FROM a file have no data") {
    CHECK(texts("COPY t TO STDOUT;\nSELECT 1;", Dialect::postgresql) ==
          Texts{"COPY t TO STDOUT", "SELECT 1"});
    CHECK(texts("COPY t FROM '/tmp/x';\nSELECT 1;", Dialect::postgresql) ==
          Texts{"COPY t FROM '/tmp/x'", "SELECT 1"});
  }
}

TEST_CASE("splitter: unterminated constructs are errors where they start", "[sql][splitter]") {
  struct ErrorCase {
    Dialect dialect;
    std::string script;
    std::string message;
    int line;
    int column;
    std::size_t statements_before;
  };
  const std::vector<ErrorCase> cases = {
      {Dialect::postgresql, "SELECT 1;\nSELECT 'abc;\nSELECT 2;", "unterminated quoted string", 2,
       8, 1},
      {Dialect::sqlite, "SELECT 'abc''", "unterminated quoted string", 1, 8, 0},
      {Dialect::postgresql, "SELECT E'abc\\';", "unterminated escape string", 1, 8, 0},
      {Dialect::postgresql, "SELECT \"abc;", "unterminated quoted identifier", 1, 8, 0},
      {Dialect::sqlite, "SELECT `abc;", "unterminated quoted identifier", 1, 8, 0},
      {Dialect::sqlite, "SELECT [abc;", "unterminated quoted identifier", 1, 8, 0},
      {Dialect::postgresql, "SELECT 1;\n  /* a /* b */ SELECT 2;", "unterminated block comment", 2,
       3, 1},
      {Dialect::sqlite, "SELECT 1; /* x", "unterminated block comment", 1, 11, 1},
      {Dialect::postgresql, "SELECT 1;\nDO $x$ BEGIN END $y$;\nSELECT 2;",
       "unterminated dollar-quoted string $x$", 2, 4, 1},
      {Dialect::postgresql, "COPY t FROM stdin;\n1\n2\n",
       "COPY ... FROM STDIN data without a terminating \\. line", 1, 1, 0},
      {Dialect::postgresql, "SELECT 1;\nCOPY t FROM stdin;",
       "COPY ... FROM STDIN data without a terminating \\. line", 2, 1, 1},
      {Dialect::sqlite, "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  SELECT 1;\nSELECT 2;",
       "BEGIN ... END block without END", 2, 1, 0},
      {Dialect::sqlite,
       "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; END", "",
       0, 0, 1},
      {Dialect::postgresql,
       "CREATE FUNCTION f() RETURNS int LANGUAGE sql\n  BEGIN ATOMIC SELECT 1;",
       "BEGIN ATOMIC ... END block without END", 2, 3, 0},
      {Dialect::postgresql, "SELECT (1;\nSELECT 2;", "unclosed parenthesis", 1, 8, 0},
  };
  for (const ErrorCase& c : cases) {
    INFO(c.script);
    const SplitResult result = split(c.script, c.dialect);
    CHECK(result.statements.size() == c.statements_before);
    if (c.message.empty()) {
      CHECK_FALSE(result.error);
      continue;
    }
    REQUIRE(result.error);
    CHECK(result.error->message == c.message);
    CHECK(result.error->line == c.line);
    CHECK(result.error->column == c.column);
  }
}

TEST_CASE("splitter: PostgreSQL flags follow Flyway's rules", "[sql][splitter]") {
  struct FlagCase {
    std::string sql;
    bool no_transaction;
    bool adds_enum_value;
    bool transaction_control;
  };
  const std::vector<FlagCase> cases = {
      {"CREATE TABLE t (a int)", false, false, false},
      {"create database app", true, false, false},
      {"DROP TABLESPACE ts", true, false, false},
      {"CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", true, false, false},
      {"ALTER SYSTEM SET work_mem = '64MB'", true, false, false},
      {"CREATE INDEX CONCURRENTLY i ON t (a)", true, false, false},
      {"create unique index concurrently if not exists i on t (a)", true, false, false},
      {"DROP INDEX CONCURRENTLY IF EXISTS i", true, false, false},
      {"CREATE INDEX i ON t (a)", false, false, false},
      {"/* lead */ CREATE -- c\n  INDEX\n\tCONCURRENTLY i ON t (a)", true, false, false},
      {"REINDEX SCHEMA public", true, false, false},
      {"REINDEX VERBOSE DATABASE app", true, false, false},
      {"REINDEX (VERBOSE) SYSTEM app", true, false, false},
      {"REINDEX TABLE CONCURRENTLY t", true, false, false},
      {"REINDEX TABLE t", false, false, false},
      {"VACUUM ANALYZE t", true, false, false},
      {"DISCARD ALL", true, false, false},
      {"DISCARD PLANS", false, false, false},
      {"COMMIT PREPARED 'tx'", true, false, false},
      {"ALTER TYPE mood ADD VALUE 'ok'", false, true, false},
      {"ALTER TYPE public.\"Mood\" ADD VALUE IF NOT EXISTS 'ok' BEFORE 'sad'", false, true, false},
      {"ALTER TYPE mood RENAME VALUE 'a' TO 'b'", false, false, false},
      {"ALTER TABLE t ADD COLUMN value int", false, false, false},
      {"BEGIN", false, false, true},
      {"begin transaction isolation level serializable", false, false, true},
      {"START TRANSACTION", false, false, true},
      {"COMMIT", false, false, true},
      {"END", false, false, true},
      {"ABORT", false, false, true},
      {"ROLLBACK", false, false, true},
      {"ROLLBACK WORK", false, false, true},
      {"ROLLBACK TO SAVEPOINT s", false, false, false},
      {"ROLLBACK TRANSACTION TO s", false, false, false},
      {"SAVEPOINT s", false, false, false},
      {"PREPARE TRANSACTION 'tx'", false, false, true},
      {"SELECT 'BEGIN'", false, false, false},
  };
  for (const FlagCase& c : cases) {
    INFO(c.sql);
    const Statement statement = only(c.sql + ";", Dialect::postgresql);
    CHECK(statement.no_transaction == c.no_transaction);
    CHECK(statement.adds_enum_value == c.adds_enum_value);
    CHECK(statement.transaction_control == c.transaction_control);
    CHECK_FALSE(statement.copy_from_stdin);
  }
}

TEST_CASE("splitter: SQLite flags", "[sql][splitter]") {
  CHECK(only("VACUUM;", Dialect::sqlite).no_transaction);
  CHECK(only("PRAGMA foreign_keys = OFF;", Dialect::sqlite).no_transaction);
  CHECK_FALSE(only("PRAGMA journal_mode = WAL;", Dialect::sqlite).no_transaction);
  CHECK_FALSE(only("CREATE INDEX i ON t (a);", Dialect::sqlite).no_transaction);
  CHECK(only("BEGIN DEFERRED TRANSACTION;", Dialect::sqlite).transaction_control);
  CHECK(only("END TRANSACTION;", Dialect::sqlite).transaction_control);
  CHECK(only("ROLLBACK;", Dialect::sqlite).transaction_control);
  CHECK_FALSE(only("ROLLBACK TO SAVEPOINT s;", Dialect::sqlite).transaction_control);
  CHECK_FALSE(only("ALTER TYPE x ADD VALUE 'y';", Dialect::sqlite).adds_enum_value);
}
