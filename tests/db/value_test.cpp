// Values: text, integer and boolean readings, and literals for dry-run output.
#include "db/value.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace pm::db;

TEST_CASE("values read as text, integers and booleans", "[db][value]") {
  CHECK_FALSE(as_text(Value{Null{}}).has_value());
  CHECK(as_text(Value{std::int64_t{-42}}) == "-42");
  CHECK(as_text(Value{0.1}) == "0.1");
  CHECK(as_text(Value{true}) == "true");
  CHECK(as_text(Value{std::string("x")}) == "x");

  CHECK(as_int(Value{std::string(" 123 ")}) == 123);
  CHECK(as_int(Value{std::string("+7")}) == 7);
  CHECK_FALSE(as_int(Value{std::string("12abc")}).has_value());
  CHECK_FALSE(as_int(Value{std::string("")}).has_value());
  CHECK(as_int(Value{3.0}) == 3);
  CHECK_FALSE(as_int(Value{3.5}).has_value());
  CHECK(as_int(Value{false}) == 0);
  CHECK_FALSE(as_int(Value{Null{}}).has_value());

  CHECK(as_bool(Value{std::int64_t{1}}) == true);
  CHECK(as_bool(Value{std::int64_t{0}}) == false);
  CHECK(as_bool(Value{std::string("t")}) == true);
  CHECK(as_bool(Value{std::string("FALSE")}) == false);
  CHECK_FALSE(as_bool(Value{std::string("maybe")}).has_value());
  CHECK(is_null(Value{}));  // a default Value is NULL
}

TEST_CASE("values render as SQL literals", "[db][value]") {
  CHECK(to_sql_literal(Null{}) == "NULL");
  CHECK(to_sql_literal(std::int64_t{-9}) == "-9");
  CHECK(to_sql_literal(true) == "TRUE");
  CHECK(to_sql_literal(false) == "FALSE");
  CHECK(to_sql_literal(2.5) == "2.5");
  CHECK(to_sql_literal(std::numeric_limits<double>::quiet_NaN()) == "'NaN'");
  CHECK(to_sql_literal(std::string("it's a \\ path")) == "'it''s a \\ path'");
}

TEST_CASE("result columns are found by name", "[db][value]") {
  ResultSet r;
  r.columns = {"version_num", "batch"};
  CHECK(r.column("batch") == 1);
  CHECK(r.column("BATCH") == -1);
}
