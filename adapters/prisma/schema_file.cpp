#include "adapters/prisma/schema_file.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/prisma/diagnostic_codes.hpp"

namespace pm::prisma {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Removes a `//` comment that is not inside a string literal.
std::string strip_comment(const std::string& line) {
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) in_string = !in_string;
    if (!in_string && line.compare(i, 2, "//") == 0) return line.substr(0, i);
  }
  return line;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// "text" -> text (Prisma string literals with \" and \\ escapes).
std::optional<std::string> string_literal(const std::string& s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}

// All .prisma files under a folder, in path order (Prisma reads the folder recursively).
std::vector<fs::path> prisma_files_in(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(folder, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".prisma") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<fs::path> schema_from_package_json(const fs::path& root) {
  std::ifstream in(root / "package.json");
  if (!in) return std::nullopt;
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  auto prisma = json.find("prisma");
  if (prisma == json.end() || !prisma->is_object()) return std::nullopt;
  auto schema = prisma->find("schema");
  if (schema == prisma->end() || !schema->is_string()) return std::nullopt;
  return root / schema->get<std::string>();
}

}  // namespace

std::optional<Datasource> read_datasource(const std::string& text) {
  std::istringstream in(text);
  std::string raw;
  int line_no = 0;
  std::optional<Datasource> found;
  bool inside = false;
  while (std::getline(in, raw)) {
    ++line_no;
    std::string line = trim(strip_comment(raw));
    if (!inside) {
      if (line.rfind("datasource", 0) == 0 && line.find('{') != std::string::npos) {
        found = Datasource{};
        found->name = trim(line.substr(10, line.find('{') - 10));
        found->line = line_no;
        inside = true;
      }
      continue;
    }
    if (line.find('}') == 0) break;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "provider") {
      found->provider = string_literal(value).value_or(value);
    } else if (key == "url") {
      if (value.rfind("env(", 0) == 0 && value.back() == ')')
        found->url_env = string_literal(trim(value.substr(4, value.size() - 5)));
      else
        found->url = string_literal(value);
    }
  }
  return found;
}

SchemaLocation locate_schema(const fs::path& root, const std::optional<fs::path>& explicit_schema) {
  SchemaLocation location;
  std::error_code ec;
  std::optional<fs::path> chosen;
  if (explicit_schema) {
    chosen = explicit_schema->is_absolute() ? *explicit_schema : root / *explicit_schema;
    location.how = "--schema";
  } else if (auto from_package = schema_from_package_json(root)) {
    chosen = from_package;
    location.how = "package.json";
  } else {
    for (const fs::path& candidate :
         {root / "prisma" / "schema.prisma", root / "prisma" / "schema", root / "schema.prisma"})
      if (fs::exists(candidate, ec)) {
        chosen = candidate;
        break;
      }
    location.how = "default location";
  }

  if (chosen && fs::is_directory(*chosen, ec))
    location.files = prisma_files_in(*chosen);
  else if (chosen && fs::is_regular_file(*chosen, ec))
    location.files = {*chosen};

  if (location.files.empty()) {
    if (chosen && location.how != "default location")
      location.diagnostics.push_back({model::Severity::error, kSchemaProblem,
                                      "Could not load `--schema` from provided path `" +
                                          chosen->lexically_relative(root).string() +
                                          "`: file or directory not found",
                                      "", 0});
    // No schema: the migrations folder may still be there (a project checked out without it).
    location.schema_dir = fs::exists(root / "prisma" / "migrations", ec) ? root / "prisma" : root;
    return location;
  }

  for (const auto& file : location.files) {
    if (auto datasource = read_datasource(read_text(file))) {
      datasource->file = file;
      location.datasource = std::move(datasource);
      break;
    }
  }
  if (location.datasource)
    location.schema_dir = location.datasource->file.parent_path();
  else
    location.schema_dir = fs::is_directory(*chosen, ec) ? *chosen : chosen->parent_path();
  return location;
}

}  // namespace pm::prisma
