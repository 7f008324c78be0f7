// Specification of the renderer: every op of the fixture histories renders to SQL that the DDL
// reader reads back as the same op; SQLite's table rebuilds run on a real database and leave the
// schema replay predicts, with the rows and the child rows intact.
#include "sql/renderer.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "db/connection.hpp"
#include "schema/compare.hpp"
#include "schema/fixture_histories.hpp"
#include "schema/from_snapshot.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

using namespace pm;
using model::Dialect;

namespace {

// A full text dump of an op: the model's structs have no operator==, and a dump shows where
// two ops differ.
struct Dump {
  std::ostringstream out;

  void field(const char* name, const std::string& value) { out << name << "=[" << value << "] "; }
  void field(const char* name, bool value) { out << name << "=" << value << " "; }
  void field(const char* name, const std::optional<std::string>& value) {
    out << name << "=" << (value ? "[" + *value + "]" : "null") << " ";
  }
  void field(const char* name, const std::optional<int>& value) {
    out << name << "=" << (value ? std::to_string(*value) : "null") << " ";
  }
  void field(const char* name, const std::vector<std::string>& values) {
    out << name << "=(";
    for (const auto& v : values) out << "[" << v << "]";
    out << ") ";
  }
  void field(const char* name, const model::QualifiedName& value) {
    field(name, value.schema + "|" + value.name);
  }
  void field(const char* name, const model::ColumnType& t) {
    out << name << "{kind=" << model::to_string(t.kind) << " ";
    field("length", t.length);
    field("precision", t.precision);
    field("scale", t.scale);
    field("array", t.array);
    field("enum_values", t.enum_values);
    field("enum_name", t.enum_name);
    field("native", t.native);
    out << "} ";
  }
  void field(const char* name, const std::optional<model::ForeignKeyRef>& ref) {
    if (!ref) {
      out << name << "=null ";
      return;
    }
    out << name << "{";
    field("table", ref->table);
    field("columns", ref->columns);
    field("on_delete", ref->on_delete);
    field("on_update", ref->on_update);
    out << "} ";
  }
  void field(const char* name, const model::Column& c) {
    out << name << "{";
    field("name", c.name);
    field("type", c.type);
    field("nullable", c.nullable);
    field("default", c.default_sql);
    field("primary", c.primary);
    field("unique", c.unique);
    field("autoincrement", c.autoincrement);
    field("references", c.references);
    field("check", c.check);
    field("generated", c.generated);
    out << "} ";
  }
  void field(const char* name, const model::Constraint& c) {
    out << name << "{";
    field("name", c.name);
    out << "kind=" << model::to_string(c.kind) << " ";
    field("columns", c.columns);
    field("references", c.references);
    field("check", c.check);
    field("not_valid", c.not_valid);
    out << "} ";
  }

