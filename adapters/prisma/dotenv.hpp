// `.env` files as the Prisma CLI reads them (the dotenv package): KEY=VALUE lines, optional
// `export `, single/double/backtick quotes, `#` comments, `\n` in double quotes, ${VAR} expansion.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pm::prisma {

using EnvMap = std::map<std::string, std::string>;

// Parses the text of one .env file. ${VAR} and $VAR are expanded (dotenv-expand, as the CLI
// does) from `outer` first (the process environment wins), then from earlier keys of the file.
EnvMap parse_dotenv(std::string_view text, const EnvMap& outer = {});

// Reads and parses a .env file; nullopt when there is none.
std::optional<EnvMap> read_dotenv(const std::filesystem::path& file, const EnvMap& outer = {});

}  // namespace pm::prisma
