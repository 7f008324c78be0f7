// Prisma's migration checksum: lowercase hex SHA-256 of migration.sql as the CLI read it, and the
// engine's matching rule (line-ending tolerant, legacy unpadded hex accepted).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace pm::prisma {

// SHA-256 (FIPS 180-4) of a byte string. Written here because no linked library offers it.
std::array<std::uint8_t, 32> sha256(std::string_view bytes);

// The form Prisma stores: 64 lowercase hex digits, each byte zero-padded ({:02x}).
std::string render_checksum(std::string_view script);
// The form an early schema engine stored (prisma-engines issue #1887): each byte as {:x}, so a
// byte below 0x10 gives one digit.
std::string render_checksum_legacy(std::string_view script);

// The engine's script_matches_checksum: the script as it is, with CRLF turned into LF, or with LF
// turned into CRLF; compared in the legacy form when the stored text is non-empty and not 64 long.
bool script_matches_checksum(std::string_view script, std::string_view stored);

}  // namespace pm::prisma
