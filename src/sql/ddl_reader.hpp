// Turns one SQL statement into model ops when it is DDL (or INSERT ... VALUES) the reader fully
// understands; anything else yields no ops, never an error, and stays plain SQL to run.
#pragma once

#include <vector>

#include "model/script.hpp"
#include "sql/splitter.hpp"

namespace pm::sql {

// Understood: CREATE TABLE, ALTER TABLE (ADD/DROP/RENAME/ALTER COLUMN, constraints, RENAME TO),
// CREATE [UNIQUE] INDEX, DROP TABLE/INDEX/VIEW/TYPE, CREATE [OR REPLACE] VIEW,
// CREATE TYPE ... AS ENUM, INSERT INTO ... VALUES. The first op's `sql` holds the statement's
// text (the text to run); every op carries the statement's line.
//
// Table-level constraints stay in CreateTable::constraints; they do not set Column::primary.
// A schema-qualified DROP INDEX keeps the schema in DropIndex::table.schema.
std::vector<model::OpStep> read_ddl(const Statement& statement, model::Dialect dialect);

}  // namespace pm::sql
