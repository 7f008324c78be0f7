#include "model/diagnostic.hpp"

#include <algorithm>

namespace pm::model {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "error";
}

bool has_at_least(const Diagnostics& diagnostics, Severity threshold) {
  // Severities are declared most severe first.
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [&](const Diagnostic& d) { return d.severity <= threshold; });
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string format(const Diagnostic& diagnostic) {
  std::string out;
  if (!diagnostic.file.empty()) {
    out += diagnostic.file;
    if (diagnostic.line > 0) out += ":" + std::to_string(diagnostic.line);
    out += ": ";
  }
  out += to_string(diagnostic.severity);
  out += " " + diagnostic.code + ": " + diagnostic.message;
  return out;
}

}  // namespace pm::model
