// postgres_url: the URL of the server tests/pg_server.sh started for ctest, and a fresh database
// on it per call so test cases never see each other's tables.
#include "support/postgres_server.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "db/connection.hpp"
#include "db/database_url.hpp"

namespace pm::test {

std::string postgres_url(bool fresh) {
  const char* file = std::getenv("POLYMIGRATE_TEST_PG_URL_FILE");
  std::ifstream in(file ? file : "");
  std::string url;
  if (!file || !in || !std::getline(in, url) || url.empty()) {
    throw std::runtime_error(
        "the [postgres] tests need the server started by ctest's fixture (run through ctest); "
        "POLYMIGRATE_TEST_PG_URL_FILE=" +
        std::string(file ? file : "(unset)"));
  }
  if (!fresh) return url;

  static std::atomic<int> counter{0};
  db::DatabaseUrl parsed = db::parse_database_url(url);
  auto admin = db::open_connection(parsed);
  while (true) {
    std::string name = "pmtest_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    try {
      admin->exec_script("CREATE DATABASE " + admin->quote_identifier(name));
    } catch (const db::DatabaseError& error) {
      if (error.sqlstate() == "42P04") continue;  // left by an earlier process with this pid
      throw;
    }
    parsed.database = name;
    return "postgresql://" + parsed.user + "@" + parsed.host + ":" + parsed.port + "/" + name;
  }
}

}  // namespace pm::test
