// Canonical text of SQL expressions (defaults, CHECK bodies, index keys and predicates) for
// comparing what a migration wrote with what a catalog deparses back.
#pragma once

#include <string>
#include <string_view>

namespace pm::schema {

// Lower-cased outside string literals, without whitespace, parentheses, double quotes or
// PostgreSQL casts ("::character varying"). Lossy on purpose: PostgreSQL's deparser adds
// parentheses and casts the author never wrote, and two expressions that differ only there mean
// the same. Not a parser: it serves equality tests, never execution.
std::string canonical_expression(std::string_view sql);

// A PostgreSQL default as pg_get_expr prints it, with a cast on a literal removed:
// "'x'::character varying" -> "'x'", "'-1'::integer" -> "-1". Other text is returned unchanged.
std::string strip_literal_cast(std::string_view sql);

}  // namespace pm::schema
