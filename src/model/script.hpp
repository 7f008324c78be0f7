// A migration's script: an ordered list of steps. SQL is kept exactly as written so it runs as the
// native tool runs it; code that cannot be translated is kept as Opaque, never dropped.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/op.hpp"

namespace pm::model {

enum class Dialect { sqlite, postgresql };

const char* to_string(Dialect dialect);
std::optional<Dialect> parse_dialect(std::string_view text);  // "sqlite", "postgresql", "postgres", "pg"

struct SourceSpan {
  std::string file;  // relative to the project root
  int line_begin = 0;
  int line_end = 0;
};

// One step that is a structured op. `sql` holds the original statement when the op was read from
// SQL (the text to run); empty when the op came from code and must be rendered for a dialect.
struct OpStep {
  Op op;
  std::string sql;
  int line = 0;
};

// SQL to run as it is. One statement when the adapter split the file (Flyway runs statements one
// by one), or a whole file when the native tool sends it in one call (Prisma).
struct SqlStep {
  std::string text;
  int line = 0;                 // line of the first character in the source file
  bool understood = false;      // the DDL reader turned it into ops (lint treats others as unknown)
  bool no_transaction = false;  // cannot run inside a transaction (CREATE INDEX CONCURRENTLY, ...)
};

// Code polymigrate cannot turn into SQL or ops (Python, JavaScript): kept with its exact span.
struct OpaqueStep {
  std::string language;  // "python", "javascript", "typescript", "sql"
  std::string code;
  SourceSpan source;
  std::string reason;
};

using Step = std::variant<OpStep, SqlStep, OpaqueStep>;
using Script = std::vector<Step>;

const char* step_type(const Step& step);  // "op" | "sql" | "opaque"
int step_line(const Step& step);

}  // namespace pm::model
