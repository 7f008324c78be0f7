// Diagnostics: findings about a project or a database, with a stable code so CI can filter them.
// Codes: PM1xx structure of the files, PM2xx consistency with the database, PM3xx SQL and replay.
#pragma once

#include <string>
#include <vector>

namespace pm::model {

enum class Severity { error, warning, info };

const char* to_string(Severity severity);

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;     // stable, e.g. "PM101"
  std::string message;  // one sentence, in the native tool's words where it has them
  std::string file;     // relative to the project root; empty when not about a file
  int line = 0;         // 1-based; 0 when unknown
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);
// Whether any finding is at least as severe as `threshold` (CI's --fail-on error|warning).
bool has_at_least(const Diagnostics& diagnostics, Severity threshold);

// "file:line: error PM101: message"
std::string format(const Diagnostic& diagnostic);

}  // namespace pm::model
