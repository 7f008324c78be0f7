// Test helpers for new, diff and generate: a writable copy of a project, the polymigrate binary
// run on it, and the schema a database holds without a framework's version tables.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "schema/schema_state.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

namespace pm::test {

struct ProjectCopy {
  TempDir dir;
  std::filesystem::path root;

  // fixtures/<fixture> copied to <temp>/project; an empty fixture: an empty folder.
  explicit ProjectCopy(const std::string& fixture);

  // `polymigrate COMMAND root ARGS...` with no DATABASE_URL or NODE_ENV from the environment.
  CliResult cli(const std::string& command, std::vector<std::string> args = {}) const;
  // A SQLite URL of a file in the temporary folder.
  std::string sqlite(const std::string& name) const;
  void write(const std::string& relative, const std::string& text) const;
  // Files under `relative` (recursively), relative to the root, sorted.
  std::vector<std::string> files(const std::string& relative) const;
  std::string read(const std::string& relative) const;
};

// The database's schema without the tables named in `skip`.
schema::SchemaState live_state(const std::string& url, const std::vector<std::string>& skip);

// Runs each statement (no parameters: fixed test DDL).
void execute_all(const std::string& url, const std::vector<std::string>& statements);

}  // namespace pm::test
