// Model steps as the body of a Knex migration function, for the project writer: schema-builder
// chains (createTable, alterTable, dropTable, ...), knex('t').insert(rows), knex.raw for SQL the
// DDL reader did not understand and for ops no builder makes faithfully, and a throw where code
// could not be translated. The call texts come from builder_chains.hpp; what it writes,
// schema_translator.cpp reads back to the same ops.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/script.hpp"
#include "schema/schema_state.hpp"

namespace pm::knex {

class StepWriter {
 public:
  // `state`: the schema before the first step (ops are written against it: a column's current
  // type for .alter(), an index's table for dropIndex); `file`: the source file for messages.
  StepWriter(model::Dialect dialect, schema::SchemaState state, std::string file);

  // SQL steps are split into statements and read into ops first, as sql/structured_script.hpp
  // does; a statement whose ops have no builder form is kept as written. Throws
  // std::invalid_argument ("file:line: ...") for what Knex cannot be made to run.
  void script(const model::Script& script);
  void op(const model::Op& op, int line);
  void comment(const std::string& text);
  // `throw new Error('polymigrate: ' + message)`: the function stops here, never silently.
  void stop(const std::string& message);

  // The statements so far, one per line group, each line indented by `indent`.
  std::string body(const std::string& indent);
  // A step that cannot run inside a transaction (CREATE INDEX CONCURRENTLY, a SQLite rebuild
  // that turns foreign keys off): the migration needs `config = { transaction: false }`.
  bool needs_no_transaction() const { return no_transaction_; }

 private:
  // One createTable/alterTable callback being filled. Knex runs an alterTable's added columns
  // first, then its altered columns, then its other calls in call order; `phase` keeps a call
  // from being put where Knex would run it earlier than the model says.
  struct TableCall {
    model::QualifiedName table;
    std::string method;
    std::vector<std::string> lines;
    int phase = 0;
  };
  enum Phase { add_column = 0, alter_column = 1, statement = 2 };

  void table_line(const model::QualifiedName& table, Phase phase, std::string line);
  void statement_line(std::string code);
  void flush();
  void raw(const model::Op& op, int line);
  void sql_step(const model::SqlStep& step);
  void sql_statement(const std::vector<model::OpStep>& ops, const std::string& text,
                     bool no_transaction);
  void raw_sql(const std::string& sql);
  bool builder(const model::Op& op);

  model::Dialect dialect_;
  schema::SchemaState state_;
  std::string file_;
  std::vector<std::string> statements_;
  std::optional<TableCall> open_;
  bool no_transaction_ = false;
};

}  // namespace pm::knex
