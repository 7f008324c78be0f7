// The Alembic writer: files laid out as `alembic init` and `alembic revision` write them, Python
// literals that say exactly what the model holds, and a written project that polymigrate's own
// Alembic reader reads back to the same history (same order, same op kinds, same schema).
#include "adapters/alembic/project_writer.hpp"

#include <catch2/catch.hpp>
#include <regex>

#include "adapters/alembic/alembic_adapter.hpp"
#include "alembic/writer_fixtures.hpp"
#include "schema/replay.hpp"
#include "sql/structured_script.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
using namespace pm::alembic;
namespace fs = std::filesystem;

namespace {

std::vector<const model::Migration*> in_order(const model::Project& project) {
  std::vector<const model::Migration*> out;
  for (std::size_t index : project.history.order())
    out.push_back(&project.history.migrations()[index]);
  return out;
}

// What a script does, step by step: op kinds (SQL the DDL reader reads counts as its ops),
// "sql" for other SQL, "opaque" for code nobody translated.
std::vector<std::string> step_kinds(const model::Script& script, model::Dialect dialect,
                                    const std::string& file) {
  std::vector<std::string> out;
  for (const auto& step : sql::structured_script(script, dialect, file)) {
    if (const auto* op = std::get_if<model::OpStep>(&step))
      out.push_back(model::op_name(op->op));
    else
      out.push_back(model::step_type(step));
  }
  return out;
}

bool outside_transaction(const model::Migration& m) {
  auto any = [](const model::Script& script) {
    for (const auto& step : script) {
      if (const auto* sql = std::get_if<model::SqlStep>(&step); sql && sql->no_transaction)
        return true;
      if (const auto* op = std::get_if<model::OpStep>(&step)) {
        if (const auto* c = std::get_if<model::CreateIndex>(&op->op); c && c->concurrently)
          return true;
        if (const auto* d = std::get_if<model::DropIndex>(&op->op); d && d->concurrently)
          return true;
      }
    }
    return false;
  };
  return any(m.up) || (m.down && any(*m.down));
}

const adapters::WrittenFile* file_named(const std::vector<adapters::WrittenFile>& files,
                                        const std::string& pattern) {
  const std::regex re(pattern);
  for (const auto& f : files)
    if (std::regex_match(f.path.generic_string(), re)) return &f;
  return nullptr;
}

model::Project one_migration_project(model::Migration m) {
  model::Project project;
  project.framework = "flyway";
  project.root = "/nonexistent/source";
  project.history = model::History({std::move(m)});
  return project;
}

}  // namespace

TEST_CASE("alembic writer: Python string literals are repr()'s, and hold any text",
          "[alembic][writer]") {
  CHECK(python_string("users") == "'users'");
  CHECK(python_string("it's") == "\"it's\"");
  CHECK(python_string("a\"b") == "'a\"b'");
  CHECK(python_string("both ' \"") == "'both \\' \"'");
  CHECK(python_string("back\\slash\nnl\ttab\x01\x7f") == "'back\\\\slash\\nnl\\ttab\\x01\\x7f'");
  // Non-ASCII stays readable; C1 controls and invisible characters are escaped.
  CHECK(python_string("caf\xc3\xa9 \xe2\x82\xac") == "'caf\xc3\xa9 \xe2\x82\xac'");
  CHECK(python_string("\xc2\x85") == "'\\x85'");
  CHECK(python_string("\xef\xbb\xbf-- x") == "'\\ufeff-- x'");
  CHECK(python_string("\xe2\x80\xae") == "'\\u202e'");
  CHECK_THROWS_AS(python_string("\xff"), std::invalid_argument);
  CHECK_THROWS_AS(python_string("\xc0\xaf"), std::invalid_argument);      // overlong '/'
  CHECK_THROWS_AS(python_string("\xed\xa0\x80"), std::invalid_argument);  // a surrogate
}

