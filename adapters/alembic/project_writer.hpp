// Model -> an Alembic project, for conversion: alembic.ini, migrations/env.py and
// migrations/script.py.mako as `alembic init` (Alembic 1.8's generic template) writes them, and
// migrations/versions/<rev>_<slug>.py per migration in apply order.
//
// Revisions: an Alembic project's own ids, parents, branch labels and dependencies are kept; any
// other history becomes a linear chain of new 12-hex-digit ids, derived from a hash of the
// framework, the migration's key and its place, so converting twice writes the same files.
// Steps become the op.* calls Alembic's autogenerate writes (op.create_table(sa.Column(...)),
// op.add_column, op.alter_column, op.create_index, ...), rendered against the replayed schema:
// on SQLite, what SQLite cannot ALTER goes through `with op.batch_alter_table(...)` (Alembic's
// move-and-copy), and CREATE INDEX CONCURRENTLY through `with op.get_context().autocommit_block()`.
// SQL the DDL reader does not understand, views, enum types, and ops the op.* calls of Alembic
// 1.8 cannot say (IF [NOT] EXISTS, CASCADE, NOT VALID, generated columns, types SQLAlchemy has
// no name for) are written as op.execute(sa.text(...)) with the SQL the engine renders, and a
// comment saying why. Where the source has no down script, downgrade() holds the rollback
// generated from the schema replay, with a comment per data-loss warning; where no rollback can
// be known, and wherever code polymigrate could not translate was, the function raises
// RuntimeError saying why and where (the untranslated code is carried as comments before it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/adapter.hpp"
#include "schema/schema_state.hpp"

namespace pm::alembic {

// `text` as a Python string literal, quoted as repr() quotes it; control characters, C1 controls
// and invisible format characters (BOM, bidirectional controls, line separators) are escaped,
// other non-ASCII characters kept as UTF-8. Throws std::invalid_argument for bytes that are not
// UTF-8 (a Python source file cannot hold them in a string).
std::string python_string(std::string_view text);

// SQL text for sa.text(): a ":name" SQLAlchemy would take for a bind parameter is escaped as
// "\:name", so the statement runs as written.
std::string escape_bind_colons(std::string_view sql);

// Alembic's file-name slug: the message's words (\w+, ASCII) joined by '_', lower case, cut at the
// last '_' within `truncate` characters with a trailing '_' (ScriptDirectory.generate_revision).
std::string revision_slug(const std::string& message, std::size_t truncate = 40);

// A new revision id: 12 hex digits of an FNV-1a hash of framework, key and index.
std::string generated_revision_id(const std::string& framework, const std::string& key,
                                  std::size_t index);

// The files of the project, paths relative to the output folder; nothing is written here.
// Throws std::invalid_argument when a step cannot be written (the message names file and line).
std::vector<adapters::WrittenFile> alembic_project_files(const model::Project& project,
                                                         model::Dialect dialect);

// One new revision (`new`, `generate`): its header fields and steps.
struct RevisionSource {
  std::string id;
  std::string message;
  std::vector<std::string> parents;  // down_revision: one head, several for a merge, none at base
  std::string create_date;           // as str(datetime) prints it
  std::vector<std::string> notes;    // comments at the top of upgrade()
  model::Script up;
  std::optional<model::Script> down;
  std::string down_note;  // a comment in downgrade() when it has no steps
  std::string file;       // the revision's path, for messages
};

// The revision file's text as Alembic's generic script.py.mako lays it out, the steps written
// as op.* calls against `before` (the schema before the revision). Throws std::invalid_argument
// ("file:line: ...") for a step that cannot be written.
std::string revision_source(const RevisionSource& revision, schema::SchemaState before,
                            model::Dialect dialect);

}  // namespace pm::alembic
