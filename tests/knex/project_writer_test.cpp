// The Knex writer: a project of any framework becomes knexfile.js and migrations/*.js in apply
// order; polymigrate's Knex loader reads every fixture back to the same migrations, which replay
// to the same schema after each one, and whose downs take each back to the schema before it.
// Code that could not be translated, and rollbacks that cannot be known, stop Knex and say why.
#include "adapters/knex/project_writer.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "adapters/knex/js_text.hpp"
#include "adapters/knex/knex_adapter.hpp"
#include "adapters/knex/step_writer.hpp"
#include "knex/writer_sources.hpp"
#include "schema/compare.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

model::Migration sql_migration(const std::string& key, const std::string& description,
                               const std::string& sql) {
  model::Migration m;
  m.key = key;
  m.description = description;
  m.source = {"sql/V" + key + "__" + description + ".sql", 1, 1};
  m.up = {model::SqlStep{sql, 1, false, false}};
  return m;
}

model::Project project_of(std::vector<model::Migration> migrations,
                          const std::string& framework = "flyway") {
  for (std::size_t i = 1; i < migrations.size(); ++i)
    migrations[i].parents = {migrations[i - 1].key};
  model::Project project;
  project.framework = framework;
  project.root = "/src/shop";
  project.history = model::History(std::move(migrations));
  return project;
}

model::Project load_written(const fs::path& root, model::Dialect dialect) {
  adapters::LoadOptions options;
  options.dialect = dialect;
  return knex::knex_adapter().load(root, options);
}

const model::Migration& nth(const model::Project& project, std::size_t i) {
  return project.history.migrations()[project.history.order()[i]];
}

// A down script applied to the schema after its migration, as replay applies an up.
schema::SchemaState apply_script(schema::SchemaState state, const model::Script& script,
                                 model::Dialect dialect) {
  for (const auto& step : script) {
    if (const auto* op = std::get_if<model::OpStep>(&step)) {
      schema::apply_op(state, op->op);
    } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
      for (const auto& statement : sql::split_statements(sql->text, dialect).statements)
        for (const auto& read : sql::read_ddl(statement, dialect)) schema::apply_op(state, read.op);
    }
  }
  return state;
}

bool has_opaque(const model::Script& script) {
  return std::any_of(script.begin(), script.end(), [](const model::Step& s) {
    return std::holds_alternative<model::OpaqueStep>(s);
  });
}

}  // namespace

TEST_CASE("knex writer: knexfile, file names in apply order, and a loader that reads it back",
          "[knex][writer]") {
  const auto project = project_of({
      sql_migration("1", "create users",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);"),
      sql_migration("2", "addEmail to-users", "ALTER TABLE users ADD COLUMN email TEXT;"),
  });
  for (const auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    INFO(model::to_string(dialect));
    test::TempDir dir;
    const auto files = knex::knex_adapter().write(project, dialect, dir.path() / "out");
    REQUIRE(files.size() == 3);
    CHECK(files[0].path == fs::path("knexfile.js"));
    CHECK(files[1].path == fs::path("migrations/20000101000000_create_users.js"));
    CHECK(files[2].path == fs::path("migrations/20000101000001_add_email_to_users.js"));
    const std::string knexfile = read(dir.path() / "out/knexfile.js");
    CHECK(knexfile.find(dialect == model::Dialect::sqlite ? "client: 'better-sqlite3'"
                                                          : "client: 'pg'") != std::string::npos);
    CHECK(knexfile.find("directory: './migrations'") != std::string::npos);
    CHECK(knexfile.find("tableName: 'knex_migrations'") != std::string::npos);

    const auto back = load_written(dir.path() / "out", dialect);
    CHECK(back.diagnostics.empty());
    CHECK(back.config.dialect == dialect);
    CHECK(back.config.version_table == "knex_migrations");
    if (dialect == model::Dialect::sqlite) {
      CHECK(back.config.database_url ==
            "sqlite:" + (dir.path() / "out/polymigrate.sqlite3").lexically_normal().string());
      adapters::LoadOptions options;
      options.env["DATABASE_FILE"] = "/data/shop.db";
      CHECK(knex::knex_adapter().load(dir.path() / "out", options).config.database_url ==
            "sqlite:/data/shop.db");
    } else {
      adapters::LoadOptions options;
      options.env["DATABASE_URL"] = "postgresql://db.example/shop";
      CHECK(knex::knex_adapter().load(dir.path() / "out", options).config.database_url ==
            "postgresql://db.example/shop");
    }
    REQUIRE(back.history.size() == 2);
    CHECK(nth(back, 0).key == "20000101000000_create_users.js");
    CHECK(nth(back, 1).key == "20000101000001_add_email_to_users.js");
    CHECK(nth(back, 1).description == "add_email_to_users");
    CHECK(std::holds_alternative<model::OpStep>(nth(back, 0).up.at(0)));
  }
  CHECK(knex::snake_case("HTMLParser v2") == "html_parser_v2");
  CHECK(knex::snake_case("../../etc") == "etc");
  CHECK(knex::snake_case("") == "migration");
}

