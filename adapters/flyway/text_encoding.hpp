// Decoding a script's bytes as Flyway's configured `encoding` does, into UTF-8 text. Flyway reads
// with a strict decoder (Channels.newReader with charset.newDecoder()): malformed input is an
// error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pm::flyway {

struct DecodedText {
  std::string utf8;
  std::string error;   // non-empty when the bytes are not valid in the encoding
  int error_line = 0;  // 1-based line of the first bad byte
};

// Encoding names as Java accepts them, case-insensitive: UTF-8 (UTF8), ISO-8859-1 (ISO8859_1,
// latin1, ISO-LATIN-1), US-ASCII (ASCII). False for any other name.
bool is_supported_encoding(std::string_view name);

// Decodes `bytes` in `encoding`; an unsupported encoding is reported in `error`.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view encoding);

}  // namespace pm::flyway
