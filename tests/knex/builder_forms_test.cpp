// The builder forms the Knex writer uses, read by the Knex reader as Knex 3.3.0 runs them on each
// dialect: table.check() and dropChecks(), unique() as an index, the types SQLite's Knex writes,
// specificType() read as SQL, and the `?` that PostgreSQL's positionBindings rewrites. Expected
// SQL strings are what Knex's toSQL() printed for the same builder code.
#include <algorithm>
#include <catch2/catch.hpp>

#include "adapters/knex/knex_adapter.hpp"
#include "adapters/knex/knex_sql.hpp"
#include "adapters/knex/migration_module.hpp"
#include "support/run_cli.hpp"

using namespace pm;
using namespace pm::knex;

namespace {

model::Script up_of(const std::string& body, model::Dialect dialect) {
  model::Diagnostics diagnostics;
  auto module = read_migration_module(
      "exports.up = async function (knex) {\n" + body + "\n};\nexports.down = () => {};\n",
      "migrations/1_m.js", "1_m.js", {}, diagnostics, dialect);
  REQUIRE(module.up.has_value());
  for (const auto& step : module.up->script) {
    const auto* opaque = std::get_if<model::OpaqueStep>(&step);
    INFO((opaque ? opaque->reason : std::string()));
    REQUIRE_FALSE(opaque);
  }
  return module.up->script;
}

std::vector<std::string> sql_of(const model::Script& script, model::Dialect dialect) {
  std::vector<std::string> out;
  for (const auto& step : script) {
    if (const auto* op = std::get_if<model::OpStep>(&step)) {
      for (auto& s : render_knex(op->op, dialect)) out.push_back(s);
    } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
      out.push_back(sql->text);
    }
  }
  return out;
}

template <typename T>
const T& op_at(const model::Script& script, std::size_t i) {
  REQUIRE(i < script.size());
  const auto* step = std::get_if<model::OpStep>(&script[i]);
  REQUIRE(step);
  const auto* op = std::get_if<T>(&step->op);
  REQUIRE(op);
  return *op;
}

}  // namespace

TEST_CASE("check(), dropChecks() and unique() without a constraint", "[knex][writer]") {
  const auto pg = model::Dialect::postgresql;
  auto script = up_of(
      "  await knex.schema.createTable('t', (t) => {\n"
      "    t.integer('a'); t.check('a > 0', undefined, 'a_pos');\n"
      "    t.unique(['a'], { indexName: 'u', useConstraint: false });\n"
      "  });\n"
      "  await knex.schema.alterTable('t', (t) => {\n"
      "    t.check('a < 10', undefined, '\"Big\"'); t.dropChecks(['a_pos']);\n"
      "  });\n",
      pg);
  CHECK(
      sql_of(script, pg) ==
      std::vector<std::string>{"create table \"t\" (\"a\" integer, constraint a_pos check (a > 0))",
                               "create unique index \"u\" on \"t\" (\"a\")",
                               "alter table \"t\" add constraint \"Big\" check(a < 10)",
                               "alter table \"t\" drop constraint a_pos"});
  const auto& create = op_at<model::CreateTable>(script, 0);
  REQUIRE(create.constraints.size() == 1);
  CHECK(create.constraints[0].kind == model::ConstraintKind::check);
  CHECK(create.constraints[0].name == "a_pos");
  CHECK(op_at<model::CreateIndex>(script, 1).unique);
  CHECK(op_at<model::AddConstraint>(script, 2).constraint.name == "Big");  // quoted: kept
  CHECK(op_at<model::DropConstraint>(script, 3).kind == model::ConstraintKind::check);

  // Without a name inside alterTable Knex writes `"t"_1`: not read as a check.
  model::Diagnostics diagnostics;
  auto module = read_migration_module(
      "exports.up = (knex) => knex.schema.alterTable('t', (t) => { t.check('a > 0'); });\n"
      "exports.down = () => {};\n",
      "migrations/1_m.js", "1_m.js", {}, diagnostics, pg);
  REQUIRE(module.up->script.size() == 1);
  CHECK(std::holds_alternative<model::OpaqueStep>(module.up->script[0]));
}

