// Specification of from_snapshot and compare: what the catalog's spelling is normalised to,
// what compare tolerates, and that it still reports every real difference.
#include "schema/compare.hpp"

#include <catch2/catch.hpp>

#include "schema/expression_text.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

using namespace pm;
using model::Dialect;

namespace {

schema::SchemaState replayed(Dialect dialect, const std::string& sql) {
  schema::SchemaState state(dialect);
  for (const auto& statement : sql::split_statements(sql, dialect).statements) {
    const auto steps = sql::read_ddl(statement, dialect);
    REQUIRE_FALSE(steps.empty());
    for (const auto& step : steps) REQUIRE(schema::apply_op(state, step.op).empty());
  }
  return state;
}

db::ColumnInfo column(std::string name, std::string type, bool nullable,
                      std::optional<std::string> default_sql = {}) {
  db::ColumnInfo info;
  info.name = std::move(name);
  info.type = std::move(type);
  info.nullable = nullable;
  info.default_sql = std::move(default_sql);
  return info;
}

// What PostgreSQL reports for the table of the "accepted" test below.
db::SchemaSnapshot postgres_accounts() {
  db::TableInfo table;
  table.schema = "public";
  table.name = "accounts";
  table.columns = {column("id", "integer", false, "nextval('accounts_id_seq'::regclass)"),
                   column("name", "character varying(100)", false, "'anon'::character varying"),
                   column("balance", "numeric(10,2)", true, "'-1'::integer"),
                   column("code", "character(2)", true),
                   column("seen", "timestamp(3) with time zone", true, "now()")};
  db::ConstraintInfo pk;
  pk.name = "accounts_pkey";
  pk.kind = "primary_key";
  pk.columns = {"id"};
  db::ConstraintInfo check;
  check.name = "accounts_balance_check";
  check.kind = "check";
  check.columns = {"balance"};
  check.check = "CHECK ((balance >= ('-1'::integer)::numeric))";
  table.constraints = {check, pk};
  db::IndexInfo index;
  index.name = "accounts_lower_idx";
  index.columns = {"lower((name)::text)"};
  index.where = "((code)::text <> 'xx'::text)";
  index.definition = "CREATE INDEX accounts_lower_idx ON public.accounts USING btree (lower(...))";
  table.indexes = {index};
  db::SchemaSnapshot snapshot;
  snapshot.tables = {table};
  return snapshot;
}

}  // namespace

TEST_CASE("compare: canonical expressions drop casts, parentheses, case and spaces",
          "[schema][compare]") {
  CHECK(schema::canonical_expression("((status)::text = 'New'::text)") == "status='New'");
  CHECK(schema::canonical_expression("status = 'New'") == "status='New'");
  CHECK(schema::canonical_expression("'x'::character varying") == "'x'");
  CHECK(schema::canonical_expression("(0)::numeric(10,2)") == "0");
  CHECK(schema::canonical_expression("'{}'::text[]") == "'{}'");
  CHECK(schema::canonical_expression("now() AT TIME ZONE 'UTC'") == "nowattimezone'UTC'");
  CHECK(schema::strip_literal_cast("'x'::character varying") == "'x'");
  CHECK(schema::strip_literal_cast("'-1'::integer") == "-1");
  CHECK(schema::strip_literal_cast("'a'::text || 'b'::text") == "'a'::text || 'b'::text");
  CHECK(schema::strip_literal_cast("now()") == "now()");
}

TEST_CASE("from_snapshot: PostgreSQL catalog text back to the model", "[schema][compare]") {
  const auto state = schema::from_snapshot(postgres_accounts(), Dialect::postgresql);
  const auto* table = state.find_table({"", "accounts"});
  REQUIRE(table);
  CHECK(table->columns[0].type.kind == model::LogicalType::serial);  // integer + nextval
  CHECK_FALSE(table->columns[0].default_sql);
  CHECK(table->columns[1].type.kind == model::LogicalType::string);
  CHECK(table->columns[1].type.length == 100);
  CHECK(table->columns[1].default_sql == "'anon'");
  CHECK(table->columns[2].default_sql == "-1");
  CHECK(table->columns[4].type.kind == model::LogicalType::timestamptz);
  CHECK(table->columns[4].type.precision == 3);
  CHECK(table->indexes[0].method.empty());  // btree is the default
}

TEST_CASE("compare: what the catalog cannot tell apart is accepted", "[schema][compare]") {
  const auto mine = replayed(Dialect::postgresql,
                             "CREATE TABLE accounts (id serial PRIMARY KEY,"
                             " name VARCHAR(100) NOT NULL DEFAULT 'anon',"
                             " balance NUMERIC(10, 2) DEFAULT -1 CHECK (balance >= -1),"
                             " code CHAR(2), seen TIMESTAMP(3) WITH TIME ZONE DEFAULT NOW());"
                             "CREATE INDEX accounts_lower_idx ON accounts (lower(name))"
                             " WHERE code <> 'xx'");
  const auto real = schema::from_snapshot(postgres_accounts(), Dialect::postgresql);
  const auto differences = schema::compare(mine, real);
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());
}

