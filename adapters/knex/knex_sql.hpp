// Ops from Knex migrations rendered as Knex's schema compilers write them for PostgreSQL and
// SQLite (lib/dialects/{postgres,sqlite3}/schema/*-compiler.js): lower-case keywords, Knex's
// types (`serial primary key`, `varchar(255)`, `timestamptz`, SQLite `float` for decimals),
// PostgreSQL unique and foreign keys as `alter table ... add constraint`, SQLite foreign keys
// inline and unique keys as `create unique index`. What Knex does on SQLite by reading the table
// back and rebuilding it (alter column, drop or add a constraint) is rendered by polymigrate's
// own rebuild from the live schema instead (render_for_connection).
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "model/op.hpp"
#include "model/script.hpp"

namespace pm::knex {

// Thrown for an op Knex runs on SQLite by copying the table (it needs the live schema).
class NeedsRebuild : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::vector<std::string> render_knex(const model::Op& op, model::Dialect dialect);

// The type a builder's column has on the dialect. SQLite's column compiler writes fewer types
// than the builders name (decimal and float as `float`, uuid as `char(36)`, every timestamp as
// `datetime`, smallint and both increments as `integer`): there the type is what Knex writes,
// read back as SQL (native = the text). PostgreSQL, specificType and enums: unchanged.
model::ColumnType knex_column_type(const model::ColumnType& built, model::Dialect dialect);

// render_knex, and for NeedsRebuild the SQLite table rebuild of src/sql/renderer from the
// schema the connection reports now.
std::vector<std::string> render_for_connection(const model::Op& op, db::Connection& conn);

}  // namespace pm::knex