TEST_CASE("on SQLite, unique() is an index and a column has the type Knex writes there",
          "[knex][writer]") {
  const auto sqlite = model::Dialect::sqlite;
  auto script = up_of(
      "  await knex.schema.createTable('u', (t) => {\n"
      "    t.increments(); t.specificType('d', 'decimal(10, 2)'); t.decimal('e', 6, 2);\n"
      "    t.timestamp('f'); t.uuid('g'); t.smallint('h'); t.string('k').unique();\n"
      "  });\n"
      "  await knex.schema.alterTable('u', (t) => { t.dropUnique(['k']); });\n",
      sqlite);
  CHECK(sql_of(script, sqlite) ==
        std::vector<std::string>{
            "create table `u` (`id` integer not null primary key autoincrement, `d` decimal(10, "
            "2), `e` float, `f` datetime, `g` char(36), `h` integer, `k` varchar(255))",
            "create unique index `u_k_unique` on `u` (`k`)", "drop index `u_k_unique`"});
  const auto& create = op_at<model::CreateTable>(script, 0);
  REQUIRE(create.columns.size() == 7);
  using model::LogicalType;
  CHECK(create.columns[0].type.kind == LogicalType::integer);  // the rowid alias
  CHECK(create.columns[0].autoincrement);
  CHECK(create.columns[1].type.kind == LogicalType::decimal);  // specificType read as SQL
  CHECK(create.columns[1].type.precision == 10);
  CHECK(create.columns[2].type.kind == LogicalType::double_);    // `float`
  CHECK(create.columns[3].type.kind == LogicalType::timestamp);  // `datetime`
  CHECK(create.columns[4].type.kind == LogicalType::other);      // `char(36)`
  CHECK(create.columns[5].type.kind == LogicalType::integer);
  CHECK(op_at<model::CreateIndex>(script, 1).unique);
  CHECK(op_at<model::DropIndex>(script, 2).name == "u_k_unique");

  // PostgreSQL keeps the builders' own types.
  auto pg = up_of("  await knex.schema.createTable('u', (t) => { t.decimal('e', 6, 2); });\n",
                  model::Dialect::postgresql);
  CHECK(op_at<model::CreateTable>(pg, 0).columns[0].type.kind == LogicalType::decimal);
}

TEST_CASE("on PostgreSQL a ? reaches the database as positionBindings leaves it",
          "[knex][writer]") {
  const auto pg = model::Dialect::postgresql;
  // A raw statement passes positionBindings once; a raw default toQuery() first, then it.
  auto script = up_of(
      "  await knex.raw('select \\'a\\\\?\\' , ?');\n"
      "  await knex.schema.createTable('t', (t) => {\n"
      "    t.text('s').defaultTo(knex.raw(\"'x\\\\\\\\?'\"));\n"
      "    t.text('n').defaultTo('why?');\n"
      "  });\n",
      pg);
  const auto* raw = std::get_if<model::SqlStep>(&script.at(0));
  REQUIRE(raw);
  CHECK(raw->text == "select 'a?' , $1");
  const auto& create = op_at<model::CreateTable>(script, 1);
  CHECK(create.columns.at(0).default_sql == "'x?'");
  CHECK(create.columns.at(1).default_sql == "'why$1'");  // what Knex sends: a broken default
  // SQLite sends the text as it is.
  auto sqlite = up_of("  await knex.raw('select \\'a?\\'');\n", model::Dialect::sqlite);
  CHECK(std::get<model::SqlStep>(sqlite.at(0)).text == "select 'a?'");
}

TEST_CASE("reading for the dialect changes the model, not the SQL polymigrate sends",
          "[knex][writer]") {
  // knex/basic on SQLite and PostgreSQL: what render_knex makes of each op is the same whether
  // the project was read for the dialect or not (the `??` quoting aside: backticks on SQLite, as
  // Knex writes them).
  for (const auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    INFO(model::to_string(dialect));
    adapters::LoadOptions plain;
    plain.environment = dialect == model::Dialect::sqlite ? "development" : "production";
    plain.env["DATABASE_URL"] = "postgresql://localhost/x";
    adapters::LoadOptions named = plain;
    named.dialect = dialect;
    const auto root = test::source_path("fixtures/knex/basic");
    const auto a = knex_adapter().load(root, plain);
    const auto b = knex_adapter().load(root, named);
    auto all_sql = [&](const model::Project& project) {
      std::vector<std::string> out;
      for (const auto& m : project.history.migrations())
        for (auto& s : sql_of(m.up, dialect)) {
          std::replace(s.begin(), s.end(), '`', '"');
          out.push_back(s);
        }
      return out;
    };
    CHECK(all_sql(a) == all_sql(b));
  }
}