TEST_CASE("compare: real differences are all reported", "[schema][compare]") {
  const auto mine =
      replayed(Dialect::postgresql,
               "CREATE TABLE accounts (id serial PRIMARY KEY,"
               " name VARCHAR(120) NOT NULL DEFAULT 'anon',"
               " balance NUMERIC(10, 2) DEFAULT 0 CHECK (balance >= -1),"
               " code CHAR(2) NOT NULL, seen TIMESTAMP(3) WITH TIME ZONE DEFAULT NOW(),"
               " CONSTRAINT accounts_code_key UNIQUE (code));"
               "CREATE INDEX accounts_name_idx ON accounts (name);"
               "CREATE TABLE extra (id int)");
  const auto real = schema::from_snapshot(postgres_accounts(), Dialect::postgresql);
  const auto differences = schema::compare(mine, real);
  std::string all;
  for (const auto& d : differences) all += d + "\n";
  INFO(all);
  CHECK(all.find("column name: type string(100) replayed") == std::string::npos);
  CHECK(all.find("column name: type string(120) replayed, string(100)") != std::string::npos);
  CHECK(all.find("column balance: default 0 replayed, -1") != std::string::npos);
  CHECK(all.find("column code: NOT NULL replayed, nullable") != std::string::npos);
  CHECK(all.find("constraint accounts_code_key") != std::string::npos);
  CHECK(all.find("index accounts_name_idx is replayed but not in the database") !=
        std::string::npos);
  CHECK(all.find("index accounts_lower_idx is in the database but not replayed") !=
        std::string::npos);
  CHECK(all.find("table extra is replayed but not in the database") != std::string::npos);
  CHECK(differences.size() == 7);
}

TEST_CASE("compare: SQLite affinity and the rowid alias", "[schema][compare]") {
  const auto mine =
      replayed(Dialect::sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, amount MONEY, n NUMBER)");
  db::TableInfo table;
  table.schema = "main";
  table.name = "T";
  table.columns = {column("id", "INTEGER", true), column("amount", "DECIMAL_MONEY", true),
                   column("n", "NUMERIC", true)};
  db::ConstraintInfo pk;
  pk.kind = "primary_key";
  pk.columns = {"id"};
  table.constraints = {pk};
  db::SchemaSnapshot snapshot;
  snapshot.tables = {table};
  const auto real = schema::from_snapshot(snapshot, Dialect::sqlite);
  // The rowid alias is NOT NULL whatever table_info says; MONEY and DECIMAL_MONEY share NUMERIC
  // affinity; the table's name differs only in case.
  const auto differences = schema::compare(mine, real);
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());
}

TEST_CASE("compare: Knex's spellings as PostgreSQL stores them", "[schema][compare]") {
  // Knex quotes every default and writes an enum as a CHECK with IN; PostgreSQL keeps 0, true
  // and = ANY (ARRAY[...]).
  CHECK(schema::canonical_expression("(status = ANY (ARRAY['draft'::text, 'published'::text]))") ==
        schema::canonical_expression("status in ('draft', 'published')"));
  CHECK(schema::canonical_expression("(status <> ALL (ARRAY['x'::text]))") ==
        schema::canonical_expression("status NOT IN ('x')"));
  const auto mine = replayed(Dialect::postgresql,
                             "CREATE TABLE posts (score DECIMAL(6, 2) DEFAULT '0', active BOOLEAN "
                             "DEFAULT '1', label TEXT DEFAULT '0',"
                             " status TEXT CHECK (status in ('draft', 'published')))");
  db::TableInfo table;
  table.schema = "public";
  table.name = "posts";
  table.columns = {column("score", "numeric(6,2)", true, "0"),
                   column("active", "boolean", true, "true"), column("label", "text", true, "0"),
                   column("status", "text", true)};
  db::ConstraintInfo check;
  check.name = "posts_status_check";
  check.kind = "check";
  check.columns = {"status"};
  check.check = "CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text])))";
  table.constraints = {check};
  db::SchemaSnapshot snapshot;
  snapshot.tables = {table};
  const auto differences =
      schema::compare(mine, schema::from_snapshot(snapshot, Dialect::postgresql));
  std::string all;
  for (const auto& d : differences) all += d + "\n";
  INFO(all);
  // Only the text column's '0' is not the number 0.
  REQUIRE(differences.size() == 1);
  CHECK(all.find("column label: default '0' replayed, 0 in the database") != std::string::npos);
}
