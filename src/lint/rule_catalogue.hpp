// The lint rules, PM500-PM522: codes and names never change once released (users disable them
// by either in polymigrate.toml and in polymigrate:ignore comments).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "lint/rule.hpp"

namespace pm::lint {

namespace code {
inline constexpr std::string_view unreadable = "PM500";
inline constexpr std::string_view drop_table = "PM501";
inline constexpr std::string_view drop_column = "PM502";
inline constexpr std::string_view rename_table = "PM503";
inline constexpr std::string_view rename_column = "PM504";
inline constexpr std::string_view change_column_type = "PM505";
inline constexpr std::string_view set_not_null = "PM506";
inline constexpr std::string_view add_required_column = "PM507";
inline constexpr std::string_view volatile_default = "PM508";
inline constexpr std::string_view create_index = "PM509";
inline constexpr std::string_view drop_index = "PM510";
inline constexpr std::string_view concurrently_in_transaction = "PM511";
inline constexpr std::string_view add_foreign_key = "PM512";
inline constexpr std::string_view add_check = "PM513";
inline constexpr std::string_view add_unique = "PM514";
inline constexpr std::string_view add_primary_key = "PM515";
inline constexpr std::string_view rename_enum_value = "PM516";
inline constexpr std::string_view reorder_enum_value = "PM517";
inline constexpr std::string_view backfill_with_ddl = "PM518";
inline constexpr std::string_view missing_lock_timeout = "PM519";
inline constexpr std::string_view sqlite_table_rebuild = "PM520";
inline constexpr std::string_view drop_view = "PM521";
inline constexpr std::string_view drop_type = "PM522";
}  // namespace code

// Every rule, in code order.
const std::vector<Rule>& rule_catalogue();

// The rule with this code ("PM502", any case) or name ("drop-column"); nullptr when none.
const Rule* find_rule(std::string_view code_or_name);

// The rule of a code from `code::`; the catalogue holds every one.
const Rule& rule(std::string_view code);

}  // namespace pm::lint
