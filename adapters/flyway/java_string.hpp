// Java String semantics Flyway's behaviour depends on, over our UTF-8 text: compareTo (the order
// of repeatable migrations) and hashCode (the PostgreSQL advisory lock key).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pm::flyway {

// UTF-8 to UTF-16 code units, as a Java String holds the text.
std::u16string to_java_chars(std::string_view utf8);

// String.compareTo: UTF-16 code unit order (not code point order). -1, 0 or 1.
int compare_java_strings(std::string_view a, std::string_view b);

// String.hashCode: h = 31 * h + c over UTF-16 units, wrapping in int32.
std::int32_t java_string_hash(std::string_view utf8);

}  // namespace pm::flyway
