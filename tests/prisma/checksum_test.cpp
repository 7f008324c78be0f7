// Prisma's checksum, against the vectors of prisma-engines' checksum.rs and NIST's SHA-256 ones.
#include "adapters/prisma/checksum.hpp"

#include <catch2/catch.hpp>

using namespace pm::prisma;

TEST_CASE("prisma checksum: SHA-256 test vectors", "[prisma][checksum]") {
  CHECK(render_checksum("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(render_checksum("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(render_checksum("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 55, 56 and 64 bytes: the padding boundaries.
  CHECK(render_checksum(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(render_checksum(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(render_checksum(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(render_checksum(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("prisma checksum: format_checksum_does_not_strip_zeros", "[prisma][checksum]") {
  CHECK(render_checksum("hello") ==
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(render_checksum("abcd").size() == 64);
  // The legacy form drops the leading zero of each byte below 0x10 (prisma-engines #1887).
  CHECK(render_checksum_legacy("hello") ==
        "2cf24dba5fb0a3e26e83b2ac5b9e29e1b161e5c1fa7425e7343362938b9824");
}

TEST_CASE("prisma checksum: script_matches_checksum_is_line_ending_agnostic",
          "[prisma][checksum]") {
  const std::vector<std::vector<std::string>> groups = {
      {"ab\ncd\nef\ngh\rab", "ab\r\ncd\r\nef\r\ngh\rab"},
      {"ab\ncd\nef\ngh\rab\n", "ab\r\ncd\r\nef\r\ngh\rab\r\n"},
  };
  for (const auto& group : groups)
    for (const auto& script : group)
      for (const auto& other : group)
        CHECK(script_matches_checksum(script, render_checksum(other)));
}

TEST_CASE("prisma checksum: script_matches_checksum_negative", "[prisma][checksum]") {
  CHECK_FALSE(script_matches_checksum("abc", render_checksum("abcd")));
  CHECK_FALSE(script_matches_checksum("abc\n", render_checksum("abc")));
}

TEST_CASE("prisma checksum: a legacy unpadded checksum still matches", "[prisma][checksum]") {
  const std::string legacy = render_checksum_legacy("hello");
  REQUIRE(legacy.size() != 64);
  CHECK(script_matches_checksum("hello", legacy));
  CHECK_FALSE(script_matches_checksum("hello!", legacy));
  // A stored padded checksum is never compared in the legacy form.
  CHECK_FALSE(script_matches_checksum("hello", legacy + std::string(64 - legacy.size(), '0')));
}

TEST_CASE("prisma checksum: a BOM is part of the hashed bytes", "[prisma][checksum]") {
  CHECK(render_checksum("\xEF\xBB\xBF"
                        "SELECT 1;") != render_checksum("SELECT 1;"));
  CHECK_FALSE(
      script_matches_checksum("\xEF\xBB\xBF"
                              "SELECT 1;",
                              render_checksum("SELECT 1;")));
}
