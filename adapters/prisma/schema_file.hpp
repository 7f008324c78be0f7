// Where a Prisma project's schema is and what its `datasource` block says, found the way the
// Prisma CLI finds it (--schema, package.json "prisma.schema", prisma/schema.prisma, the
// multi-file prisma/schema/ folder, ./schema.prisma), read as text, never run.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"

namespace pm::prisma {

struct Datasource {
  std::string name;                    // `db` in `datasource db { ... }`
  std::string provider;                // "postgresql", "sqlite", ... as written
  std::optional<std::string> url;      // a literal url = "..."
  std::optional<std::string> url_env;  // url = env("NAME")
  std::filesystem::path file;          // the .prisma file holding the block
  int line = 0;
};

struct SchemaLocation {
  std::vector<std::filesystem::path> files;  // the schema's .prisma files (several: multi-file)
  std::string how;                           // "--schema", "package.json", "default location"
  std::optional<Datasource> datasource;
  // Folder the migrations/ folder sits in: beside the file holding the datasource block.
  std::filesystem::path schema_dir;
  model::Diagnostics diagnostics;
};

// `explicit_schema` is --schema / --config: a .prisma file or a folder of them.
SchemaLocation locate_schema(const std::filesystem::path& root,
                             const std::optional<std::filesystem::path>& explicit_schema);

// The first datasource block of a schema text; nullopt when there is none.
std::optional<Datasource> read_datasource(const std::string& text);

}  // namespace pm::prisma
