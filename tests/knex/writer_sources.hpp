// The projects the Knex writer's tests convert, per dialect: the fixture projects of every
// framework that run on that dialect, and the schema parity histories (fixtures/schema/) as a
// plain SQL project.
#pragma once

#include <string>
#include <vector>

#include "model/project.hpp"

namespace pm::test {

struct WriterSource {
  std::string name;  // "flyway/basic", "schema/shop"
  model::Project project;
};

std::vector<WriterSource> knex_writer_sources(model::Dialect dialect);

}  // namespace pm::test
