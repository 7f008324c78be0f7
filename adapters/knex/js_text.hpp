// JavaScript source text for the Knex writer: string literals whose value is exactly a given
// text, and comments no line terminator can end early.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::knex {

// A JavaScript string literal whose value is `text`: '...' for one line, a template literal
// (`...`, with \, ` and ${ escaped) for several, so SQL stays readable.
std::string js_string(std::string_view text);

// ['a', 'b']
std::string js_array(const std::vector<std::string>& items);

// `text` as `//` comment lines, each prefixed by `indent`; line terminators JavaScript knows
// (\r, U+2028, U+2029) cannot end a comment early.
std::string js_comment(std::string_view text, const std::string& indent);

}  // namespace pm::knex