TEST_CASE("alembic writer: a colon SQLAlchemy would bind is escaped, casts are not",
          "[alembic][writer]") {
  CHECK(escape_bind_colons("SELECT 'a :b', x::text, '12:30', arr[1:2]") ==
        "SELECT 'a \\:b', x::text, '12:30', arr[1:2]");
  CHECK(escape_bind_colons(":start") == "\\:start");
  CHECK(escape_bind_colons(" :a: ") == " :a: ");  // (\w+)(?!:) does not match one letter + ':'
  CHECK(escape_bind_colons(" :ab: ") == " \\:ab: ");
  CHECK(escape_bind_colons("x := 1") == "x := 1");
}

TEST_CASE("alembic writer: slugs and new revision ids as Alembic makes them", "[alembic][writer]") {
  CHECK(revision_slug("add posts") == "add_posts");
  CHECK(revision_slug("index users.email") == "index_users_email");
  CHECK(revision_slug("o'clock / tags!!") == "o_clock_tags");
  CHECK(revision_slug("Create the users table, with a very long description here") ==
        "create_the_users_table_with_a_very_long_");
  CHECK(revision_slug("") == "");
  const std::string id = generated_revision_id("flyway", "1", 0);
  CHECK(std::regex_match(id, std::regex("[0-9a-f]{12}")));
  CHECK(generated_revision_id("flyway", "1", 0) == id);
  CHECK(generated_revision_id("flyway", "1.1", 1) != id);
  CHECK(generated_revision_id("prisma", "1", 0) != id);
}

TEST_CASE("alembic writer: alembic init's files, one revision per migration in a chain",
          "[alembic][writer]") {
  auto loaded = test::load_writer_fixture(test::writer_fixtures()[2], model::Dialect::sqlite);
  REQUIRE(loaded.project.framework == "flyway");
  const auto files = alembic_project_files(loaded.project, model::Dialect::sqlite);
  REQUIRE(files.size() == 4 + loaded.project.history.size());
  CHECK(files[0].path == "alembic.ini");
  CHECK(files[0].content.find("script_location = %(here)s/migrations\n") != std::string::npos);
  CHECK(files[0].content.find("sqlalchemy.url = sqlite:///polymigrate.db\n") != std::string::npos);
  CHECK(files[0].content.find("[logger_alembic]") != std::string::npos);
  CHECK(files[2].path == "migrations/env.py");
  CHECK(files[2].content.find("os.environ.get(\"DATABASE_URL\")") != std::string::npos);
  CHECK(files[2].content.find("get_x_argument(as_dictionary=True).get(\"url\")") !=
        std::string::npos);
  CHECK(files[3].path == "migrations/script.py.mako");
  CHECK(files[3].content.find("Revises: ${down_revision | comma,n}") != std::string::npos);

  // In apply order, each revising the one before.
  const auto order = in_order(loaded.project);
  std::string previous;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& file = files[4 + i];
    const std::string id = generated_revision_id("flyway", order[i]->key, i);
    INFO(file.path);
    CHECK(file.path.parent_path() == "migrations/versions");
    CHECK(file.path.filename().string() == id + "_" + revision_slug(order[i]->description) + ".py");
    CHECK(file.content.starts_with("\"\"\"" + order[i]->description + "\n\nRevision ID: " + id +
                                   "\nRevises: " + previous + "\nCreate Date: "));
    CHECK(file.content.find("\nrevision = '" + id + "'\n") != std::string::npos);
    CHECK(file.content.find("\ndown_revision = " +
                            (previous.empty() ? std::string("None") : "'" + previous + "'") +
                            "\n") != std::string::npos);
    CHECK(file.content.find("\nbranch_labels = None\ndepends_on = None\n") != std::string::npos);
    CHECK(file.content.find("\n\ndef upgrade() -> None:\n") != std::string::npos);
    CHECK(file.content.find("\n\ndef downgrade() -> None:\n") != std::string::npos);
    previous = id;
  }
  // Idiomatic calls: the first migration's table, and its undo file's drop_column.
  CHECK(files[4].content.find("    op.create_table(\n        'users',\n        sa.Column('id', "
                              "sa.Integer(), nullable=False, primary_key=True),\n") !=
        std::string::npos);
  CHECK(files[5].content.find("    op.add_column('users', sa.Column('email', "
                              "sa.String(length=255), nullable=True))\n") != std::string::npos);
  CHECK(files[5].content.find("    op.drop_column('users', 'email')\n") != std::string::npos);

  // Converting twice writes the same bytes.
  const auto again = alembic_project_files(loaded.project, model::Dialect::sqlite);
  REQUIRE(again.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    CHECK(again[i].path == files[i].path);
    CHECK(again[i].content == files[i].content);
  }
}

