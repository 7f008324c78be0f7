#include "adapters/flyway/text_encoding.hpp"

#include <algorithm>
#include <cstdint>

namespace pm::flyway {

namespace {

enum class Charset { utf8, latin1, ascii, unknown };

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return out;
}

Charset charset_of(std::string_view name) {
  std::string n = upper(name);
  if (n == "UTF-8" || n == "UTF8") return Charset::utf8;
  if (n == "ISO-8859-1" || n == "ISO8859_1" || n == "ISO8859-1" || n == "LATIN1" ||
      n == "ISO-LATIN-1" || n == "L1" || n == "8859_1")
    return Charset::latin1;
  if (n == "US-ASCII" || n == "ASCII") return Charset::ascii;
  return Charset::unknown;
}

int line_at(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7, as Java's decoder checks:
// no overlongs, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) -> int {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : -1;
  };
  auto cont = [&](std::size_t k, int lo = 0x80, int hi = 0xBF) {
    int b = byte(k);
    return b >= lo && b <= hi;
  };
  int b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

bool is_supported_encoding(std::string_view name) { return charset_of(name) != Charset::unknown; }

DecodedText decode_to_utf8(std::string_view bytes, std::string_view encoding) {
  DecodedText out;
  switch (charset_of(encoding)) {
    case Charset::utf8:
      for (std::size_t i = 0; i < bytes.size();) {
        std::size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) {
          out.error = "Input length = 1";  // java.nio.charset.MalformedInputException's message
          out.error_line = line_at(bytes, i);
          return out;
        }
        i += n;
      }
      out.utf8.assign(bytes);
      return out;
    case Charset::latin1:
      out.utf8.reserve(bytes.size());
      for (unsigned char c : bytes) append_utf8(out.utf8, c);
      return out;
    case Charset::ascii:
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (static_cast<unsigned char>(bytes[i]) >= 0x80) {
          out.error = "Input length = 1";
          out.error_line = line_at(bytes, i);
          return out;
        }
      }
      out.utf8.assign(bytes);
      return out;
    case Charset::unknown:
      break;
  }
  out.error = "Unsupported encoding: " + std::string(encoding);
  return out;
}

}  // namespace pm::flyway
