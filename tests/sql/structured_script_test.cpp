// Specification of structured_script: what the Alembic and Knex writers get from a SQL script.
#include "sql/structured_script.hpp"

#include <catch2/catch.hpp>

using namespace pm;

TEST_CASE("structured_script reads understood statements as ops and keeps the rest as SQL",
          "[sql]") {
  const model::Script script{
      model::SqlStep{"-- header\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n"
                     "UPDATE t SET id = id + 1;\nCREATE INDEX t_id ON t (id);\n",
                     10},
      model::OpaqueStep{"python", "for x in y: pass", {"a.py", 3, 3}, "loop"}};
  const auto steps = sql::structured_script(script, model::Dialect::sqlite, "V1__a.sql");
  REQUIRE(steps.size() == 4);
  const auto* create = std::get_if<model::OpStep>(&steps[0]);
  REQUIRE(create);
  CHECK(std::holds_alternative<model::CreateTable>(create->op));
  CHECK(create->sql.empty());
  CHECK(create->line == 11);
  const auto* update = std::get_if<model::SqlStep>(&steps[1]);
  REQUIRE(update);
  CHECK(update->text == "UPDATE t SET id = id + 1");
  CHECK(update->line == 12);
  CHECK(std::holds_alternative<model::CreateIndex>(std::get<model::OpStep>(steps[2]).op));
  CHECK(std::holds_alternative<model::OpaqueStep>(steps[3]));
}

TEST_CASE("structured_script names file and line of SQL it cannot split", "[sql]") {
  const model::Script script{model::SqlStep{"SELECT 1;\nSELECT 'open", 5}};
  try {
    sql::structured_script(script, model::Dialect::postgresql, "V2__b.sql");
    FAIL("no error");
  } catch (const std::invalid_argument& error) {
    CHECK(std::string(error.what()).rfind("V2__b.sql:6: ", 0) == 0);
  }
}
