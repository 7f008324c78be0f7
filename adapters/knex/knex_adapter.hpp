// Knex: a knexfile and a migrations/ folder of JavaScript or TypeScript files.
// Detected today; reading and running it is the Knex adapter issue.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::knex {
const adapters::Adapter& knex_adapter();
}
