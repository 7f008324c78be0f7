// `convert`: a project of one framework written as a project of another, through the common
// model, with polymigrate-map.json beside it for `adopt`.
//
// The output folder must be empty (or `force`); the target's writer writes into a staging folder
// inside it, the written project is read back with the target's own reader (so the map holds the
// keys and checksums the target tool will compute), and only then are the files moved in place.
// A writer never writes outside the output folder (adapters/project_files.hpp).
//
// Codes: PM401 code polymigrate could not translate, carried as comments with a statement that
// stops the target tool there; PM402 a revision graph written as one line; PM403 a rollback
// that cannot be generated (the written down raises an error when run); PM404 data a generated
// rollback cannot bring back.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/conversion_map.hpp"
#include "engine/project_loader.hpp"

namespace pm::engine {

struct ConvertRequest {
  const adapters::Adapter* target = nullptr;
  model::Dialect dialect = model::Dialect::sqlite;
  std::filesystem::path out;
  bool force = false;  // write into a non-empty folder, replacing files of the same names
};

struct ConvertResult {
  ConversionMap map;
  std::vector<std::filesystem::path> files;  // written, relative to `out`, the map last
  model::Diagnostics untranslated;           // PM401, in apply order
  model::Diagnostics notes;                  // PM402, PM403, PM404
};

// The source project with every op from code in the form its own tool runs it on the dialect
// (Adapter::native_sql: Knex's SQLite `float` for a decimal, unique keys as unique indexes), so
// a converted project builds, and adopt expects, the schema the source tool built.
model::Project as_native(const LoadedProject& source, model::Dialect dialect);

// Throws InputError for a source with errors or a non-empty `out`, NotAvailable when the target
// has no writer, std::invalid_argument when the writer cannot express a step (file:line).
ConvertResult convert(const LoadedProject& source, const ConvertRequest& request);

}  // namespace pm::engine