TEST_CASE("alembic writer: an Alembic project keeps its revisions, merges, labels, dependencies",
          "[alembic][writer]") {
  const auto source =
      alembic::alembic_adapter().load(test::source_path("fixtures/alembic/branched"), {});
  const auto files = alembic_project_files(source, model::Dialect::postgresql);
  const auto* merge = file_named(files, "migrations/versions/dd0000000001_.*\\.py");
  REQUIRE(merge);
  CHECK(merge->content.find("Revises: bb0000000001, cc0000000002\nCreate Date: 2024-02-01 "
                            "10:00:00.000000\n") != std::string::npos);
  CHECK(merge->content.find("down_revision = ('bb0000000001', 'cc0000000002')\n") !=
        std::string::npos);
  const auto* orders = file_named(files, "migrations/versions/bb0000000001_create_orders\\.py");
  REQUIRE(orders);
  CHECK(orders->content.find("branch_labels = ('orders',)\n") != std::string::npos);
  const auto* link = file_named(files, "migrations/versions/cc0000000002_.*\\.py");
  REQUIRE(link);
  CHECK(link->content.find("depends_on = 'orders'\n") != std::string::npos);
  CHECK(files[0].content.find("sqlalchemy.url = postgresql://user:pass@localhost/dbname\n") !=
        std::string::npos);
}

TEST_CASE("alembic writer: a rollback no one can know raises, saying why and where",
          "[alembic][writer]") {
  auto loaded = test::load_writer_fixture(test::writer_fixtures()[3], model::Dialect::sqlite);
  const auto files = alembic_project_files(loaded.project, model::Dialect::sqlite);
  const auto* seed = file_named(files, "migrations/versions/[0-9a-f]{12}_seed\\.py");
  REQUIRE(seed);
  const std::string down = seed->content.substr(seed->content.find("def downgrade()"));
  CHECK(down.find("    # polymigrate: no rollback can be generated for this migration:\n") !=
        std::string::npos);
  CHECK(down.find("PM320") != std::string::npos);
  CHECK(down.find("    raise RuntimeError(\"polymigrate: no rollback is known for migration 3: "
                  "sql/V3__seed.sql:1: error PM320: ") != std::string::npos);
  // The seed runs outside a transaction, as Flyway ran it (executeInTransaction=false).
  const std::string up = seed->content.substr(seed->content.find("def upgrade()"));
  CHECK(up.find("def upgrade() -> None:\n    with op.get_context().autocommit_block():\n        "
                "users_table = sa.table('users', sa.column('id'), sa.column('name'))\n        "
                "op.bulk_insert(users_table, [{'id': 1, 'name': 'ada'}])\n") != std::string::npos);
  // A generated rollback with its data-loss warning.
  const auto* users = file_named(files, "migrations/versions/[0-9a-f]{12}_create_users\\.py");
  REQUIRE(users);
  CHECK(users->content.find("    # polymigrate: the source has no down script; generated from the "
                            "schema replay.\n") != std::string::npos);
  CHECK(users->content.find("    op.drop_table('users')\n") != std::string::npos);
}

