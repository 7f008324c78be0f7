#include "adapters/flyway/checksum.hpp"

#include <array>

namespace pm::flyway {

namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

constexpr auto crc_table = make_crc_table();

}  // namespace

std::uint32_t crc32_update(std::uint32_t crc, std::string_view bytes) {
  crc = ~crc;
  for (unsigned char b : bytes) crc = crc_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::int32_t flyway_checksum(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";  // U+FEFF in UTF-8
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
  std::uint32_t crc = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      crc = crc32_update(crc, text.substr(start, i - start));
      start = i + 1;
    }
  }
  return static_cast<std::int32_t>(crc);
}

std::int32_t combined_checksum(std::span<const std::int32_t> checksums) {
  std::uint32_t crc = 0;
  for (std::int32_t value : checksums) {
    auto u = static_cast<std::uint32_t>(value);
    const char bytes[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16),
                           static_cast<char>(u >> 8), static_cast<char>(u)};
    crc = crc32_update(crc, std::string_view(bytes, 4));
  }
  return static_cast<std::int32_t>(crc);
}

}  // namespace pm::flyway