TEST_CASE("knex writer: the schema builder chains of an SQL history", "[knex][writer]") {
  const auto project = project_of({sql_migration(
      "1", "shop",
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL, "
      "active BOOLEAN NOT NULL DEFAULT TRUE, tier VARCHAR(10) DEFAULT 'free');\n"
      "CREATE TABLE orders (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) "
      "ON DELETE CASCADE, total NUMERIC(10, 2) NOT NULL DEFAULT 0);\n"
      "CREATE INDEX orders_user_idx ON orders (user_id);\n"
      "CREATE UNIQUE INDEX users_email_key ON users (email);\n"
      "INSERT INTO users (id, email) VALUES (1, 'o''clock@example.com'), (2, 'b@example.com');\n"
      "UPDATE users SET tier = 'gold' WHERE id = 1;\n")});
  const auto files = knex::knex_project_files(project, model::Dialect::postgresql);
  REQUIRE(files.size() == 2);
  const std::string& js = files[1].content;
  INFO(js);
  CHECK(js.find("exports.up = async function (knex) {\n"
                "  await knex.schema.createTable('users', (table) => {\n"
                "    table.integer('id').notNullable().primary();\n"
                "    table.string('email', 255).notNullable();\n"
                "    table.boolean('active').notNullable().defaultTo(knex.raw('TRUE'));\n"
                "    table.string('tier', 10).defaultTo('free');\n"
                "  });\n"
                "  await knex.schema.createTable('orders', (table) => {\n"
                "    table.increments('id');\n"
                "    table.integer('user_id').notNullable().references('id').inTable('users')"
                ".onDelete('CASCADE').withKeyName('orders_user_id_fkey');\n"
                "    table.decimal('total', 10, 2).notNullable().defaultTo(knex.raw('0'));\n"
                "    table.index(['user_id'], 'orders_user_idx');\n"
                "  });\n"
                "  await knex.schema.alterTable('users', (table) => {\n"
                "    table.unique(['email'], { indexName: 'users_email_key', useConstraint: false "
                "});\n"
                "  });\n"
                "  await knex('users').insert([\n"
                "    { id: 1, email: 'o\\'clock@example.com' },\n"
                "    { id: 2, email: 'b@example.com' },\n"
                "  ]);\n"
                "  await knex.raw('UPDATE users SET tier = \\'gold\\' WHERE id = 1');\n"
                "};\n") != std::string::npos);
  // No down in the source: the generated rollback, refused because of the UPDATE.
  CHECK(js.find("PM320") != std::string::npos);
  CHECK(js.find("  throw new Error('polymigrate: no rollback is known for migration 1") !=
        std::string::npos);
}

TEST_CASE("knex writer: JavaScript string literals", "[knex][writer]") {
  CHECK(knex::js_string("it's") == "'it\\'s'");
  CHECK(knex::js_string("a\\b") == "'a\\\\b'");
  CHECK(knex::js_string("tab\there\r") == "'tab\\there\\r'");
  CHECK(knex::js_string("bell\x07") == "'bell\\x07'");
  CHECK(knex::js_string("line\u2028sep") == "'line\\u2028sep'");
  CHECK(knex::js_string("select `x`,\n  '${y}' \\n\r\n") ==
        "`select \\`x\\`,\n  '\\${y}' \\\\n\\r\n`");
  CHECK(knex::js_comment("a\r\nb\u2029c", "  ") == "  // a\n  // b\\u2029c\n");

  // Every tricky text comes back byte for byte through the Knex loader, on both dialects (with
  // `?`, which PostgreSQL's Knex must get as `\?`).
  const std::string tricky =
      "INSERT INTO notes (body) SELECT 'it''s `${x}` \\ done?' || chr(10)\n"
      "  || '\ttabbed\r' || 'ünïcödé\u2028'";
  for (const auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    INFO(model::to_string(dialect));
    test::TempDir dir;
    auto project = project_of({sql_migration("1", "notes", tricky)});
    knex::knex_adapter().write(project, dialect, dir.path() / "out");
    const auto back = load_written(dir.path() / "out", dialect);
    REQUIRE(back.history.size() == 1);
    const auto& up = nth(back, 0).up;
    REQUIRE(up.size() == 1);
    const auto* sql = std::get_if<model::SqlStep>(&up[0]);
    REQUIRE(sql);
    CHECK(sql->text == tricky);
  }
}

