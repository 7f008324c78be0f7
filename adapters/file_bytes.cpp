#include "adapters/file_bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pm::adapters {

namespace {

std::optional<std::string> read_bytes_at(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  std::string bytes;
  // The size fstat gives lets the one read that fills the string be the last (no EOF read).
  std::size_t expected = 0;
  if (::fstat(fd, &info) == 0 && info.st_size > 0)
    expected = static_cast<std::size_t>(info.st_size);
  bytes.resize(expected > 0 ? expected : 65536);
  std::size_t filled = 0;
  for (;;) {
    if (filled == bytes.size()) {
      if (expected > 0 && filled == expected) break;
      bytes.resize(bytes.size() * 2);
    }
    const ssize_t n = ::read(fd, bytes.data() + filled, bytes.size() - filled);
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(filled);
  return bytes;
}

}  // namespace

std::optional<std::string> read_file_bytes(const std::filesystem::path& path) {
  return read_bytes_at(path.c_str());
}

std::optional<std::string> read_file_bytes(const std::string& path) {
  return read_bytes_at(path.c_str());
}

}  // namespace pm::adapters
