#include "adapters/flyway/version.hpp"

#include <algorithm>

namespace pm::flyway {

namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Java's String.split("\\.(?=\\d)"): cuts before every dot followed by a digit. The segment after
// a cut starts with a digit, so no trailing empty strings arise; a leading one (".1") does.
std::vector<std::string_view> split_before_numeric_dots(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '.' && is_ascii_digit(text[i + 1])) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(text.substr(start));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
         });
}

}  // namespace

std::optional<MigrationVersion> MigrationVersion::parse(std::string_view text, std::string* error) {
  MigrationVersion version;
  version.text_.assign(text);
  std::replace(version.text_.begin(), version.text_.end(), '_', '.');

  for (std::string_view piece : split_before_numeric_dots(version.text_)) {
    // new BigInteger(piece): an optional sign, then at least one digit, nothing else.
    std::size_t i = 0;
    Part part;
    if (!piece.empty() && (piece[0] == '-' || piece[0] == '+')) {
      part.negative = piece[0] == '-';
      i = 1;
    }
    bool digits_only =
        i < piece.size() && std::all_of(piece.begin() + i, piece.end(), is_ascii_digit);
    if (!digits_only) {
      if (error)
        *error = "Version may only contain 0..9 and . (dot). Invalid version: " + version.text_;
      return std::nullopt;
    }
    std::size_t first = piece.find_first_not_of('0', i);
    part.digits =
        first == std::string_view::npos ? std::string() : std::string(piece.substr(first));
    if (part.digits.empty()) part.negative = false;  // -0 is 0
    version.parts_.push_back(std::move(part));
  }
  // Trailing zeros do not count (1.0.0 == 1), but the first part always stays.
  while (version.parts_.size() > 1 && version.parts_.back().digits.empty())
    version.parts_.pop_back();
  return version;
}

std::strong_ordering MigrationVersion::compare_parts(const Part& a, const Part& b) {
  if (a.negative != b.negative)
    return a.negative ? std::strong_ordering::less : std::strong_ordering::greater;
  std::strong_ordering magnitude = a.digits.size() != b.digits.size()
                                       ? a.digits.size() <=> b.digits.size()
                                       : a.digits.compare(b.digits) <=> 0;
  if (a.negative) return 0 <=> magnitude;  // larger magnitude is smaller below zero
  return magnitude;
}

std::strong_ordering MigrationVersion::operator<=>(const MigrationVersion& other) const {
  static const Part zero;
  std::size_t n = std::max(parts_.size(), other.parts_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Part& a = i < parts_.size() ? parts_[i] : zero;
    const Part& b = i < other.parts_.size() ? other.parts_[i] : zero;
    if (auto c = compare_parts(a, b); c != 0) return c;
  }
  return std::strong_ordering::equal;
}

std::optional<MigrationTarget> MigrationTarget::parse(std::string_view text, std::string* error) {
  // ConfigUtils reads "target=1.2?" as "1.2" with failOnMissingTarget=false.
  if (!text.empty() && text.back() == '?') text.remove_suffix(1);
  MigrationTarget target;
  if (iequals(text, "latest") || text == "9223372036854775807") return target;
  if (iequals(text, "current")) {
    target.kind = Kind::current;
    return target;
  }
  if (iequals(text, "next")) {
    target.kind = Kind::next;
    return target;
  }
  auto version = MigrationVersion::parse(text, error);
  if (!version) return std::nullopt;
  target.kind = Kind::version;
  target.version = std::move(version);
  return target;
}

bool MigrationTarget::includes(const MigrationVersion& version) const {
  if (kind == Kind::version) return version <= *this->version;
  // current / next depend on the database; only latest can be decided from files alone.
  return true;
}

}  // namespace pm::flyway
