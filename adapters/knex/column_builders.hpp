// Knex's column builders (lib/schema/tablebuilder.js) as model column types, and the names Knex
// gives indexes and constraints (lib/schema/tablecompiler.js _indexCommand).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/knex/js_syntax.hpp"
#include "model/column.hpp"

namespace pm::knex {

// The column a builder call makes: `t.string('email', 100)` -> string(100). `args` are the call's
// evaluated arguments after the column name. nullopt when the builder is not a column type.
// Throws std::invalid_argument with a reason when the arguments are not ones Knex accepts.
struct BuiltColumn {
  model::ColumnType type;
  bool increments = false;  // increments / bigIncrements: a primary key unless primaryKey: false
  bool primary_key = true;
};
std::optional<BuiltColumn> column_builder(const std::string& builder,
                                          const std::vector<JsValue>& args);

bool is_column_builder(const std::string& builder);

// A type as SQL writes it ('varchar(20)', 'decimal(10, 2)', 'int[]') as a model type with
// `native` = the text; `other` when the type grammar does not read the whole text.
model::ColumnType sql_column_type(const std::string& text);

// lower(table with '.' and '-' as '_' + '_' + columns joined by '_' + '_' + type), where type is
// "index", "unique" or "foreign".
std::string knex_index_name(const std::string& table, const std::vector<std::string>& columns,
                            const std::string& type);

// columncompiler.js formatDefault: the `default` clause's value as Knex writes it. Booleans are
// '1'/'0' for boolean columns, every other literal a quoted string ('0' for 0).
std::string knex_default(const JsValue& value, const model::ColumnType& type);

// A quoted SQL string literal, as Knex's _escapeBinding writes one ('' for ').
std::string sql_string(const std::string& text);

// A constraint name for the calls that write it into the SQL unquoted (check, dropChecks): as it
// is when PostgreSQL would not fold it (lower case, digits, '_'), else double-quoted.
std::string knex_raw_name(const std::string& name);

}  // namespace pm::knex
