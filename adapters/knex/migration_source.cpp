#include "adapters/knex/migration_source.hpp"

#include <algorithm>

#include "adapters/knex/diagnostic_codes.hpp"

namespace fs = std::filesystem;

namespace pm::knex {

namespace {

// UTF-8 to UTF-16 code units; a malformed byte stands for itself (as Node decodes it to U+FFFD,
// which sorts the same against ASCII names).
std::u16string utf16(std::string_view text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned long code = c;
    std::size_t length = 1;
    if (c >= 0xF0) {
      length = 4;
      code = c & 0x07;
    } else if (c >= 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if (c >= 0xC0) {
      length = 2;
      code = c & 0x1F;
    }
    if (length > 1 && i + length > text.size()) length = 1, code = 0xFFFD;
    for (std::size_t k = 1; k < length; ++k)
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (c >= 0x80 && c < 0xC0) code = 0xFFFD;
    if (code >= 0x10000) {
      code -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (code >> 10));
      out += static_cast<char16_t>(0xDC00 + (code & 0x3FF));
    } else {
      out += static_cast<char16_t>(code);
    }
    i += length;
  }
  return out;
}

}  // namespace

bool js_string_less(std::string_view a, std::string_view b) {
  // ASCII names (all of them, in practice) are their own UTF-16 code units: compare the bytes
  // instead of converting both names for each of a sort's n log n comparisons.
  auto ascii = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (ascii(a) && ascii(b)) return a < b;
  return utf16(a) < utf16(b);
}

std::string js_extname(std::string_view file) {
  auto dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return std::string(file.substr(dot));
}

std::vector<MigrationFileEntry> list_migration_files(
    const fs::path& root, const std::vector<std::string>& directories, bool sort_dirs_separately,
    const std::vector<std::string>& load_extensions, model::Diagnostics& diagnostics) {
  std::vector<MigrationFileEntry> all;
  for (const auto& directory : directories) {
    const fs::path absolute =
        fs::path(directory).is_absolute() ? fs::path(directory) : root / directory;
    std::error_code ec;
    std::vector<MigrationFileEntry> files;
    // readdir lists every entry, folders included; Knex filters by extension only.
    for (fs::directory_iterator it(absolute, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;  // a failed question about one entry does not end the listing
      files.push_back({it->path().filename().string(), directory, it->path(),
                       it->is_directory(type_ec), it->is_symlink(type_ec)});
    }
    if (ec) {
      // Knex's readdir rejects: "ENOENT: no such file or directory, scandir '<dir>'".
      diagnostics.push_back({model::Severity::error, codes::directory,
                             "ENOENT: no such file or directory, scandir '" +
                                 absolute.lexically_normal().string() + "'",
                             directory, 0});
      continue;
    }
    // readdir's own order is the file system's; sorting makes it deterministic before the
    // stable sortBy below, which is all Knex promises.
    std::sort(files.begin(), files.end(),
              [](const auto& x, const auto& y) { return js_string_less(x.file, y.file); });
    all.insert(all.end(), files.begin(), files.end());
  }
  if (!sort_dirs_separately)
    std::stable_sort(all.begin(), all.end(),
                     [](const auto& x, const auto& y) { return js_string_less(x.file, y.file); });
  std::vector<MigrationFileEntry> kept;
  for (auto& entry : all) {
    const std::string ext = js_extname(entry.file);
    if (std::find(load_extensions.begin(), load_extensions.end(), ext) != load_extensions.end())
      kept.push_back(std::move(entry));
  }
  return kept;
}

}  // namespace pm::knex
