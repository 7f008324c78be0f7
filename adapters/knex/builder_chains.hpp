// The text of Knex builder calls for model ops, for the step writer: a column's chain
// (`table.string('email', 120).notNullable()...`), table constraints, indexes, inserts. Each
// returns nullopt where no builder does exactly what the op does on the dialect, as the Knex
// reader (schema_translator.cpp) would read it back: the op is then written as knex.raw.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/op.hpp"
#include "schema/schema_state.hpp"

namespace pm::knex {

class BuilderChains {
 public:
  // `state`: the schema the op applies to (a referenced table's primary key, a column's type).
  BuilderChains(model::Dialect dialect, const schema::SchemaState& state);

  bool pg() const { return dialect_ == model::Dialect::postgresql; }

  bool has_primary_key(const model::QualifiedName& table) const;

  // The name PostgreSQL gives an unnamed constraint (t_email_key, t_user_id_fkey), which Knex
  // would otherwise replace by its own (t_email_unique, t_user_id_foreign): later migrations
  // drop constraints by the database's name. SQLite keeps no names for them.
  std::string database_name(const model::QualifiedName& table, model::ConstraintKind kind,
                            const std::vector<std::string>& columns, const std::string& name) const;

  // `table.<type>('name')` and its modifiers. `table_primary`: the table has a table-level
  // primary key (or gets one in the same createTable).
  std::optional<std::string> column(const model::QualifiedName& table, const model::Column& c,
                                    bool table_primary) const;

  // `table.check(...)`. Knex writes the name unquoted, and inside alterTable needs one.
  std::optional<std::string> check(const model::QualifiedName& table, const std::string& expression,
                                   std::string name, bool in_create) const;

  std::optional<std::string> constraint(const model::QualifiedName& table,
                                        const model::Constraint& c, bool in_create) const;

  std::optional<std::vector<std::string>> create_table(const model::CreateTable& op) const;

  std::optional<std::string> index(const model::CreateIndex& op) const;

  // knex('t').insert(...), in chunks of 500 rows on SQLite (its compound SELECT limit, which
  // Knex's multi-row insert there is).
  std::optional<std::vector<std::string>> insert(const model::InsertRows& op) const;

 private:
  // SQL inside a builder argument, as a JavaScript string. A raw default and a createTable
  // check are written into the statement with toQuery() (`\?` -> `?`), and on PostgreSQL every
  // statement then passes positionBindings (`\?` -> `?`, `?` -> `$n`): a `?` needs one
  // backslash per pass it goes through (`formatted`: whether toQuery is one of them). A `\`
  // before a `?` in the SQL itself cannot pass either.
  std::optional<std::string> sql_text(const std::string& sql, bool formatted) const;

  std::optional<std::string> default_value(const std::string& sql,
                                           const model::ColumnType& type) const;

  std::vector<std::string> primary_key(const model::QualifiedName& table) const;

  // `.references(...).inTable(...)` with its actions, for `count` local columns.
  std::optional<std::string> references(const model::ForeignKeyRef& ref, std::size_t count) const;

  static bool plain_name(const std::string& name);

  // A row value as a JavaScript value Knex binds to the same SQL value.
  static std::optional<std::string> row_value(const std::string& sql);

  model::Dialect dialect_;
  const schema::SchemaState& state_;
};

}  // namespace pm::knex
