// Flyway's file-name grammar (internal/resource/ResourceNameParser.java): which prefix a file has,
// its version and description, and whether the name is valid. No file system access here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::flyway {

enum class ResourceType {
  versioned,           // V1.1__desc.sql
  repeatable,          // R__desc.sql
  undo,                // U1.1__desc.sql (Flyway Teams; OSS Flyway does not know the prefix)
  baseline_migration,  // B1__desc.sql
  callback             // beforeMigrate.sql, afterEachMigrate__x.sql, ...
};

const char* to_string(ResourceType type);

// The naming settings (sqlMigrationPrefix, repeatableSqlMigrationPrefix, undoSqlMigrationPrefix,
// baselineMigrationPrefix, sqlMigrationSeparator, sqlMigrationSuffixes).
struct NamingConfig {
  std::string versioned_prefix = "V";
  std::string repeatable_prefix = "R";
  std::string undo_prefix = "U";
  std::string baseline_prefix = "B";
  std::string separator = "__";
  std::vector<std::string> suffixes = {".sql"};
};

struct ResourceName {
  bool valid = false;
  std::string message;  // Flyway's validity message when not valid
  ResourceType type = ResourceType::versioned;
  std::string prefix;           // as matched (case-sensitive)
  std::string version;          // raw text before the separator ("1_1"); empty for repeatables
  std::string description;      // `_` replaced by spaces
  std::string raw_description;  // as in the file name
  std::string suffix;           // as written in the file name (".SQL" stays ".SQL")
};

// Callback event ids (api/callback/Event.java), every one a prefix Flyway recognises.
const std::vector<std::string>& callback_event_ids();

// Parses file names (no directory). Suffix match is case-insensitive, prefix match is not;
// prefixes are tried longest first; the rest is split at the first separator. Like Flyway's
// ResourceNameParser, it sorts its prefix list once, not once per file.
class ResourceNameParser {
 public:
  explicit ResourceNameParser(NamingConfig config);
  ResourceName parse(std::string_view filename) const;

 private:
  NamingConfig config_;
  std::vector<std::pair<std::string, ResourceType>> prefixes_;
};

// One file name, for callers that parse one.
ResourceName parse_resource_name(std::string_view filename, const NamingConfig& config);

// Scanner.getResources' filter: the name ends with a suffix (any case) and is longer than it.
bool has_migration_suffix(std::string_view filename, const NamingConfig& config);

}  // namespace pm::flyway
