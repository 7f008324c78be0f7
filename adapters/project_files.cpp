#include "adapters/project_files.hpp"

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
