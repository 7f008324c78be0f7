// `new` and `generate` for Alembic: a revision as `alembic revision -m MESSAGE` (or `alembic
// merge`) makes it (ScriptDirectory.generate_revision): a random 12-hex-digit id
// (uuid4().hex[-12:]), down_revision = the head (every head for a merge), the file named by the
// project's file_template and truncate_slug_length, in the head's version location.
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace pm::alembic {

// Python's `file_template % {rev, slug, epoch, year, month, day, hour, minute, second}` for the
// conversions templates use (%(k)s, %(k)d, %(k).2d, %(k)02d, %%). std::invalid_argument for a
// key or conversion Alembic would refuse.
std::string format_file_template(const std::string& file_template,
                                 const std::map<std::string, std::string>& values);

// 12 lowercase hex digits from the system's random source.
std::string random_revision_id();

std::vector<adapters::WrittenFile> alembic_new_revision_files(
    const model::Project& project, model::Dialect dialect, const adapters::NewMigration& migration);

}  // namespace pm::alembic
