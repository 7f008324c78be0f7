// Knex: a knexfile and folders of JavaScript or TypeScript migrations, read with tree-sitter and
// never run; knex_migrations and knex_migrations_lock kept exactly as Knex keeps them.
#pragma once

#include "adapters/adapter.hpp"

namespace pm::knex {
const adapters::Adapter& knex_adapter();
}