TEST_CASE("knex writer: a rollback that cannot be known throws, with the reasons as comments",
          "[knex][writer]") {
  auto m = sql_migration("3", "seed", "INSERT INTO users (id, name) VALUES (1, 'ada');");
  auto project =
      project_of({sql_migration("1", "users", "CREATE TABLE users (id INTEGER, name TEXT);"), m});
  const auto files = knex::knex_project_files(project, model::Dialect::sqlite);
  REQUIRE(files.size() == 3);
  const std::string& js = files[2].content;
  INFO(js);
  const auto down = js.substr(js.find("exports.down"));
  CHECK(down.find("  // polymigrate: no rollback can be generated for this migration:\n"
                  "  // sql/V3__seed.sql") != std::string::npos);
  CHECK(down.find("PM320") != std::string::npos);
  CHECK(down.find("  throw new Error('polymigrate: no rollback is known for migration 3 "
                  "(sql/V3__seed.sql:1): ") != std::string::npos);
  // The first migration's generated down: a plain dropTable.
  CHECK(files[1].content.find("exports.down = async function (knex) {\n"
                              "  // polymigrate: generated from the schema before and after the "
                              "migration.\n"
                              "  await knex.schema.dropTable('users');\n};") != std::string::npos);

  // A dropped table comes back empty: the rollback says so.
  auto drop = project_of({sql_migration("1", "users", "CREATE TABLE users (id INTEGER);"),
                          sql_migration("2", "drop", "DROP TABLE users;")});
  const auto drop_js = knex::knex_project_files(drop, model::Dialect::sqlite)[2].content;
  INFO(drop_js);
  CHECK(drop_js.find("  // WARNING PM322: ") != std::string::npos);
  CHECK(drop_js.find("await knex.schema.createTable('users', (table) => {\n"
                     "    table.integer('id');\n  });") != std::string::npos);
}

TEST_CASE("knex writer: untranslated code is kept as comments and stops Knex there",
          "[knex][writer]") {
  model::Migration m;
  m.key = "abc123";
  m.description = "backfill names";
  m.source = {"versions/abc123_backfill.py", 7, 12};
  m.up.push_back(model::SqlStep{"CREATE TABLE names (id INTEGER)", 8, false, false});
  m.up.push_back(model::OpaqueStep{"python",
                                   "for row in rows:\n    op.execute(row)  # it's `raw`",
                                   {m.source.file, 9, 10},
                                   "a loop"});
  m.up.push_back(model::SqlStep{"DROP TABLE names", 11, false, false});
  m.down = model::Script{};
  auto project = project_of({m}, "alembic");
  const auto files = knex::knex_project_files(project, model::Dialect::sqlite);
  REQUIRE(files.size() == 2);
  CHECK(files[1].path == fs::path("migrations/20000101000000_backfill_names.js"));
  CHECK(files[1].content ==
        "// Converted by polymigrate from the alembic migration 'abc123' "
        "(versions/abc123_backfill.py:7).\n"
        "\n"
        "exports.up = async function (knex) {\n"
        "  await knex.schema.createTable('names', (table) => {\n"
        "    table.integer('id');\n"
        "  });\n"
        "  // polymigrate: python code it could not translate (a loop), from "
        "versions/abc123_backfill.py:9:\n"
        "  // for row in rows:\n"
        "  //     op.execute(row)  # it's `raw`\n"
        "  throw new Error('polymigrate: untranslated python code from "
        "versions/abc123_backfill.py:9 (a loop): translate it by hand');\n"
        "  await knex.schema.dropTable('names');\n"
        "};\n"
        "\n"
        "exports.down = async function (knex) {\n"
        "};\n");

  // Read back: the throw is the one step polymigrate cannot run, at the same place.
  test::TempDir dir;
  knex::knex_adapter().write(project, model::Dialect::sqlite, dir.path() / "out");
  const auto back = load_written(dir.path() / "out", model::Dialect::sqlite);
  REQUIRE(back.history.size() == 1);
  const auto& up = nth(back, 0).up;
  REQUIRE(up.size() == 3);
  const auto* opaque = std::get_if<model::OpaqueStep>(&up[1]);
  REQUIRE(opaque);
  CHECK(opaque->code.starts_with("throw new Error('polymigrate: untranslated python code"));
}

