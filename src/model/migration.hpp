// One migration as the native tool identifies it, and one row of a version table as read back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/script.hpp"

namespace pm::model {

enum class MigrationKind { versioned, repeatable, baseline };

const char* to_string(MigrationKind kind);

// A checksum in the native form: Flyway's signed CRC32 is a number, Prisma's SHA-256 is hex text.
struct Checksum {
  enum class Form { number, text };
  Form form = Form::text;
  std::int64_t number = 0;
  std::string text;

  static Checksum of_number(std::int64_t value) { return {Form::number, value, {}}; }
  static Checksum of_text(std::string value) { return {Form::text, 0, std::move(value)}; }
  std::string display() const { return form == Form::number ? std::to_string(number) : text; }
  bool operator==(const Checksum&) const = default;
};

struct Migration {
  std::string key;                     // native identity: revision id, version, folder or file name
  std::optional<std::string> version;  // Flyway version text; null where the framework has none
  MigrationKind kind = MigrationKind::versioned;
  std::string description;
  std::vector<std::string> parents;     // keys; the DAG's edges run parent -> child
  std::vector<std::string> depends_on;  // Alembic cross-branch dependencies (keys or labels)
  std::vector<std::string> branch_labels;
  Script up;
  std::optional<Script> down;
  std::optional<Checksum> checksum;
  bool transactional = true;
  SourceSpan source;                    // file relative to the project root, line span
  SourceSpan down_source;               // where the down script is, when it has its own file
  std::map<std::string, std::string> extras;  // native details a report may show (script name, ...)
};

// One row of a version table, normalised. `extras` keeps native columns (installed_rank, batch, ...).
struct Applied {
  std::string key;
  std::optional<std::string> version;
  std::string description;
  std::optional<Checksum> checksum;
  std::string applied_at;  // as stored, ISO-like text
  bool success = true;
  // A row that records an event rather than a migration file (Flyway's baseline and schema
  // markers, repair's DELETE rows and the rows they delete): never reported as a missing file.
  bool marker = false;
  std::optional<std::int64_t> execution_ms;
  std::map<std::string, std::string> extras;
};

}  // namespace pm::model
