// The order Prisma applies migration folders in: the CLI sorts folder names with JavaScript's
// `a.localeCompare(b)` (packages/migrate/src/utils/listMigrations.ts), i.e. ICU root collation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::prisma {

// <0, 0, >0 like localeCompare under the default (root / en) collation.
//
// What is implemented: the CLDR root order for ASCII, exactly: control characters ignored;
// punctuation and symbols first (_ - , ; : ! ? . ' " ( ) [ ] { } @ * / \ & # % ` ^ + < = > | ~ $),
// then digits, then letters compared without case; ties broken by case, lowercase first.
// Characters outside ASCII sort after every ASCII letter, by code point: an approximation of
// ICU, which only matters for non-ASCII folder names (Prisma itself writes ASCII slugs).
// Byte order differs from this, e.g. "0_init" < "00_x" here but not bytewise; older engines
// (Rust `cmp`) used byte order.
int locale_compare(std::string_view a, std::string_view b);

// Sorts names by locale_compare, the same order std::sort with it gives (it is a total order),
// weighing each name once.
void sort_by_locale_compare(std::vector<std::string>& names);

}  // namespace pm::prisma