TEST_CASE("alembic writer: untranslated code is carried as comments, then raises",
          "[alembic][writer]") {
  model::Migration m;
  m.key = "20240101000000_backfill.js";
  m.description = "backfill";
  m.source.file = "migrations/20240101000000_backfill.js";
  m.up.push_back(model::OpaqueStep{"javascript",
                                   "for (const row of rows) {\n  await knex('t').insert(row);\n}",
                                   {m.source.file, 7, 9},
                                   "a loop"});
  m.down = model::Script{};
  const auto files = alembic_project_files(one_migration_project(m), model::Dialect::sqlite);
  REQUIRE(files.size() == 5);
  const std::string& text = files[4].content;
  INFO(text);
  CHECK(text.find("Create Date: 2024-01-01 00:00:00\n") != std::string::npos);
  CHECK(text.find("def upgrade() -> None:\n"
                  "    # polymigrate: untranslated javascript code from "
                  "migrations/20240101000000_backfill.js:7\n"
                  "    # (a loop):\n"
                  "    #     for (const row of rows) {\n"
                  "    #       await knex('t').insert(row);\n"
                  "    #     }\n"
                  "    raise RuntimeError('polymigrate: untranslated javascript code from "
                  "migrations/20240101000000_backfill.js:7: translate it by hand')\n"
                  "\n\ndef downgrade() -> None:\n    pass\n") != std::string::npos);
  // Read back: the raise is where the code was, and nothing else runs.
  test::TempDir dir;
  alembic::alembic_adapter().write(one_migration_project(m), model::Dialect::sqlite,
                                   dir.path() / "out");
  const auto back = alembic::alembic_adapter().load(dir.path() / "out", {});
  REQUIRE(back.history.size() == 1);
  const auto& up = back.history.migrations()[0].up;
  REQUIRE(up.size() == 1);
  REQUIRE(std::holds_alternative<model::OpaqueStep>(up[0]));
  CHECK(std::get<model::OpaqueStep>(up[0]).code.starts_with("raise RuntimeError("));
}

TEST_CASE("alembic writer: SQL with quotes, backslashes, newlines and non-ASCII reads back exactly",
          "[alembic][writer]") {
  const std::string sql =
      "INSERT INTO notes (body) VALUES ('it''s \\ \"quoted\" :bind caf\xc3\xa9\xe2\x80\xae')";
  model::Migration m;
  m.key = "1";
  m.description = "notes \"quoted\" \\ doc";
  m.source.file = "sql/V1__notes.sql";
  m.up.push_back(model::SqlStep{"CREATE TABLE notes (body TEXT);\n" + sql + ";\n" +
                                    "CREATE TRIGGER t AFTER INSERT ON notes BEGIN\n"
                                    "  SELECT 1;\nEND;\n",
                                1, false, false});
  m.down = model::Script{model::SqlStep{"DROP TABLE notes;", 1, false, false}};
  test::TempDir dir;
  alembic::alembic_adapter().write(one_migration_project(m), model::Dialect::sqlite,
                                   dir.path() / "out");
  const auto back = alembic::alembic_adapter().load(dir.path() / "out", {});
  REQUIRE_FALSE(model::has_errors(back.all_diagnostics()));
  REQUIRE(back.history.size() == 1);
  const auto& migration = back.history.migrations()[0];
  CHECK(migration.description == m.description);
  const auto& up = migration.up;
  REQUIRE(up.size() == 3);
  CHECK(std::holds_alternative<model::OpStep>(up[0]));
  // bulk_insert cannot bind the text exactly as SQL says it? It can: a plain literal.
  const auto* insert = std::get_if<model::OpStep>(&up[1]);
  REQUIRE(insert);
  const auto& rows = std::get<model::InsertRows>(insert->op).rows;
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "'it''s \\ \"quoted\" :bind caf\xc3\xa9\xe2\x80\xae'");
  const auto* trigger = std::get_if<model::SqlStep>(&up[2]);
  REQUIRE(trigger);
  CHECK(trigger->text == "CREATE TRIGGER t AFTER INSERT ON notes BEGIN\n  SELECT 1;\nEND");
}

TEST_CASE("alembic writer: what cannot be written names the file and line", "[alembic][writer]") {
  model::Migration m;
  m.key = "1";
  m.description = "bad";
  m.source.file = "sql/V1__bad.sql";
  m.up.push_back(model::SqlStep{"SELECT 1;\nSELECT '\xff';\n", 3, false, false});
  CHECK_THROWS_WITH(alembic_project_files(one_migration_project(m), model::Dialect::sqlite),
                    Catch::Contains("sql/V1__bad.sql:4:") && Catch::Contains("UTF-8"));
}