TEST_CASE("knex writer: what a Knex project cannot express is refused with its file and line",
          "[knex][writer]") {
  // SQLite changes a column by rebuilding the table, which needs the table's definition.
  model::Migration alter;
  alter.key = "abc";
  alter.description = "retype";
  alter.source = {"versions/abc_retype.py", 3, 9};
  model::AlterColumn op;
  op.table = {"", "users"};
  op.column = "age";
  op.type = model::ColumnType{};
  op.type->kind = model::LogicalType::bigint;
  alter.up.push_back(model::OpStep{op, "", 4});
  CHECK_THROWS_WITH(
      knex::knex_project_files(project_of({alter}, "alembic"), model::Dialect::sqlite),
      Catch::StartsWith("versions/abc_retype.py:4: cannot write alter_column"));
  // SQL that cannot be split into statements.
  auto broken = sql_migration("1", "broken", "SELECT 1;\nSELECT 'unterminated;");
  CHECK_THROWS_WITH(knex::knex_project_files(project_of({broken}), model::Dialect::postgresql),
                    Catch::StartsWith("sql/V1__broken.sql:2: "));
  // Nothing is written when the project cannot be.
  test::TempDir dir;
  CHECK_THROWS_AS(knex::knex_adapter().write(project_of({broken}), model::Dialect::postgresql,
                                             dir.path() / "out"),
                  std::invalid_argument);
  CHECK_FALSE(fs::exists(dir.path() / "out"));
}

TEST_CASE("knex writer: a migration outside a transaction, and a Knex project's own names",
          "[knex][writer]") {
  auto m = sql_migration("2", "index", "CREATE INDEX CONCURRENTLY users_name ON users (name);");
  auto project =
      project_of({sql_migration("1", "users", "CREATE TABLE users (id INTEGER, name TEXT);"), m});
  auto files = knex::knex_project_files(project, model::Dialect::postgresql);
  // An op without a builder form keeps the statement's own text.
  CHECK(files[2].content.find("await knex.raw('CREATE INDEX CONCURRENTLY users_name ON users "
                              "(name)');") != std::string::npos);
  CHECK(files[2].content.ends_with("\nexports.config = { transaction: false };\n"));
  CHECK(files[1].content.find("exports.config") == std::string::npos);

  for (const auto& source : test::knex_writer_sources(model::Dialect::postgresql)) {
    if (source.name != "knex/no_transaction") continue;
    test::TempDir dir;
    knex::knex_adapter().write(source.project, model::Dialect::postgresql, dir.path() / "out");
    const auto back = load_written(dir.path() / "out", model::Dialect::postgresql);
    REQUIRE(back.history.size() == 3);
    CHECK(nth(back, 0).key == "20240301000000_create_events.js");
    CHECK(nth(back, 1).key == "20240302000000_index_events_concurrently.js");
    CHECK_FALSE(nth(back, 1).transactional);
    CHECK(nth(back, 2).key == "20240303000000_event_kinds.js");
  }
}

TEST_CASE("knex writer: every fixture reads back to the same schema after every migration",
          "[knex][writer]") {
  for (const auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    for (const auto& source : test::knex_writer_sources(dialect)) {
      INFO(source.name << " on " << model::to_string(dialect));
      test::TempDir dir;
      const auto files = knex::knex_adapter().write(source.project, dialect, dir.path() / "out");
      // Deterministic: a second conversion writes the same bytes.
      CHECK(knex::knex_project_files(source.project, dialect).size() == files.size());
      for (const auto& f : knex::knex_project_files(source.project, dialect))
        CHECK(read(dir.path() / "out" / f.path) == f.content);

      const auto written = load_written(dir.path() / "out", dialect);
      for (const auto& d : written.all_diagnostics()) UNSCOPED_INFO(model::format(d));
      CHECK_FALSE(model::has_errors(written.all_diagnostics()));
      REQUIRE(written.history.size() == source.project.history.size());
      for (std::size_t i = 0; i < written.history.size(); ++i)
        CHECK(nth(written, i).key ==
              knex::migration_file_name(source.project, i, nth(source.project, i)));

      const auto before = schema::replay_history(source.project.history, dialect);
      const auto after = schema::replay_history(written.history, dialect);
      for (const auto& d : after.diagnostics) UNSCOPED_INFO("written: " << model::format(d));
      CHECK(after.diagnostics.size() == before.diagnostics.size());
      CHECK(after.opaque_steps == before.opaque_steps);
      REQUIRE(after.migrations.size() == before.migrations.size());
      for (std::size_t i = 0; i < after.migrations.size(); ++i) {
        INFO("after " << nth(written, i).key);
        const auto differences =
            schema::compare(before.migrations[i].after, after.migrations[i].after);
        INFO(joined(differences));
        CHECK(differences.empty());

        // The down takes the written migration back to the schema before it, unless it stops.
        const auto& down = nth(written, i).down;
        REQUIRE(down.has_value());
        if (has_opaque(*down)) continue;
        const auto reverted = apply_script(after.migrations[i].after, *down, dialect);
        const auto back = schema::compare(before.migrations[i].before, reverted, {false});
        INFO("down: " << joined(back));
        CHECK(back.empty());
      }
    }
  }
}
