// Flyway's checksum, every vector of reference section 1.5 plus the encoding and line rules.
#include "adapters/flyway/checksum.hpp"

#include <catch2/catch.hpp>

#include "adapters/flyway/text_encoding.hpp"

using namespace pm::flyway;

namespace {
std::int32_t checksum_of_bytes(std::string_view bytes, std::string_view encoding = "UTF-8") {
  DecodedText decoded = decode_to_utf8(bytes, encoding);
  REQUIRE(decoded.error.empty());
  return flyway_checksum(decoded.utf8);
}
}  // namespace

TEST_CASE("flyway checksum: reference vectors", "[flyway]") {
  CHECK(checksum_of_bytes("") == 0);
  CHECK(checksum_of_bytes("abc\ndef efg\nxyz") == 989464445);
  CHECK(checksum_of_bytes("abc\r\ndef efg\nxyz\r\n") == 989464445);
  CHECK(checksum_of_bytes("CREATE TABLE t (id INT);\n") == 1556295178);
  CHECK(checksum_of_bytes("\xEF\xBB\xBF"
                          "CREATE TABLE t (id INT);\n") == 1556295178);
  CHECK(checksum_of_bytes("CREATE TABLE t (id INT);") == 1556295178);
  CHECK(checksum_of_bytes("select 1;\nselect 2;\n") == -593479011);
}

TEST_CASE("flyway checksum: line boundaries and terminators are invisible", "[flyway]") {
  CHECK(checksum_of_bytes("a\nb") == checksum_of_bytes("ab"));
  CHECK(checksum_of_bytes("a\rb") == checksum_of_bytes("ab"));
  CHECK(checksum_of_bytes("a\n\n\r\nb\n") == checksum_of_bytes("ab"));
  // Only a BOM at the very start is dropped (BomFilter on the first line).
  CHECK(checksum_of_bytes("\n\xEF\xBB\xBF"
                          "a") != checksum_of_bytes("a"));
}

TEST_CASE("flyway checksum: crc32 is zlib's", "[flyway]") {
  CHECK(crc32_update(0, "123456789") == 0xCBF43926u);
}

TEST_CASE("flyway checksum: ISO-8859-1 text is re-encoded as UTF-8 first", "[flyway]") {
  // 'é' as one Latin-1 byte equals 'é' as two UTF-8 bytes once decoded.
  CHECK(checksum_of_bytes("caf\xE9", "ISO-8859-1") == checksum_of_bytes("caf\xC3\xA9", "UTF-8"));
  CHECK(checksum_of_bytes("caf\xE9", "latin1") == checksum_of_bytes("caf\xC3\xA9"));
}

TEST_CASE("flyway checksum: bytes invalid in the encoding are an error with a line", "[flyway]") {
  DecodedText decoded = decode_to_utf8("ok\nbad \xE9 byte\n", "UTF-8");
  CHECK_FALSE(decoded.error.empty());
  CHECK(decoded.error_line == 2);
  CHECK_FALSE(decode_to_utf8("\xED\xA0\x80", "UTF-8").error.empty());  // a surrogate
  CHECK_FALSE(decode_to_utf8("\xC0\xAF", "UTF-8").error.empty());      // overlong
  CHECK_FALSE(decode_to_utf8("x", "EBCDIC-XYZ").error.empty());
}

TEST_CASE("flyway checksum: several resources combine big-endian", "[flyway]") {
  std::int32_t one = 1;
  // CRC32 of the four bytes 00 00 00 01.
  CHECK(combined_checksum({&one, 1}) ==
        static_cast<std::int32_t>(crc32_update(0, std::string_view("\0\0\0\1", 4))));
}