TEST_CASE("alembic writer: every fixture reads back as the same history", "[alembic][writer]") {
  for (const auto& fixture : test::writer_fixtures()) {
    for (const auto dialect : fixture.dialects) {
      INFO(fixture.path << " on " << model::to_string(dialect));
      const auto loaded = test::load_writer_fixture(fixture, dialect);
      test::TempDir dir;
      alembic::alembic_adapter().write(loaded.project, dialect, dir.path() / "out");
      const auto back = alembic::alembic_adapter().load(dir.path() / "out", {});
      for (const auto& d : back.all_diagnostics()) UNSCOPED_INFO(model::format(d));
      CHECK_FALSE(model::has_errors(back.all_diagnostics()));
      CHECK(back.config.dialect == dialect);

      model::Project as_run = loaded.project;  // on SQLite without a leading BOM
      as_run.history = test::as_the_database_runs_it(loaded.project.history, dialect);
      const auto a = in_order(as_run);
      const auto b = in_order(back);
      REQUIRE(a.size() == b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        INFO(a[i]->key << " -> " << b[i]->key << " (" << b[i]->source.file << ")");
        if (loaded.project.framework == "alembic") {
          CHECK(b[i]->key == a[i]->key);
          CHECK(b[i]->parents == a[i]->parents);
          CHECK(b[i]->branch_labels == a[i]->branch_labels);
          CHECK(b[i]->depends_on == a[i]->depends_on);
        } else {
          CHECK(b[i]->parents ==
                (i == 0 ? std::vector<std::string>{} : std::vector<std::string>{b[i - 1]->key}));
        }
        CHECK(b[i]->description == (a[i]->description.empty() ? a[i]->key : a[i]->description));
        // A step that must run outside a transaction goes into an autocommit block, which makes
        // the read-back migration non-transactional.
        CHECK(b[i]->transactional == (a[i]->transactional && !outside_transaction(*a[i])));
        CHECK(step_kinds(b[i]->up, dialect, b[i]->source.file) ==
              step_kinds(a[i]->up, dialect, a[i]->source.file));
        REQUIRE(b[i]->down.has_value());
        if (a[i]->down)
          CHECK(step_kinds(*b[i]->down, dialect, b[i]->source.file) ==
                step_kinds(*a[i]->down, dialect, a[i]->source.file));
      }
      const auto source_replay = schema::replay_history(
          test::as_the_database_runs_it(loaded.project.history, dialect), dialect);
      const auto written_replay = schema::replay_history(back.history, dialect);
      const auto differences =
          test::writer_differences(source_replay.state, written_replay.state, false);
      for (const auto& d : differences) UNSCOPED_INFO(d);
      CHECK(differences.empty());
    }
  }
}

