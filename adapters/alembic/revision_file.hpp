// One Alembic revision file read statically with tree-sitter-python, as Alembic's Script reads
// the imported module: revision, down_revision, branch_labels, depends_on, docstring, and the
// upgrade()/downgrade() bodies translated into model steps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/alembic/op_translator.hpp"
#include "model/diagnostic.hpp"
#include "model/migration.hpp"

namespace pm::alembic {

// Diagnostic codes of the Alembic adapter (PM13x).
namespace codes {
inline constexpr const char* unparseable = "PM130";  // error: the file is not valid Python
inline constexpr const char* no_revision = "PM131";  // error: no `revision` and no legacy name
inline constexpr const char* illegal_id = "PM132";   // error: @ - + : in a revision id
inline constexpr const char* not_literal = "PM133";  // error: an identifier that is computed
inline constexpr const char* config = "PM134";  // error/warning: alembic.ini, pyproject, env.py
inline constexpr const char* label = "PM135";   // error: branch label reused or unknown dependency
inline constexpr const char* self_reference =
    "PM136";                                    // error: a revision names itself (LoopDetected)
inline constexpr const char* opaque = "PM137";  // info: steps kept as Python
}  // namespace codes

struct RevisionFile {
  std::optional<std::string> revision;
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string doc;  // the module docstring, as Script.doc
  std::optional<TranslatedBody> upgrade;
  std::optional<TranslatedBody> downgrade;
  int revision_line = 1;
  int upgrade_line = 0;
  int downgrade_line = 0;
  model::Diagnostics diagnostics;
};

// `file` is relative to the project root; `file_name` the bare name, for the legacy rule.
// Without `translate`, upgrade() and downgrade() are found but not translated: their bodies are
// left empty (for a caller that uses no steps, see adapters::LoadOptions::steps).
RevisionFile read_revision_file(const std::string& source, const std::string& file,
                                const std::string& file_name, bool translate = true);

// Alembic's _only_source_rev_file: `(?!\.\#|__init__)(.*\.py)$`.
bool is_revision_file_name(const std::string& file_name);

// Alembic's Revision.verify_rev_id: the illegal characters found, sorted; empty when valid.
std::string illegal_revision_characters(const std::string& revision);

// The file as a model migration.
model::Migration to_migration(RevisionFile&& file, const std::string& relative_file);

}  // namespace pm::alembic
