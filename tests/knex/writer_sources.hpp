// The projects the Knex writer's tests convert, per dialect: the fixture projects of every
// framework that run on that dialect, the schema parity histories (fixtures/schema/) as a plain
// SQL project, and `sql/edges`, a history written here for what the fixtures do not have
// (schema-qualified tables, constraints added and dropped by name, columns altered, a `?`).
#pragma once

#include <string>
#include <vector>

#include "model/project.hpp"

namespace pm::test {

struct WriterSource {
  std::string name;  // "flyway/basic", "schema/shop"
  model::Project project;
  std::string schema;  // the database schema its tables live in; empty: the default one
};

std::vector<WriterSource> knex_writer_sources(model::Dialect dialect);

}  // namespace pm::test