  void operator()(const model::CreateTable& op) {
    field("table", op.table);
    for (const auto& c : op.columns) field("column", c);
    for (const auto& c : op.constraints) field("constraint", c);
    field("if_not_exists", op.if_not_exists);
  }
  void operator()(const model::DropTable& op) {
    field("table", op.table);
    field("if_exists", op.if_exists);
    field("cascade", op.cascade);
  }
  void operator()(const model::RenameTable& op) {
    field("table", op.table);
    field("new_name", op.new_name);
  }
  void operator()(const model::AddColumn& op) {
    field("table", op.table);
    field("column", op.column);
    field("if_not_exists", op.if_not_exists);
  }
  void operator()(const model::DropColumn& op) {
    field("table", op.table);
    field("column", op.column);
    field("if_exists", op.if_exists);
    field("cascade", op.cascade);
  }
  void operator()(const model::RenameColumn& op) {
    field("table", op.table);
    field("column", op.column);
    field("new_name", op.new_name);
  }
  void operator()(const model::AlterColumn& op) {
    field("table", op.table);
    field("column", op.column);
    if (op.type) field("type", *op.type);
    field("using", op.using_expr);
    out << "nullable=" << (op.nullable ? std::to_string(*op.nullable) : "unchanged") << " ";
    if (op.default_sql) field("default", *op.default_sql);
  }
  void operator()(const model::CreateIndex& op) {
    field("name", op.name);
    field("table", op.table);
    field("columns", op.columns);
    field("unique", op.unique);
    field("concurrently", op.concurrently);
    field("if_not_exists", op.if_not_exists);
    field("where", op.where);
    field("method", op.method);
  }
  void operator()(const model::DropIndex& op) {
    field("name", op.name);
    field("table", op.table);
    field("if_exists", op.if_exists);
    field("concurrently", op.concurrently);
    field("cascade", op.cascade);
  }
  void operator()(const model::AddConstraint& op) {
    field("table", op.table);
    field("constraint", op.constraint);
  }
  void operator()(const model::DropConstraint& op) {
    field("table", op.table);
    field("name", op.name);
    out << "kind=" << (op.kind ? model::to_string(*op.kind) : "null") << " ";
    field("if_exists", op.if_exists);
  }
  void operator()(const model::ValidateConstraint& op) {
    field("table", op.table);
    field("name", op.name);
  }
  void operator()(const model::CreateView& op) {
    field("view", op.view);
    field("query", op.query);
    field("or_replace", op.or_replace);
  }
  void operator()(const model::DropView& op) {
    field("view", op.view);
    field("if_exists", op.if_exists);
    field("cascade", op.cascade);
  }
  void operator()(const model::CreateEnum& op) {
    field("type", op.type);
    field("values", op.values);
  }
  void operator()(const model::DropEnum& op) {
    field("type", op.type);
    field("if_exists", op.if_exists);
  }
  void operator()(const model::InsertRows& op) {
    field("table", op.table);
    field("columns", op.columns);
    for (const auto& row : op.rows) field("row", row);
  }
};

std::string dump(const model::Op& op) {
  Dump d;
  d.out << model::op_name(op) << ": ";
  std::visit(d, op);
  return d.out.str();
}

std::vector<model::Op> read_back(const std::string& sql, Dialect dialect) {
  const auto split = sql::split_statements(sql, dialect);
  REQUIRE_FALSE(split.error);
  REQUIRE(split.statements.size() == 1);
  std::vector<model::Op> ops;
  for (const auto& step : sql::read_ddl(split.statements[0], dialect)) ops.push_back(step.op);
  return ops;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

void run_all(db::Connection& connection, const std::vector<std::string>& statements) {
  for (const auto& statement : statements) connection.exec_script(statement);
}

}  // namespace

TEST_CASE("renderer: ops -> SQL -> DDL reader -> ops is the identity on the fixtures",
          "[sql][renderer]") {
  for (const auto dialect : {Dialect::sqlite, Dialect::postgresql}) {
    int checked = 0;
    for (const auto& fixture : test::schema_fixture_histories(dialect)) {
      schema::SchemaState state(dialect);
      for (const auto& file : fixture.files) {
        for (const auto& statement : sql::split_statements(file.sql, dialect).statements) {
          for (const auto& step : sql::read_ddl(statement, dialect)) {
            INFO(fixture.name << "/" << file.name << " line " << step.line);
            const auto rendered = sql::render(step.op, dialect, {&state});
            if (rendered.size() == 1) {
              INFO(rendered[0]);
              const auto back = read_back(rendered[0], dialect);
              REQUIRE(back.size() == 1);
              CHECK(dump(back[0]) == dump(step.op));
              ++checked;
            }
            schema::apply_op(state, step.op);
          }
        }
      }
    }
    INFO(model::to_string(dialect));
    CHECK(checked >= 25);
  }
}

TEST_CASE("renderer: types per dialect when the model has no native spelling", "[sql][renderer]") {
  using model::LogicalType;
  auto type = [](LogicalType kind, std::optional<int> a = {}, std::optional<int> b = {}) {
    model::ColumnType t;
    t.kind = kind;
    if (kind == LogicalType::string) t.length = a;
    if (kind == LogicalType::decimal || kind == LogicalType::timestamptz) {
      t.precision = a;
      t.scale = b;
    }
    return t;
  };
  const auto pg = Dialect::postgresql;
  const auto lite = Dialect::sqlite;
  CHECK(sql::render_type(type(LogicalType::timestamptz), pg) == "timestamptz");
  CHECK(sql::render_type(type(LogicalType::timestamptz, 3), pg) == "timestamp(3) with time zone");
  CHECK(sql::render_type(type(LogicalType::jsonb), pg) == "jsonb");
  CHECK(sql::render_type(type(LogicalType::uuid), pg) == "uuid");
  CHECK(sql::render_type(type(LogicalType::binary), pg) == "bytea");
  CHECK(sql::render_type(type(LogicalType::serial), pg) == "serial");
  CHECK(sql::render_type(type(LogicalType::string, 20), pg) == "varchar(20)");
  CHECK(sql::render_type(type(LogicalType::decimal, 10, 2), pg) == "numeric(10, 2)");
  CHECK(sql::render_type(type(LogicalType::serial), lite) == "INTEGER");
  CHECK(sql::render_type(type(LogicalType::text), lite) == "TEXT");
  CHECK(sql::render_type(type(LogicalType::binary), lite) == "BLOB");
  CHECK(sql::render_type(type(LogicalType::boolean), lite) == "BOOLEAN");
  CHECK(sql::render_type(type(LogicalType::timestamptz), lite) == "DATETIME");
  model::ColumnType native = type(LogicalType::other);
  native.native = "geometry(Point, 4326)";
  CHECK(sql::render_type(native, pg) == "geometry(Point, 4326)");
  model::ColumnType written = type(LogicalType::string, 20);
  written.native = "character varying(20)";
  CHECK(sql::render_type(written, pg) == "character varying(20)");
  CHECK(sql::render_type(written, lite, false) == "VARCHAR(20)");
}

TEST_CASE("renderer: identifiers are double-quoted and SQLite expressions parenthesised",
          "[sql][renderer]") {
  model::AddColumn add;
  add.table = {"app", "Weird \"Name\""};
  add.column.name = "created";
  add.column.type.kind = model::LogicalType::timestamp;
  add.column.default_sql = "datetime('now')";
  CHECK(sql::render(add, Dialect::sqlite) ==
        std::vector<std::string>{
            "ALTER TABLE \"app\".\"Weird \"\"Name\"\"\" ADD COLUMN \"created\" DATETIME DEFAULT "
            "(datetime('now'))"});
  CHECK(sql::render(add, Dialect::postgresql) ==
        std::vector<std::string>{
            "ALTER TABLE \"app\".\"Weird \"\"Name\"\"\" ADD COLUMN \"created\" timestamp DEFAULT "
            "datetime('now')"});
}

TEST_CASE("renderer: SQLite rebuilds need the schema state", "[sql][renderer]") {
  model::AlterColumn alter;
  alter.table = {"", "t"};
  alter.column = "c";
  alter.nullable = false;
  CHECK_THROWS_AS(sql::render(alter, Dialect::sqlite), sql::RenderError);
  schema::SchemaState empty(Dialect::sqlite);
  CHECK_THROWS_AS(sql::render(alter, Dialect::sqlite, {&empty}), sql::RenderError);
  model::DropConstraint drop{{"", "t"}, "t_c_key", {}, false};
  CHECK_THROWS_AS(sql::render(drop, Dialect::sqlite), sql::RenderError);
  CHECK(sql::render(alter, Dialect::postgresql) ==
        std::vector<std::string>{"ALTER TABLE \"t\" ALTER COLUMN \"c\" SET NOT NULL"});
}

TEST_CASE("renderer: SQLite table rebuilds run and leave the replayed schema",
          "[sql][renderer][sqlite]") {
  auto fixtures = test::schema_fixture_histories(Dialect::sqlite);
  const auto shop = std::find_if(fixtures.begin(), fixtures.end(),
                                 [](const auto& f) { return f.name == "shop"; });
  REQUIRE(shop != fixtures.end());
  auto connection = db::open_connection(db::parse_database_url("sqlite::memory:"));
  schema::SchemaState state = schema::replay_history(shop->history, Dialect::sqlite).state;
  for (const auto& file : shop->files) {
    for (const auto& statement : sql::split_statements(file.sql, Dialect::sqlite).statements) {
      connection->exec_script(statement.text);
    }
  }
  // A child row whose ON DELETE CASCADE would fire if the rebuild dropped customers with
  // foreign keys on.
  connection->exec_script(
      "INSERT INTO orders (id, customer_id, status) VALUES (10, 1, 'new');"
      "INSERT INTO products (id, sku, label, price) VALUES (5, 'A-1', 'Lamp', 12.5);");

  std::vector<model::Op> ops;
  {
    model::AlterColumn a{{"", "customers"}, "name", {}, {}, {}, std::optional<std::string>("'?'")};
    ops.push_back(a);
    ops.push_back(model::AlterColumn{{"", "products"}, "active", {}, {}, true, {}});
    model::ColumnType bigint;
    bigint.kind = model::LogicalType::bigint;
    bigint.native = "BIGINT";
    ops.push_back(model::AlterColumn{{"", "orders"}, "total", bigint, {}, {}, {}});
    ops.push_back(
        model::AlterColumn{{"", "orders"}, "status", {}, {}, {}, std::optional<std::string>()});
    model::Constraint unique;
    unique.kind = model::ConstraintKind::unique;
    unique.columns = {"phone"};
    ops.push_back(model::AddConstraint{{"", "customers"}, unique});
    model::Constraint check;
    check.kind = model::ConstraintKind::check;
    check.check = "length(sku) > 1";
    ops.push_back(model::AddConstraint{{"", "products"}, check});
    ops.push_back(model::DropConstraint{{"", "products"}, "products_sku_key", {}, false});
    ops.push_back(model::DropConstraint{{"", "order_lines"}, "order_items_product_fk", {}, false});
  }
  for (const auto& op : ops) {
    INFO(model::op_name(op));
    const auto statements = sql::render(op, Dialect::sqlite, {&state});
    INFO(joined(statements));
    CHECK(statements.front() == "PRAGMA foreign_keys = OFF");
    CHECK(statements.back() == "PRAGMA foreign_keys = ON");
    run_all(*connection, statements);
    REQUIRE(schema::apply_op(state, op).empty());
    const auto real = schema::from_snapshot(connection->introspect(), Dialect::sqlite);
    const auto differences = schema::compare(state, real);
    INFO(joined(differences));
    CHECK(differences.empty());
  }
  CHECK(connection->query("SELECT count(*) FROM orders").rows.size() == 1);
  CHECK(db::as_int(connection->query("SELECT count(*) FROM orders").rows[0][0]) == 1);
  CHECK(db::as_int(connection->query("SELECT count(*) FROM customers").rows[0][0]) == 1);
  CHECK(db::as_int(connection->query("SELECT count(*) FROM products").rows[0][0]) == 1);
  CHECK(connection->query("PRAGMA foreign_key_check").rows.empty());
  CHECK(db::as_int(connection->query("PRAGMA foreign_keys").rows[0][0]) == 1);
  // The expression index of customers survived its rebuild.
  CHECK(state.find_index({"", "customers_name_lower_idx"}));
}
