// The throwaway PostgreSQL server the ctest fixture started (tests/pg_server.sh). A test tagged
// [postgres] gets its URL here; when the server is not there the test fails, it is never skipped.
#pragma once

#include <string>

namespace pm::test {

// URL of the test server (a fresh database per call when `fresh` is true), or throws.
std::string postgres_url(bool fresh = true);

}  // namespace pm::test
