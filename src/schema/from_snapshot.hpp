// Turns what a live database reports (db::SchemaSnapshot, catalog text) into a schema state with
// the DDL reader's logical types, so a replayed history can be compared with the real database.
#pragma once

#include "db/introspection.hpp"
#include "model/script.hpp"
#include "schema/schema_state.hpp"

namespace pm::schema {

// Types go through the DDL reader's type grammar and mapping (sql::read_column_type), so
// "character varying(255)" and "VARCHAR(255)" land on the same logical type. PostgreSQL's serial
// columns (integer + nextval('..._seq'::regclass)) become serial again; casts on literal defaults
// are removed ('x'::character varying -> 'x'). Constraints stay table-level, named as the
// catalog names them; the default schema (public, main) is left out of names.
SchemaState from_snapshot(const db::SchemaSnapshot& snapshot, model::Dialect dialect);

}  // namespace pm::schema
