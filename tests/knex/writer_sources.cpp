#include "knex/writer_sources.hpp"

#include "adapters/alembic/alembic_adapter.hpp"
#include "adapters/flyway/flyway_adapter.hpp"
#include "adapters/knex/knex_adapter.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "schema/fixture_histories.hpp"
#include "support/run_cli.hpp"

namespace pm::test {

namespace {

using model::Dialect;

struct Fixture {
  const char* folder;
  const adapters::Adapter& (*adapter)();
  bool sqlite;
  bool postgresql;
};

}  // namespace

std::vector<WriterSource> knex_writer_sources(Dialect dialect) {
  static const std::vector<Fixture> fixtures = {
      {"flyway/basic", flyway::flyway_adapter, true, true},
      {"flyway/features", flyway::flyway_adapter, true, true},
      {"flyway/postgresql", flyway::flyway_adapter, false, true},
      {"prisma/basic", prisma::prisma_adapter, true, true},
      {"prisma/reshape", prisma::prisma_adapter, true, true},
      {"prisma/sqlite", prisma::prisma_adapter, true, false},
      {"prisma/postgresql", prisma::prisma_adapter, false, true},
      {"alembic/basic", alembic::alembic_adapter, true, true},
      {"alembic/branched", alembic::alembic_adapter, true, true},
      {"knex/basic", knex::knex_adapter, true, true},
      {"knex/no_transaction", knex::knex_adapter, false, true},
      {"knex/typescript", knex::knex_adapter, true, false},
  };
  std::vector<WriterSource> out;
  for (const auto& f : fixtures) {
    if (!(dialect == Dialect::sqlite ? f.sqlite : f.postgresql)) continue;
    adapters::LoadOptions options;
    options.dialect = dialect;
    if (std::string(f.folder).starts_with("knex/")) {
      // knex/basic: SQLite in `development`, PostgreSQL from DATABASE_URL in `production`.
      options.environment = dialect == Dialect::sqlite ? "development" : "production";
      options.env["DATABASE_URL"] = "postgresql://localhost/polymigrate";
    }
    out.push_back(
        {f.folder, f.adapter().load(source_path(std::string("fixtures/") + f.folder), options)});
  }
  for (auto& history : schema_fixture_histories(dialect)) {
    model::Project project;
    project.framework = "sql";
    project.root = source_path("fixtures/schema/" + history.name);
    project.config.dialect = dialect;
    project.history = std::move(history.history);
    out.push_back({"schema/" + history.name, std::move(project)});
  }
  return out;
}

}  // namespace pm::test
