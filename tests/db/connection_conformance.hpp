// The behaviour every Connection keeps, whatever the database (golang-migrate's shared driver
// suite): one body, run by sqlite_connection_test.cpp and postgres_connection_test.cpp.
#pragma once

#include <functional>
#include <memory>

#include "db/connection.hpp"

namespace pm::test {

// Runs the suite as Catch2 SECTIONs; `open` gives a connection to an empty database each time.
void check_connection_conformance(const std::function<std::unique_ptr<db::Connection>()>& open);

}  // namespace pm::test
