#include "adapters/prisma/prisma_time.hpp"

#include <chrono>
#include <cstdio>

namespace pm::prisma {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1000000;
constexpr std::int64_t kSecondsPerDay = 86400;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::string date_time(std::int64_t micros, char separator, std::int64_t& fraction) {
  std::int64_t seconds = micros / kMicrosPerSecond;
  fraction = micros % kMicrosPerSecond;
  if (fraction < 0) fraction += kMicrosPerSecond, --seconds;
  std::int64_t days = seconds / kSecondsPerDay, rest = seconds % kSecondsPerDay;
  if (rest < 0) rest += kSecondsPerDay, --days;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u%c%02lld:%02lld:%02lld",
                static_cast<long long>(y), m, d, separator, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return buffer;
}

bool digits(std::string_view s, std::size_t at, std::size_t count, int& value) {
  if (at + count > s.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::int64_t now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string chrono_display(std::int64_t micros) {
  std::int64_t fraction = 0;
  std::string out = date_time(micros, ' ', fraction);
  if (fraction != 0) {
    char buffer[32];
    if (fraction % 1000 == 0)
      std::snprintf(buffer, sizeof buffer, ".%03lld", static_cast<long long>(fraction / 1000));
    else
      std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(fraction));
    out += buffer;
  }
  return out + " UTC";
}

std::string rfc3339(std::int64_t micros) {
  std::int64_t fraction = 0;
  std::string out = date_time(micros, 'T', fraction);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(fraction));
  return out + buffer + "+00:00";
}

std::optional<std::int64_t> parse_timestamp(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  std::size_t i = 19;
  std::int64_t micros = 0;
  if (i < s.size() && s[i] == '.') {
    std::int64_t scale = 100000;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10)
      micros += (s[i] - '0') * scale;
  }
  std::int64_t offset_seconds = 0;
  std::string_view zone = s.substr(i);
  if (zone == "Z" || zone == " UTC" || zone.empty()) {
    // UTC
  } else if (zone[0] == '+' || zone[0] == '-') {
    int oh = 0, om = 0;
    if (!digits(zone, 1, 2, oh)) return std::nullopt;
    if (zone.size() > 3 && !digits(zone, zone[3] == ':' ? 4 : 3, 2, om)) return std::nullopt;
    offset_seconds = (zone[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  const std::int64_t seconds =
      days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kSecondsPerDay +
      h * 3600 + mi * 60 + se - offset_seconds;
  return seconds * kMicrosPerSecond + micros;
}

}  // namespace pm::prisma
