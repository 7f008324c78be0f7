#include "adapters/prisma/migrations_directory.hpp"

#include <algorithm>
#include <optional>
#include <sstream>

#include "adapters/file_bytes.hpp"
#include "adapters/parallel_files.hpp"
#include "adapters/prisma/checksum.hpp"
#include "adapters/prisma/diagnostic_codes.hpp"
#include "adapters/prisma/migration_order.hpp"

namespace pm::prisma {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

int count_lines(const std::string& text) {
  if (text.empty()) return 1;
  int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  return text.back() == '\n' ? lines : lines + 1;
}

// `<digits>_<name>`: the name part is the description ("0_init" -> "init").
std::string description_of(const std::string& folder) {
  auto underscore = folder.find('_');
  if (underscore == std::string::npos) return folder;
  return folder.substr(underscore + 1);
}

// Prisma's documented way to roll back ("Generating down migrations"): a down.sql written by
// `prisma migrate diff ... --script` next to migration.sql, which Prisma itself never reads (nor
// checksums). When it is there, `down` runs it instead of a rollback generated from the replay.
void read_down_script(const fs::path& path, const fs::path& root, model::Migration& migration) {
  const auto bytes = adapters::read_file_bytes(path);
  if (!bytes) return;
  bool valid = true;
  std::string script = decode_utf8_as_node(*bytes, &valid);
  migration.down_source = {path.lexically_relative(root).generic_string(), 1, count_lines(script)};
  migration.down = model::Script{model::SqlStep{std::move(script), 1, false, false}};
}

// migration.sql (and down.sql) of one folder, into its migration and its own diagnostics (runs
// on a loader thread; the parent is set when the folders are merged in order).
void read_migration_folder(const fs::path& dir, const fs::path& root, const std::string& folder,
                           model::Migration& migration, model::Diagnostics& diagnostics) {
  const fs::path script_path = dir / folder / "migration.sql";
  const std::string relative = script_path.lexically_relative(root).generic_string();
  migration.key = folder;
  migration.description = description_of(folder);
  migration.source = {relative, 1, 1};
  migration.extras["folder"] = folder;

  const auto bytes = adapters::read_file_bytes(script_path);
  if (!bytes) {
    diagnostics.push_back(
        {model::Severity::error, kMissingScript,
         "Could not find the migration file at " + relative +
             ". Please delete the directory or restore the migration file. (P3015)",
         relative, 0});
    return;
  }
  bool valid = true;
  std::string script = decode_utf8_as_node(*bytes, &valid);
  if (!valid)
    diagnostics.push_back(
        {model::Severity::warning, kInvalidUtf8,
         "migration.sql is not valid UTF-8: Prisma reads the bad bytes as U+FFFD, and so "
         "do the checksum and the script polymigrate runs",
         relative, 0});
  migration.source.line_end = count_lines(script);
  migration.checksum = model::Checksum::of_text(render_checksum(script));
  // The whole file is one step: Prisma sends it to the database in one call. Lint and replay
  // split it with sql::split_statements for the connection's dialect when they need statements.
  migration.up.push_back(model::SqlStep{std::move(script), 1, false, false});
  read_down_script(dir / folder / "down.sql", root, migration);
}

}  // namespace

std::string decode_utf8_as_node(const std::string& bytes, bool* valid) {
  std::string out;
  out.reserve(bytes.size());
  bool all_valid = true;
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    int need = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lower = 0xA0;
      if (b == 0xED) upper = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lower = 0x90;
      if (b == 0xF4) upper = 0x8F;
    }
    std::size_t j = i + 1;
    bool ok = need > 0;
    for (int k = 0; ok && k < need; ++k, ++j) {
      if (j >= n) {
        ok = false;
        break;
      }
      const auto c = static_cast<unsigned char>(bytes[j]);
      if (c < lower || c > upper) {
        ok = false;
        break;
      }
      lower = 0x80, upper = 0xBF;
    }
    if (ok) {
      out.append(bytes, i, j - i);
    } else {
      // The offending byte (at j) is read again as the start of the next sequence.
      out.append(kReplacement);
      all_valid = false;
      if (j == i) j = i + 1;
    }
    i = std::max(j, i + 1);
  }
  if (valid) *valid = all_valid;
  return out;
}

std::string provider_from_lock_file(const std::string& content) {
  std::istringstream in(content);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // Rust's lines() drops "\r\n"
    if (line.rfind("provider", 0) != 0) continue;
    std::string_view value(line);
    while (value.substr(0, 11) == "provider = ") value.remove_prefix(11);
    while (!value.empty() && value.front() == '"') value.remove_prefix(1);
    while (!value.empty() && value.back() == '"') value.remove_suffix(1);
    return std::string(value);
  }
  return "<PROVIDER NOT FOUND>";
}

MigrationsDirectory read_migrations_directory(const fs::path& dir, const fs::path& root) {
  MigrationsDirectory out;
  out.path = dir;
  std::error_code ec;
  out.exists = fs::is_directory(dir, ec);
  if (!out.exists) return out;

  if (const auto lock = adapters::read_file_bytes(dir / "migration_lock.toml")) {
    bool valid = true;
    out.lock_content = decode_utf8_as_node(*lock, &valid);
  }

  std::vector<std::string> folders;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    // Node's Dirent#isDirectory(): a symlink to a folder is not a directory entry.
    if (it->is_directory() && !it->is_symlink()) folders.push_back(it->path().filename().string());
  }
  sort_by_locale_compare(folders);

  // Each folder is read on the loader threads into its own migration and diagnostics; the
  // parents and the diagnostics follow the folders' order when they are merged.
  out.migrations.resize(folders.size());
  std::vector<model::Diagnostics> diagnostics(folders.size());
  adapters::for_each_file_task(folders.size(), [&](std::size_t i) {
    read_migration_folder(dir, root, folders[i], out.migrations[i], diagnostics[i]);
  });
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (i > 0) out.migrations[i].parents = {out.migrations[i - 1].key};
    out.diagnostics.insert(out.diagnostics.end(), std::make_move_iterator(diagnostics[i].begin()),
                           std::make_move_iterator(diagnostics[i].end()));
  }
  return out;
}

}  // namespace pm::prisma
