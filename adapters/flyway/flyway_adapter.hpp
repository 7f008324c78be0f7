// Flyway (Redgate): SQL migrations V<version>__<desc>.sql / R__<desc>.sql / U<version>__<desc>.sql
// under the configured locations, recorded in flyway_schema_history.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::flyway {
const adapters::Adapter& flyway_adapter();
}
