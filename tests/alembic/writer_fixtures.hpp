// The fixture projects the Alembic writer's tests convert, with the databases each one runs on,
// and the comparison of two schemas the writer's output must agree on.
#pragma once

#include <string>
#include <vector>

#include "engine/project_loader.hpp"
#include "schema/schema_state.hpp"

namespace pm::test {

struct WriterFixture {
  std::string path;  // e.g. "fixtures/flyway/basic"
  std::vector<model::Dialect> dialects;
  // Migrations left out before converting: ones the fixture makes fail on purpose.
  std::vector<std::string> left_out;
  // Why the real Alembic cannot run the written project (opaque code): empty when it can.
  std::string not_runnable;
  // Why `alembic downgrade base` cannot reach base (a rollback no one can know): empty when it can.
  std::string no_downgrade;
};

const std::vector<WriterFixture>& writer_fixtures();

// The fixture loaded as polymigrate loads it for `dialect` (Knex: the knexfile's environment for
// that database), without its left-out migrations.
engine::LoadedProject load_writer_fixture(const WriterFixture& fixture, model::Dialect dialect);

// A history built from ops (as Alembic and Knex sources give them) that goes through every idiom
// of the writer: what SQLite cannot ALTER (batch mode), unnamed and named constraints, partial and
// expression indexes, renames, a dropped indexed column, rows with quotes and backslashes, a
// colon SQLAlchemy would bind, and on PostgreSQL an enum type and CREATE INDEX CONCURRENTLY.
// No migration has a down script: every downgrade is the generated rollback.
model::Project idiom_project(model::Dialect dialect);

// The history as the database sees it: on SQLite without a script's leading BOM.
model::History as_the_database_runs_it(const model::History& history, model::Dialect dialect);

// The schema differences that matter between the source's replay and what the Alembic project
// gives (its replay, or the live database), after bringing the source to SQLAlchemy's spelling of
// the same schema: an auto-numbered integer key is SERIAL on PostgreSQL, and an enum without a
// type of its own is SQLAlchemy's non-native Enum, a VARCHAR of its longest value with a CHECK;
// SQLite has no serial, UUID, JSONB or time zone type (INTEGER rowid, TEXT, JSON, DATETIME);
// PostgreSQL keeps a quoted number or boolean default as its value.
std::vector<std::string> writer_differences(const schema::SchemaState& source,
                                            const schema::SchemaState& written, bool live);

}  // namespace pm::test
