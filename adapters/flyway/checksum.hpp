// Flyway's checksum of a migration script, bit-exact (internal/resolver/ChecksumCalculator.java):
// CRC32 over the UTF-8 bytes of each line, line terminators left out, leading BOM dropped, signed.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pm::flyway {

// java.util.zip.CRC32 (zlib's polynomial 0xEDB88320) over raw bytes, continuing from `crc`.
std::uint32_t crc32_update(std::uint32_t crc, std::string_view bytes);

// The checksum of one script given as decoded UTF-8 text. BufferedReader.readLine() splits on
// \n, \r and \r\n and drops them, and each line is fed to the same CRC, so line boundaries are
// invisible: the result is the CRC of the text with every CR and LF removed, less a U+FEFF
// at the very start. (int) crc.getValue() makes it a signed 32-bit number.
std::int32_t flyway_checksum(std::string_view utf8_text);

// The checksum of several resources (Oracle's referenced scripts): CRC32 over each resource's
// checksum as 4 big-endian bytes.
std::int32_t combined_checksum(std::span<const std::int32_t> checksums);

}  // namespace pm::flyway
