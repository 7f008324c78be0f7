// Flyway's placeholder replacement (internal/parser/PlaceholderReplacingReader.java): `${name}` is
// replaced by its value before the script is parsed, comments included; names ignore case.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pm::flyway {

struct PlaceholderSyntax {
  std::string prefix = "${";
  std::string suffix = "}";
  std::string separator = ":";  // built-ins are "flyway" + separator + name
};

// Built-in placeholder names without the "flyway:" part (internal/parser/ParsingContext.java).
// `run_time_only` ones need the live connection (defaultSchema may, when no schemas are set).
struct BuiltinPlaceholder {
  std::string_view name;
  bool run_time_only;
};
const std::vector<BuiltinPlaceholder>& builtin_placeholders();

struct PlaceholderProblem {
  std::string name;                 // as written between prefix and suffix
  std::string message;              // Flyway's words
  int line = 0;                     // 1-based line of the prefix in the input
  bool unresolved_builtin = false;  // a flyway:... name with no value at load time
};

struct PlaceholderResult {
  std::string text;
  std::vector<PlaceholderProblem> problems;  // unknown placeholders, in order
};

// Replaces placeholders as Flyway's reader does, character by character: a partial prefix match
// that fails is copied as it is and not looked at again ("$${a}" stays "$${a}"); the name runs to
// the first suffix; an empty value removes the placeholder. Keys of `values` may be any case.
// An unknown name is reported and left in the text unchanged (Flyway stops with an error there).
PlaceholderResult replace_placeholders(std::string_view text,
                                       const std::map<std::string, std::string>& values,
                                       const PlaceholderSyntax& syntax);

}  // namespace pm::flyway