TEST_CASE("alembic writer: what SQLite cannot ALTER goes through batch mode", "[alembic][writer]") {
  const auto files =
      alembic_project_files(test::idiom_project(model::Dialect::sqlite), model::Dialect::sqlite);
  const auto* links = file_named(files, "migrations/versions/[0-9a-f]{12}_links_.*\\.py");
  REQUIRE(links);
  INFO(links->content);
  // A column with a foreign key needs the move-and-copy; an unnamed constraint gets a name.
  // A column with a foreign key needs the move-and-copy, and batch mode needs its constraints
  // named; a default with ":x" in it is handed to batch mode as it is.
  CHECK(links->content.find(
            "    op.drop_index('accounts_email_lower', table_name='accounts')\n"
            "    with op.batch_alter_table(\n"
            "        'accounts',\n"
            "        recreate='always',\n"
            "        reflect_args=[\n"
            "            sa.Column('note', sa.Text(), server_default=sa.text(\"'caf\xc3\xa9 \\\\:x "
            "\\\\ it''s'\"), nullable=True),\n"
            "        ],\n"
            "    ) as batch_op:\n"
            "        batch_op.add_column(\n"
            "            sa.Column('referrer_id', sa.Integer(), sa.ForeignKey('accounts.id', "
            "ondelete='SET NULL', name='accounts_referrer_id_fkey'), nullable=True),\n"
            "        )\n"
            "    op.create_index('accounts_email_lower', 'accounts', [sa.text('lower(email)')], "
            "unique=True)\n") != std::string::npos);
  CHECK(links->content.find("    with op.batch_alter_table('orders') as batch_op:\n"
                            "        batch_op.create_foreign_key(\n") != std::string::npos);
  CHECK(links->content.find("    # polymigrate: batch mode needs a name for this constraint; the "
                            "source gave none\n") != std::string::npos);
  CHECK(links->content.find("    # polymigrate: batch mode's copy loses expression indexes "
                            "(SQLAlchemy does not reflect them):\n    # dropped here, made again "
                            "after the block\n    op.drop_index('accounts_email_lower', "
                            "table_name='accounts')\n    with op.batch_alter_table(\n") !=
        std::string::npos);
  CHECK(links->content.find("    ) as batch_op:\n        batch_op.create_unique_constraint("
                            "'accounts_status_email_key', ['status', 'email'])\n") !=
        std::string::npos);
  // The rollback drops it by the name the writer gave it.
  CHECK(links->content.find("        batch_op.drop_constraint('accounts_status_email_key', "
                            "type_='unique')\n") != std::string::npos);
  const auto* reshape = file_named(files, "migrations/versions/[0-9a-f]{12}_reshape_.*\\.py");
  REQUIRE(reshape);
  INFO(reshape->content);
  // Consecutive ops on one table share one batch; the dropped column's index goes first.
  CHECK(reshape->content.find(
            "    with op.batch_alter_table('orders') as batch_op:\n"
            "        batch_op.alter_column(\n"
            "            'total',\n"
            "            nullable=True,\n"
            "            server_default=None,\n"
            "            type_=sa.Numeric(precision=12, scale=2),\n"
            "            existing_type=sa.Numeric(precision=10, scale=2),\n"
            "            existing_nullable=False,\n"
            "            existing_server_default=sa.text('0'),\n"
            "        )\n"
            "    op.alter_column('accounts', 'note', new_column_name='remark', "
            "existing_type=sa.Text())\n"
            "    with op.batch_alter_table('orders') as batch_op:\n"
            "        batch_op.drop_index('orders_placed_at_idx')\n"
            "        batch_op.drop_column('placed_at')\n"
            "        batch_op.drop_constraint('orders_account_fk', type_='foreignkey')\n"
            "    op.rename_table('orders', 'purchases')\n") != std::string::npos);
  const auto* accounts = file_named(files, "migrations/versions/[0-9a-f]{12}_accounts_.*\\.py");
  REQUIRE(accounts);
  INFO(accounts->content);
  CHECK(accounts->content.find("sa.Column('note', sa.Text(), server_default=sa.text(\"'caf\xc3\xa9 "
                               "\\\\:x \\\\ it''s'\"), nullable=True)") != std::string::npos);
  CHECK(accounts->content.find("sa.Column('score', sa.Integer(), sa.CheckConstraint(sa.text('score "
                               ">= 0')), nullable=True)") != std::string::npos);
  CHECK(accounts->content.find("op.create_index('orders_total_idx', 'orders', ['total'], "
                               "sqlite_where=sa.text('total > 0'))") != std::string::npos);
  CHECK(accounts->content.find("op.create_index('accounts_email_lower', 'accounts', "
                               "[sa.text('lower(email)')], unique=True)") != std::string::npos);
  CHECK(accounts->content.find("op.execute(sa.text('CREATE VIEW \"status_labels\" AS SELECT "
                               "\\'a \\\\:b\\' AS label'))") != std::string::npos);
}

