#include "adapters/prisma/migration_order.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pm::prisma {

namespace {

struct Weight {
  std::uint32_t primary = 0;  // 0: ignorable
  std::uint8_t tertiary = 0;  // 0 lowercase or caseless, 1 uppercase
};

// CLDR root order of the ASCII punctuation and symbols that are not ignorable.
constexpr std::string_view kSymbolOrder = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

std::array<std::uint32_t, 128> ascii_primaries() {
  std::array<std::uint32_t, 128> table{};
  std::uint32_t next = 1;
  table[' '] = next++;  // whitespace sorts before punctuation
  for (char c : kSymbolOrder) table[static_cast<unsigned char>(c)] = next++;
  for (char c = '0'; c <= '9'; ++c) table[static_cast<unsigned char>(c)] = next++;
  for (char c = 'a'; c <= 'z'; ++c) {
    table[static_cast<unsigned char>(c)] = next;
    table[static_cast<unsigned char>(c - 'a' + 'A')] = next++;
  }
  return table;
}

// Decodes one UTF-8 code point; malformed bytes count as themselves.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  bool complete = extra > 0 && i + extra < s.size();
  for (int k = 1; complete && k <= extra; ++k)
    complete = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  if (!complete) {
    ++i;
    return c;
  }
  char32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += extra + 1;
  return cp;
}

std::vector<Weight> weights(std::string_view s) {
  static const auto table = ascii_primaries();
  std::vector<Weight> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp < 128) {
      if (table[cp] == 0) continue;  // control characters are ignorable
      out.push_back({table[cp], static_cast<std::uint8_t>(cp >= 'A' && cp <= 'Z')});
    } else {
      out.push_back({0x10000u + static_cast<std::uint32_t>(cp), 0});
    }
  }
  return out;
}

// Both strings' weights, compared as locale_compare does: primary level over the whole string
// first, then the case level ("a_b" vs "A_a" is decided by the letters, not by the case of the
// first one), then bytes.
int compare_weights(const std::vector<Weight>& wa, std::string_view a,
                    const std::vector<Weight>& wb, std::string_view b) {
  for (std::size_t i = 0; i < wa.size() && i < wb.size(); ++i)
    if (wa[i].primary != wb[i].primary) return wa[i].primary < wb[i].primary ? -1 : 1;
  if (wa.size() != wb.size()) return wa.size() < wb.size() ? -1 : 1;
  for (std::size_t i = 0; i < wa.size(); ++i)
    if (wa[i].tertiary != wb[i].tertiary) return wa[i].tertiary < wb[i].tertiary ? -1 : 1;
  // Identical under collation (only ignorable characters differ): ICU says equal; keep the
  // sort deterministic with byte order, as a stable tie-break.
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace

int locale_compare(std::string_view a, std::string_view b) {
  return compare_weights(weights(a), a, weights(b), b);
}

void sort_by_locale_compare(std::vector<std::string>& names) {
  // Each name's weights once, not once per comparison (n log n of them for 10,000 folders).
  std::vector<std::vector<Weight>> keys;
  keys.reserve(names.size());
  for (const auto& name : names) keys.push_back(weights(name));
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return compare_weights(keys[x], names[x], keys[y], names[y]) < 0;
  });
  std::vector<std::string> sorted;
  sorted.reserve(names.size());
  for (std::size_t i : order) sorted.push_back(std::move(names[i]));
  names = std::move(sorted);
}

}  // namespace pm::prisma
