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

struct EdgeFile {
  const char* name;
  const char* sql;
};

// PostgreSQL: everything in schema `app`, created by a migration of its own (whose rollback
// cannot be known: the DDL reader does not read CREATE SCHEMA). The one foreign key is dropped
// again: the catalog names a key's table without its schema when both are in `app`, the replay
// with it, and compare() does not see them as one.
const std::vector<EdgeFile> postgres_edges = {
    {"000_schema.sql", "CREATE SCHEMA app;\n"},
    {"001_app.sql",
     "CREATE TABLE app.users (\n"
     "  id serial PRIMARY KEY,\n"
     "  email varchar(200) NOT NULL,\n"
     "  age integer,\n"
     "  \"Nick Name\" text DEFAULT 'who?',\n"
     "  active boolean NOT NULL DEFAULT false\n"
     ");\n"
     "CREATE TABLE app.orders (\n"
     "  id bigserial PRIMARY KEY,\n"
     "  user_id integer NOT NULL,\n"
     "  total numeric(8, 2) CHECK (total >= 0),\n"
     "  note text\n"
     ");\n"
     "CREATE INDEX orders_user_idx ON app.orders (user_id);\n"
     "INSERT INTO app.users (email, age, active) VALUES ('a@example.com', 30, true), "
     "('b@example.com', NULL, false);\n"},
    {"002_change.sql",
     "ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE (email);\n"
     "ALTER TABLE app.users ADD CONSTRAINT users_age_check CHECK (age > 0);\n"
     "ALTER TABLE app.users ALTER COLUMN age TYPE bigint;\n"
     "ALTER TABLE app.users ALTER COLUMN age SET DEFAULT 18;\n"
     "ALTER TABLE app.users ALTER COLUMN email DROP NOT NULL;\n"
     "ALTER TABLE app.orders DROP CONSTRAINT orders_total_check;\n"
     "ALTER TABLE app.orders RENAME COLUMN note TO remark;\n"
     "ALTER TABLE app.orders RENAME TO purchases;\n"},
    {"003_trim.sql",
     "ALTER TABLE app.users DROP CONSTRAINT users_age_check;\n"
     "ALTER TABLE app.users DROP CONSTRAINT users_email_key;\n"
     "DROP INDEX app.orders_user_idx;\n"
     "ALTER TABLE app.purchases DROP COLUMN remark;\n"
     "CREATE TABLE app.tags (id integer PRIMARY KEY, label text UNIQUE);\n"
     "ALTER TABLE app.tags ADD CONSTRAINT tags_owner_fk FOREIGN KEY (id) REFERENCES app.users "
     "(id);\n"
     "ALTER TABLE app.tags DROP CONSTRAINT tags_owner_fk;\n"},
};

const std::vector<EdgeFile> sqlite_edges = {
    {"001_app.sql",
     "CREATE TABLE users (\n"
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  email VARCHAR(200) NOT NULL,\n"
     "  age INTEGER CHECK (age > 0),\n"
     "  \"Nick Name\" TEXT DEFAULT 'who?',\n"
     "  active BOOLEAN NOT NULL DEFAULT 0,\n"
     "  score REAL,\n"
     "  ratio DOUBLE,\n"
     "  born DATE,\n"
     "  seen_at DATETIME,\n"
     "  data BLOB\n"
     ");\n"
     "CREATE UNIQUE INDEX users_email_idx ON users (email);\n"
     "CREATE TABLE orders (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n"
     "  total NUMERIC(8, 2),\n"
     "  note TEXT\n"
     ");\n"
     "CREATE INDEX orders_user_idx ON orders (user_id);\n"
     "INSERT INTO users (email, age, active) VALUES ('a@example.com', 30, 1), "
     "('b@example.com', NULL, 0);\n"},
    {"002_change.sql",
     "ALTER TABLE orders RENAME COLUMN note TO remark;\n"
     "ALTER TABLE orders RENAME TO purchases;\n"
     "ALTER TABLE users ADD COLUMN nickname VARCHAR(40) DEFAULT 'none';\n"
     "DROP INDEX users_email_idx;\n"
     "CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;\n"},
    {"003_trim.sql",
     "ALTER TABLE purchases DROP COLUMN remark;\n"
     "DROP VIEW adults;\n"
     "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n"},
};

WriterSource edges(Dialect dialect) {
  std::vector<model::Migration> migrations;
  for (const auto& file : dialect == Dialect::postgresql ? postgres_edges : sqlite_edges) {
    model::Migration m;
    m.key = file.name;
    m.description = std::string(file.name).substr(4, std::string(file.name).size() - 8);
    if (!migrations.empty()) m.parents = {migrations.back().key};
    m.up = {model::SqlStep{file.sql, 1, false, false}};
    m.source = {file.name, 1, 1};
    migrations.push_back(std::move(m));
  }
  model::Project project;
  project.framework = "sql";
  project.root = "edges";
  project.config.dialect = dialect;
  project.history = model::History(std::move(migrations));
  return {"sql/edges", std::move(project), dialect == Dialect::postgresql ? "app" : ""};
}

}  // namespace

std::vector<WriterSource> knex_writer_sources(Dialect dialect) {
  static const std::vector<Fixture> fixtures = {
      {"flyway/basic", flyway::flyway_adapter, true, true},
      {"flyway/features", flyway::flyway_adapter, true, true},
      {"flyway/postgresql", flyway::flyway_adapter, false, true},
      {"flyway/toml", flyway::flyway_adapter, true, true},
      {"flyway/maven", flyway::flyway_adapter, true, true},
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
    out.push_back({f.folder,
                   f.adapter().load(source_path(std::string("fixtures/") + f.folder), options),
                   ""});
  }
  for (auto& history : schema_fixture_histories(dialect)) {
    model::Project project;
    project.framework = "sql";
    project.root = source_path("fixtures/schema/" + history.name);
    project.config.dialect = dialect;
    project.history = std::move(history.history);
    out.push_back({"schema/" + history.name, std::move(project), ""});
  }
  out.push_back(edges(dialect));
  return out;
}

}  // namespace pm::test
