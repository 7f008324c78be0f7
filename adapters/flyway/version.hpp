// Flyway's MigrationVersion: the version of a versioned migration as Flyway parses, displays and
// orders it (api/MigrationVersion.java), plus the target sentinels latest / current / next.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::flyway {

class MigrationVersion {
 public:
  // Parses a version as MigrationVersion.fromVersion does for a file name: `_` becomes `.`, the
  // text is split before every `.` followed by a digit, each part is a BigInteger. On failure
  // returns nullopt and, when `error` is given, Flyway's own message.
  static std::optional<MigrationVersion> parse(std::string_view text, std::string* error = nullptr);

  // The normalized text Flyway displays and stores in the `version` column ("1.1", "001.0").
  const std::string& text() const { return text_; }

  // Numeric, part by part, missing parts are 0 ("1.0" == "1", "1.10" > "1.9").
  std::strong_ordering operator<=>(const MigrationVersion& other) const;
  bool operator==(const MigrationVersion& other) const { return (*this <=> other) == 0; }

 private:
  // A BigInteger kept as its decimal digits without leading zeros ("" is zero), so that versions
  // of any size compare exactly: by sign, then by length, then lexicographically.
  struct Part {
    bool negative = false;  // BigInteger accepts "-1"; Flyway therefore does too
    std::string digits;
  };
  static std::strong_ordering compare_parts(const Part& a, const Part& b);

  std::string text_;
  std::vector<Part> parts_;  // trailing zero parts removed, as Flyway's tokenize() does
};

// The `target` setting: a version or one of Flyway's sentinels.
struct MigrationTarget {
  enum class Kind { latest, current, next, version };
  Kind kind = Kind::latest;
  std::optional<MigrationVersion> version;  // set when kind == version

  // "latest" / "current" / "next" (any case), Long.MAX_VALUE's digits (Flyway's spelled-out
  // latest), else a version. Flyway also accepts a trailing "?" (fail-on-missing-target off).
  static std::optional<MigrationTarget> parse(std::string_view text, std::string* error = nullptr);

  // Whether a migration of this version is within the target (latest: every version).
  bool includes(const MigrationVersion& version) const;
};

}  // namespace pm::flyway
