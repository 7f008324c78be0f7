#include "adapters/flyway/java_string.hpp"

namespace pm::flyway {

std::u16string to_java_chars(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = b;
    std::size_t n = 1;
    if (b >= 0xF0) {
      cp = b & 0x07u;
      n = 4;
    } else if (b >= 0xE0) {
      cp = b & 0x0Fu;
      n = 3;
    } else if (b >= 0xC0) {
      cp = b & 0x1Fu;
      n = 2;
    }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

int compare_java_strings(std::string_view a, std::string_view b) {
  int c = to_java_chars(a).compare(to_java_chars(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::int32_t java_string_hash(std::string_view utf8) {
  std::uint32_t h = 0;  // unsigned: Java's int overflow wraps, C++'s signed overflow is undefined
  for (char16_t c : to_java_chars(utf8)) h = 31 * h + c;
  return static_cast<std::int32_t>(h);
}

}  // namespace pm::flyway
