#include "adapters/project_files.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace pm::adapters {

std::string timestamp_after_2000(std::size_t seconds) {
  const std::time_t base = 946684800;  // 2000-01-01T00:00:00Z
  const std::time_t at = base + static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &utc);
  return text;
}

std::string next_timestamp(std::time_t created, const std::vector<std::string>& existing) {
  auto format = [](std::time_t at) {
    std::tm utc{};
    gmtime_r(&at, &utc);
    char text[16];
    std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &utc);
    return std::string(text);
  };
  auto parse = [](const std::string& stamp) {
    std::tm utc{};
    utc.tm_year = std::stoi(stamp.substr(0, 4)) - 1900;
    utc.tm_mon = std::stoi(stamp.substr(4, 2)) - 1;
    utc.tm_mday = std::stoi(stamp.substr(6, 2));
    utc.tm_hour = std::stoi(stamp.substr(8, 2));
    utc.tm_min = std::stoi(stamp.substr(10, 2));
    utc.tm_sec = std::stoi(stamp.substr(12, 2));
    return timegm(&utc);
  };
  std::string out = format(created);
  for (const auto& name : existing) {
    if (name.size() < 14 ||
        !std::all_of(name.begin(), name.begin() + 14, [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    const std::string stamp = name.substr(0, 14);
    if (stamp >= out) out = format(parse(stamp) + 1);
  }
  return out;
}

fs::path folder_in_project(const model::Project& project, const fs::path& location) {
  const fs::path root = fs::absolute(project.root).lexically_normal();
  const fs::path relative = fs::absolute(location).lexically_normal().lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..")
    throw std::invalid_argument("the migrations folder " + location.string() +
                                " is not inside the project " + project.root.string());
  return relative == "." ? fs::path() : relative;
}

void write_project_files(const fs::path& out, const std::vector<WrittenFile>& files) {
  for (const auto& file : files) {
    const fs::path relative = file.path.lexically_normal();
    if (relative.empty() || relative.is_absolute() || relative.has_root_name() ||
        *relative.begin() == "..")
      throw std::invalid_argument("refusing to write " + file.path.string() +
                                  ": it is not inside " + out.string());
    std::error_code ec;
    if (fs::exists(out / relative, ec))
      throw std::invalid_argument((out / relative).string() +
                                  " exists: polymigrate does not overwrite a project");
  }
  for (const auto& file : files) {
    const fs::path target = out / file.path.lexically_normal();
    fs::create_directories(target.parent_path());
    std::ofstream stream(target, std::ios::binary | std::ios::trunc);
    stream << file.content;
    if (!stream) throw std::runtime_error("cannot write " + target.string());
  }
}

}  // namespace pm::adapters