TEST_CASE("alembic writer: PostgreSQL's own idioms", "[alembic][writer]") {
  const auto files = alembic_project_files(test::idiom_project(model::Dialect::postgresql),
                                           model::Dialect::postgresql);
  const auto* accounts = file_named(files, "migrations/versions/[0-9a-f]{12}_accounts_.*\\.py");
  REQUIRE(accounts);
  INFO(accounts->content);
  // The auto-numbered key is left to SQLAlchemy (SERIAL); the other one is told not to be.
  CHECK(accounts->content.find("sa.Column('id', sa.Integer(), nullable=False, primary_key=True)") !=
        std::string::npos);
  CHECK(accounts->content.find("sa.Column('id', sa.Integer(), autoincrement=False, "
                               "nullable=False, primary_key=True)") != std::string::npos);
  CHECK(accounts->content.find("postgresql_where=sa.text('total > 0')") != std::string::npos);
  const auto* links = file_named(files, "migrations/versions/[0-9a-f]{12}_links_.*\\.py");
  REQUIRE(links);
  INFO(links->content);
  CHECK(links->content.find("    op.create_unique_constraint(None, 'accounts', ['status', "
                            "'email'])\n") != std::string::npos);
  const auto* moods = file_named(files, "migrations/versions/[0-9a-f]{12}_moods\\.py");
  REQUIRE(moods);
  INFO(moods->content);
  CHECK(moods->content.find("from sqlalchemy.dialects import postgresql\n") != std::string::npos);
  CHECK(moods->content.find("    # polymigrate: create_enum as SQL: Alembic creates enum types "
                            "only with the tables that use\n    # them\n    op.execute(sa.text("
                            "'CREATE TYPE \"mood\" AS ENUM (\\'happy\\', \\'sad\\')'))\n") !=
        std::string::npos);
  CHECK(moods->content.find("sa.Column('mood', postgresql.ENUM('happy', 'sad', name='mood', "
                            "create_type=False), nullable=True)") != std::string::npos);
  const auto* index = file_named(files, "migrations/versions/[0-9a-f]{12}_index_concurrently\\.py");
  REQUIRE(index);
  INFO(index->content);
  CHECK(index->content.find("def upgrade() -> None:\n    with op.get_context().autocommit_block():"
                            "\n        op.create_index('accounts_mood_idx', 'accounts', ['mood'], "
                            "postgresql_concurrently=True)\n") != std::string::npos);
  // Alembic's advice for autocommit blocks: a transaction per migration.
  CHECK(files[2].content.find("transaction_per_migration=True,") != std::string::npos);
}

TEST_CASE("alembic writer: the idioms history reads back as itself", "[alembic][writer]") {
  for (const auto dialect : {model::Dialect::sqlite, model::Dialect::postgresql}) {
    INFO(model::to_string(dialect));
    const auto source = test::idiom_project(dialect);
    test::TempDir dir;
    alembic::alembic_adapter().write(source, dialect, dir.path() / "out");
    const auto back = alembic::alembic_adapter().load(dir.path() / "out", {});
    for (const auto& d : back.all_diagnostics()) UNSCOPED_INFO(model::format(d));
    CHECK(back.all_diagnostics().empty());
    const auto a = in_order(source);
    const auto b = in_order(back);
    REQUIRE(a.size() == b.size());
    // On SQLite the written history also drops the indexes of a column batch mode drops, and
    // drops and makes again the expression indexes around a batch block.
    auto kinds = [&](const model::Migration& m) {
      auto out = step_kinds(m.up, dialect, m.source.file);
      if (dialect == model::Dialect::sqlite)
        std::erase_if(out, [](const std::string& k) { return k.ends_with("_index"); });
      return out;
    };
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO(a[i]->key);
      CHECK(kinds(*b[i]) == kinds(*a[i]));
    }
    const auto differences =
        test::writer_differences(schema::replay_history(source.history, dialect).state,
                                 schema::replay_history(back.history, dialect).state, false);
    for (const auto& d : differences) UNSCOPED_INFO(d);
    CHECK(differences.empty());
    // The transaction per migration polymigrate reads from env.py.
    CHECK(alembic::alembic_adapter().run_policy(back, dialect).scope ==
          adapters::TransactionScope::per_migration);
  }
}
