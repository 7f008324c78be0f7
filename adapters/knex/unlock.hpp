// `knex migrate:unlock` (Migrator.forceFreeMigrationsLock): the lock rows replaced by one free row.
#pragma once

#include <string>

#include "db/connection.hpp"
#include "model/project.hpp"

namespace pm::knex {

// Returns Knex's sentence for what happened.
std::string unlock(db::Connection& conn, const model::Project& project);

}  // namespace pm::knex
