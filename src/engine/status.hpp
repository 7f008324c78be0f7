// The one join of files and version table (Flyway's MigrationInfoService idea): every command
// that compares the project with a database (status, validate, up, down) reads this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "model/project.hpp"

namespace pm::engine {

enum class MigrationState {
  pending,  // a file, no row
  applied,  // a row that matches the file
  failed,   // a row that says the migration failed
  changed,  // applied, but the file's checksum differs from the row's
  missing   // a row, no file
};

const char* to_string(MigrationState state);

struct MigrationStatus {
  const model::Migration* migration = nullptr;  // null for `missing`
  const model::Applied* row = nullptr;          // the latest row for this key; null for `pending`
  MigrationState state = MigrationState::pending;
};

struct StatusReport {
  std::vector<MigrationStatus>
      entries;                       // files in apply order, then rows without files in table order
  std::vector<model::Applied> rows;  // the version table as read (entries point into it)
  std::optional<adapters::NativeStatus> native;  // the native tool's own listing, where it has one

  bool up_to_date() const;  // nothing pending, failed, changed or missing
  std::size_t count(MigrationState state) const;
};

// `rows` is moved into the report so entries can point at them.
StatusReport compute_status(const model::Project& project, const adapters::Adapter& adapter,
                            std::vector<model::Applied> rows);

}  // namespace pm::engine
