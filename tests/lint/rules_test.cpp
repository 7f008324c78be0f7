// Every lint rule, in every framework whose syntax can express it, on a positive migration (the
// rule fires) and a negative one (the safe form, or the same change on a table the migration
// creates itself: the rule stays quiet and the migration is still read, not unknown).
#include <catch2/catch.hpp>

#include "lint/lint_projects.hpp"
#include "lint/rule_catalogue.hpp"

using pm::model::Dialect;
namespace lint = pm::lint;
namespace test = pm::test;

namespace {

constexpr Dialect PG = Dialect::postgresql;
constexpr Dialect LITE = Dialect::sqlite;

std::string sql_base(Dialect dialect) {
  std::string base =
      "CREATE TABLE users (id integer PRIMARY KEY, email varchar(50), name text NOT NULL, "
      "status text);\n"
      "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer);\n"
      "CREATE INDEX orders_user_idx ON orders (user_id);\n"
      "CREATE TABLE events (id integer NOT NULL, note text);\n";
  if (dialect == PG) base += "CREATE TYPE mood AS ENUM ('ok', 'sad');\n";
  return base;
}

std::string alembic_base(Dialect dialect) {
  std::string base =
      "op.create_table(\"users\", sa.Column(\"id\", sa.Integer(), primary_key=True), "
      "sa.Column(\"email\", sa.String(50)), sa.Column(\"name\", sa.Text(), nullable=False), "
      "sa.Column(\"status\", sa.Text()))\n"
      "op.create_table(\"orders\", sa.Column(\"id\", sa.Integer(), primary_key=True), "
      "sa.Column(\"user_id\", sa.Integer()))\n"
      "op.create_index(\"orders_user_idx\", \"orders\", [\"user_id\"])\n"
      "op.create_table(\"events\", sa.Column(\"id\", sa.Integer(), nullable=False), "
      "sa.Column(\"note\", sa.Text()))";
  if (dialect == PG) base += "\nop.execute(\"CREATE TYPE mood AS ENUM ('ok', 'sad')\")";
  return base;
}

std::string knex_base(Dialect dialect) {
  std::string base =
      "  await knex.schema.createTable('users', (t) => { t.integer('id').primary(); "
      "t.string('email', 50); t.text('name').notNullable(); t.text('status'); });\n"
      "  await knex.schema.createTable('orders', (t) => { t.integer('id').primary(); "
      "t.integer('user_id'); t.index(['user_id'], 'orders_user_idx'); });\n"
      "  await knex.schema.createTable('events', (t) => { t.integer('id').notNullable(); "
      "t.text('note'); });";
  if (dialect == PG) base += "\n  await knex.raw(\"CREATE TYPE mood AS ENUM ('ok', 'sad')\");";
  return base;
}

std::string base_for(const std::string& framework, Dialect dialect) {
  if (framework == "alembic") return alembic_base(dialect);
  if (framework == "knex") return knex_base(dialect);
  return sql_base(dialect);
}

struct RuleCase {
  std::string rule;
  std::string framework;  // flyway, prisma, alembic, knex
  Dialect dialect;
  std::string positive;
  std::string negative;
  std::vector<std::string> negative_before;  // migrations between the base and the negative one
  std::map<std::string, std::string> positive_files;
};

std::vector<RuleCase> cases() {
  std::vector<RuleCase> all;
  // `sql` cases run for Flyway and Prisma alike.
  auto sql = [&](std::string rule, Dialect d, std::string pos, std::string neg,
                 std::vector<std::string> before = {}) {
    for (const char* fw : {"flyway", "prisma"}) all.push_back({rule, fw, d, pos, neg, before, {}});
  };
  auto alembic = [&](std::string rule, Dialect d, std::string pos, std::string neg,
                     std::vector<std::string> before = {}) {
    all.push_back({rule, "alembic", d, pos, neg, before, {}});
  };
  auto knex = [&](std::string rule, Dialect d, std::string pos, std::string neg,
                  std::vector<std::string> before = {}) {
    all.push_back({rule, "knex", d, pos, neg, before, {}});
  };
  const std::string lock = "SET lock_timeout = '2s';\n";
  const std::string py_lock = "op.execute(\"SET lock_timeout = '2s'\")\n";
  const std::string js_lock = "  await knex.raw(\"SET lock_timeout = '2s'\");\n";

  for (Dialect d : {PG, LITE}) {
    // PM500 unreadable-statement
    sql("PM500", d,
        d == PG ? "CREATE EXTENSION IF NOT EXISTS pgcrypto;"
                : "CREATE TRIGGER users_touch AFTER INSERT ON users BEGIN SELECT 1; END;",
        "SELECT 1;");
    alembic("PM500", d, "conn = op.get_bind()\nconn.execute(sa.text(\"SELECT 1\"))",
            "op.execute(\"SELECT 1\")");
    knex("PM500", d, "  console.log(await knex.select('id').from('users'));",
         "  await knex.raw('SELECT 1');");

    // PM501 drop-table
    sql("PM501", d, "DROP TABLE orders;", "CREATE TABLE tmp (id integer);\nDROP TABLE tmp;");
    alembic("PM501", d, "op.drop_table(\"orders\")",
            "op.create_table(\"tmp\", sa.Column(\"id\", sa.Integer()))\nop.drop_table(\"tmp\")");
    knex("PM501", d, "  await knex.schema.dropTable('orders');",
         "  await knex.schema.createTable('tmp', (t) => { t.integer('id'); });\n"
         "  await knex.schema.dropTable('tmp');");

    // PM502 drop-column
    sql("PM502", d, "ALTER TABLE users DROP COLUMN status;",
        "ALTER TABLE users ADD COLUMN tmp text;\nALTER TABLE users DROP COLUMN tmp;");
    alembic("PM502", d, "op.drop_column(\"users\", \"status\")",
            "op.add_column(\"users\", sa.Column(\"tmp\", sa.Text()))\n"
            "op.drop_column(\"users\", \"tmp\")");
    knex("PM502", d, "  await knex.schema.alterTable('users', (t) => { t.dropColumn('status'); });",
         "  await knex.schema.createTable('tmp', (t) => { t.integer('id'); t.text('x'); });\n"
         "  await knex.schema.alterTable('tmp', (t) => { t.dropColumn('x'); });");

    // PM503 rename-table
    sql("PM503", d, "ALTER TABLE orders RENAME TO purchases;",
        "CREATE TABLE tmp (id integer);\nALTER TABLE tmp RENAME TO tmp2;");
    alembic("PM503", d, "op.rename_table(\"orders\", \"purchases\")",
            "op.create_table(\"tmp\", sa.Column(\"id\", sa.Integer()))\n"
            "op.rename_table(\"tmp\", \"tmp2\")");
    knex("PM503", d, "  await knex.schema.renameTable('orders', 'purchases');",
         "  await knex.schema.createTable('tmp', (t) => { t.integer('id'); });\n"
         "  await knex.schema.renameTable('tmp', 'tmp2');");

    // PM504 rename-column
    sql("PM504", d, "ALTER TABLE users RENAME COLUMN status TO state;",
        "CREATE TABLE tmp (id integer, x text);\nALTER TABLE tmp RENAME COLUMN x TO y;");
    alembic("PM504", d, "op.alter_column(\"users\", \"status\", new_column_name=\"state\")",
            "op.add_column(\"users\", sa.Column(\"tmp\", sa.Text()))\n"
            "op.alter_column(\"users\", \"tmp\", new_column_name=\"tmp2\")");
    knex("PM504", d,
         "  await knex.schema.alterTable('users', (t) => { t.renameColumn('status', 'state'); });",
         "  await knex.schema.createTable('tmp', (t) => { t.integer('id'); t.text('x'); });\n"
         "  await knex.schema.alterTable('tmp', (t) => { t.renameColumn('x', 'y'); });");

    // PM505 change-column-type (SQLite's SQL has no ALTER COLUMN: code frameworks only there)
    if (d == PG)
      sql("PM505", d, "ALTER TABLE orders ALTER COLUMN user_id TYPE bigint;",
          "ALTER TABLE users ALTER COLUMN email TYPE varchar(100);");
    alembic("PM505", d, "op.alter_column(\"orders\", \"user_id\", type_=sa.BigInteger())",
            d == PG ? "op.alter_column(\"users\", \"email\", type_=sa.String(100))"
                    : "op.create_table(\"tmp\", sa.Column(\"x\", sa.Integer()))\n"
                      "op.alter_column(\"tmp\", \"x\", type_=sa.BigInteger())");
    knex("PM505", d,
         "  await knex.schema.alterTable('orders', (t) => { t.bigInteger('user_id').alter(); });",
         d == PG
             ? "  await knex.schema.alterTable('users', (t) => { t.string('email', 100).alter(); "
               "});"
             : "  await knex.schema.createTable('tmp', (t) => { t.integer('x'); });\n"
               "  await knex.schema.alterTable('tmp', (t) => { t.bigInteger('x').alter(); });");

    // PM506 set-not-null
    const std::vector<std::string> sql_checked = {
        "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;",
        "ALTER TABLE users VALIDATE CONSTRAINT email_nn;"};
    if (d == PG)
      sql("PM506", d, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
          lock + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", sql_checked);
    alembic("PM506", d, "op.alter_column(\"users\", \"email\", nullable=False)",
            d == PG ? py_lock + "op.alter_column(\"users\", \"email\", nullable=False)"
                    : "op.add_column(\"users\", sa.Column(\"tmp\", sa.Text()))\n"
                      "op.create_table(\"tmp\", sa.Column(\"x\", sa.Integer()))\n"
                      "op.alter_column(\"tmp\", \"x\", nullable=False)",
            d == PG ? std::vector<std::string>{"op.execute(\"" + sql_checked[0] + "\")",
                                               "op.execute(\"" + sql_checked[1] + "\")"}
                    : std::vector<std::string>{});
    knex("PM506", d,
         "  await knex.schema.alterTable('users', (t) => { t.dropNullable('email'); });",
         d == PG ? js_lock +
                       "  await knex.schema.alterTable('users', (t) => { t.dropNullable('email'); "
                       "});"
                 : "  await knex.schema.createTable('tmp', (t) => { t.integer('x'); });\n"
                   "  await knex.schema.alterTable('tmp', (t) => { t.dropNullable('x'); });",
         d == PG ? std::vector<std::string>{"  await knex.raw('" + sql_checked[0] + "');",
                                            "  await knex.raw('" + sql_checked[1] + "');"}
                 : std::vector<std::string>{});

    // PM507 add-required-column
    sql("PM507", d, "ALTER TABLE users ADD COLUMN age integer NOT NULL;",
        "ALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0;");
    alembic("PM507", d,
            "op.add_column(\"users\", sa.Column(\"age\", sa.Integer(), nullable=False))",
            "op.add_column(\"users\", sa.Column(\"age\", sa.Integer(), nullable=False, "
            "server_default=\"0\"))");
    knex("PM507", d,
         "  await knex.schema.alterTable('users', (t) => { t.integer('age').notNullable(); });",
         "  await knex.schema.alterTable('users', (t) => { "
         "t.integer('age').notNullable().defaultTo(0); });");

    // PM508 volatile-default
    if (d == PG) {
      sql("PM508", d, "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
          "ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();");
      alembic("PM508", d,
              "op.add_column(\"users\", sa.Column(\"token\", sa.Uuid(), "
              "server_default=sa.text(\"gen_random_uuid()\")))",
              "op.add_column(\"users\", sa.Column(\"created_at\", sa.DateTime(timezone=True), "
              "server_default=sa.text(\"now()\")))");
      knex("PM508", d,
           "  await knex.schema.alterTable('users', (t) => { "
           "t.uuid('token').defaultTo(knex.raw('gen_random_uuid()')); });",
           "  await knex.schema.alterTable('users', (t) => { "
           "t.timestamp('created_at').defaultTo(knex.fn.now()); });");
    } else {
      sql("PM508", d, "ALTER TABLE users ADD COLUMN created_at text DEFAULT CURRENT_TIMESTAMP;",
          "ALTER TABLE users ADD COLUMN created_at text DEFAULT 'never';");
      alembic("PM508", d,
              "op.add_column(\"users\", sa.Column(\"created_at\", sa.Text(), "
              "server_default=sa.text(\"CURRENT_TIMESTAMP\")))",
              "op.add_column(\"users\", sa.Column(\"created_at\", sa.Text(), "
              "server_default=\"never\"))");
      knex("PM508", d,
           "  await knex.schema.alterTable('users', (t) => { "
           "t.timestamp('created_at').defaultTo(knex.fn.now()); });",
           "  await knex.schema.alterTable('users', (t) => { "
           "t.text('created_at').defaultTo('never'); });");
    }

    // PM515 add-primary-key
    if (d == PG) {
      sql("PM515", d, "ALTER TABLE events ADD PRIMARY KEY (id);",
          "ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;");
    }
    alembic("PM515", d, "op.create_primary_key(\"events_pkey\", \"events\", [\"id\"])",
            d == PG ? "op.execute(\"ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY "
                      "USING INDEX events_id_idx\")"
                    : "op.create_table(\"tmp\", sa.Column(\"id\", sa.Integer(), nullable=False))\n"
                      "op.create_primary_key(\"tmp_pkey\", \"tmp\", [\"id\"])");
    knex("PM515", d, "  await knex.schema.alterTable('events', (t) => { t.primary(['id']); });",
         d == PG ? "  await knex.raw('ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY "
                   "USING INDEX events_id_idx');"
                 : "  await knex.schema.createTable('tmp', (t) => { t.integer('id'); });\n"
                   "  await knex.schema.alterTable('tmp', (t) => { t.primary(['id']); });");
  }

  // PostgreSQL only: indexes, NOT VALID constraints, enums, backfills, lock_timeout.
  sql("PM509", PG, "CREATE INDEX users_email_idx ON users (email);",
      "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);");
  alembic("PM509", PG, "op.create_index(\"users_email_idx\", \"users\", [\"email\"])",
          "with op.get_context().autocommit_block():\n"
          "    op.create_index(\"users_email_idx\", \"users\", [\"email\"], "
          "postgresql_concurrently=True)");
  knex("PM509", PG,
       "  await knex.schema.alterTable('users', (t) => { t.index(['email'], 'users_email_idx'); "
       "});",
       "exports.config = { transaction: false };\nexports.up = async function (knex) {\n"
       "  await knex.raw('CREATE INDEX CONCURRENTLY users_email_idx ON users (email)');\n};\n"
       "exports.down = async function () {};\n");

  sql("PM510", PG, "DROP INDEX orders_user_idx;", "DROP INDEX CONCURRENTLY orders_user_idx;");
  alembic("PM510", PG, "op.drop_index(\"orders_user_idx\", table_name=\"orders\")",
          "with op.get_context().autocommit_block():\n"
          "    op.drop_index(\"orders_user_idx\", table_name=\"orders\", "
          "postgresql_concurrently=True)");
  knex("PM510", PG,
       "  await knex.schema.alterTable('orders', (t) => { t.dropIndex(['user_id'], "
       "'orders_user_idx'); });",
       "exports.config = { transaction: false };\nexports.up = async function (knex) {\n"
       "  await knex.raw('DROP INDEX CONCURRENTLY orders_user_idx');\n};\n"
       "exports.down = async function () {};\n");

  // PM511: Flyway runs a lone CONCURRENTLY outside a transaction unless its .conf says
  // otherwise; Prisma's multi-statement file is one implicit transaction.
  all.push_back({"PM511",
                 "flyway",
                 PG,
                 "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
                 "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
                 {},
                 {{"sql/V2__m02.sql.conf", "executeInTransaction=true\n"}}});
  all.push_back({"PM511",
                 "prisma",
                 PG,
                 "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"
                 "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);",
                 "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
                 {},
                 {}});
  alembic("PM511", PG,
          "op.create_index(\"users_email_idx\", \"users\", [\"email\"], "
          "postgresql_concurrently=True)",
          "with op.get_context().autocommit_block():\n"
          "    op.create_index(\"users_email_idx\", \"users\", [\"email\"], "
          "postgresql_concurrently=True)");
  knex("PM511", PG,
       "  await knex.raw('CREATE INDEX CONCURRENTLY users_email_idx ON users (email)');",
       "exports.config = { transaction: false };\nexports.up = async function (knex) {\n"
       "  await knex.raw('CREATE INDEX CONCURRENTLY users_email_idx ON users (email)');\n};\n"
       "exports.down = async function () {};\n");

  const std::string fk_not_valid =
      "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users "
      "(id) NOT VALID";
  sql("PM512", PG,
      "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users "
      "(id);",
      fk_not_valid + ";");
  // NOT VALID and VALIDATE in one transaction: the ADD's lock lasts for the whole scan.
  sql("PM512", PG, fk_not_valid + ";\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
      "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;", {fk_not_valid + ";"});
  alembic("PM512", PG,
          "op.create_foreign_key(\"orders_user_fk\", \"orders\", \"users\", [\"user_id\"], "
          "[\"id\"])",
          "op.execute(\"" + fk_not_valid + "\")");
  knex("PM512", PG,
       "  await knex.schema.alterTable('orders', (t) => { t.foreign('user_id', "
       "'orders_user_fk').references('users.id'); });",
       "  await knex.raw('" + fk_not_valid + "');");

  sql("PM513", PG, "ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) > 0);",
      "ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) > 0) NOT VALID;");
  alembic("PM513", PG, "op.create_check_constraint(\"name_len\", \"users\", \"length(name) > 0\")",
          "op.execute(\"ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) > 0) NOT "
          "VALID\")");
  knex("PM513", PG,
       "  await knex.schema.alterTable('users', (t) => { t.check('length(name) > 0', undefined, "
       "'name_len'); });",
       "  await knex.raw('ALTER TABLE users ADD CONSTRAINT name_len CHECK (length(name) > 0) NOT "
       "VALID');");

  const std::string unique_using =
      "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx";
  sql("PM514", PG, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
      unique_using + ";");
  alembic("PM514", PG, "op.create_unique_constraint(\"users_email_key\", \"users\", [\"email\"])",
          "op.execute(\"" + unique_using + "\")");
  knex("PM514", PG,
       "  await knex.schema.alterTable('users', (t) => { t.unique(['email'], { indexName: "
       "'users_email_key', useConstraint: true }); });",
       "  await knex.raw('" + unique_using + "');");

  sql("PM516", PG, "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';",
      "ALTER TYPE mood ADD VALUE 'happy';");
  alembic("PM516", PG, "op.execute(\"ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy'\")",
          "op.execute(\"ALTER TYPE mood ADD VALUE 'happy'\")");
  knex("PM516", PG, "  await knex.raw(\"ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy'\");",
       "  await knex.raw(\"ALTER TYPE mood ADD VALUE 'happy'\");");

  sql("PM517", PG, "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad';",
      "ALTER TYPE mood ADD VALUE 'meh';");
  alembic("PM517", PG, "op.execute(\"ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok'\")",
          "op.execute(\"ALTER TYPE mood ADD VALUE 'meh'\")");
  knex("PM517", PG, "  await knex.raw(\"ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad'\");",
       "  await knex.raw(\"ALTER TYPE mood ADD VALUE 'meh'\");");

  sql("PM518", PG, "ALTER TABLE users ADD COLUMN age integer;\nUPDATE users SET age = 0;",
      "UPDATE users SET status = 'active' WHERE id < 1000;");
  alembic("PM518", PG,
          "op.add_column(\"users\", sa.Column(\"age\", sa.Integer()))\n"
          "op.execute(\"UPDATE users SET age = 0\")",
          "op.execute(\"UPDATE users SET status = 'active' WHERE id < 1000\")");
  knex("PM518", PG,
       "  await knex.schema.alterTable('users', (t) => { t.integer('age'); });\n"
       "  await knex.raw('UPDATE users SET age = 0');",
       "  await knex.raw(\"UPDATE users SET status = 'active' WHERE id < 1000\");");

  sql("PM519", PG, "ALTER TABLE users ADD COLUMN age integer;",
      lock + "ALTER TABLE users ADD COLUMN age integer;");
  alembic("PM519", PG, "op.add_column(\"users\", sa.Column(\"age\", sa.Integer()))",
          py_lock + "op.add_column(\"users\", sa.Column(\"age\", sa.Integer()))");
  knex("PM519", PG, "  await knex.schema.alterTable('users', (t) => { t.integer('age'); });",
       js_lock + "  await knex.schema.alterTable('users', (t) => { t.integer('age'); });");

  // PM521 drop-view: a view made earlier, or in the same migration (nothing uses it yet).
  const std::string view = "CREATE VIEW active_users AS SELECT id FROM users;";
  for (Dialect d : {PG, LITE}) {
    sql("PM521", d, "DROP VIEW active_users;",
        "CREATE VIEW tmp_v AS SELECT id FROM users;\nDROP VIEW tmp_v;", {view});
    alembic("PM521", d, "op.execute(\"DROP VIEW active_users\")",
            "op.execute(\"CREATE VIEW tmp_v AS SELECT id FROM users\")\n"
            "op.execute(\"DROP VIEW tmp_v\")",
            {"op.execute(\"" + view + "\")"});
    knex("PM521", d, "  await knex.raw('DROP VIEW active_users');",
         "  await knex.raw('CREATE VIEW tmp_v AS SELECT id FROM users');\n"
         "  await knex.raw('DROP VIEW tmp_v');",
         {"  await knex.raw('" + view + "');"});
  }
  // PM522 drop-type
  sql("PM522", PG, "DROP TYPE mood;", "CREATE TYPE tmp_t AS ENUM ('a');\nDROP TYPE tmp_t;");
  alembic("PM522", PG, "op.execute(\"DROP TYPE mood\")",
          "op.execute(\"CREATE TYPE tmp_t AS ENUM ('a')\")\nop.execute(\"DROP TYPE tmp_t\")");
  knex("PM522", PG, "  await knex.raw('DROP TYPE mood');",
       "  await knex.raw(\"CREATE TYPE tmp_t AS ENUM ('a')\");\n"
       "  await knex.raw('DROP TYPE tmp_t');");

  // SQLite only: what it can change only by copying the table.
  sql("PM520", LITE,
      "CREATE TABLE new_users (id integer PRIMARY KEY, email varchar(50), name text NOT NULL, "
      "status text DEFAULT 'x');\n"
      "INSERT INTO new_users SELECT id, email, name, status FROM users;\n"
      "DROP TABLE users;\n"
      "ALTER TABLE new_users RENAME TO users;",
      "ALTER TABLE users ADD COLUMN age integer;");
  alembic("PM520", LITE, "op.alter_column(\"users\", \"status\", server_default=\"x\")",
          "op.add_column(\"users\", sa.Column(\"age\", sa.Integer()))");
  knex("PM520", LITE,
       "  await knex.schema.alterTable('orders', (t) => { "
       "t.foreign('user_id').references('users.id'); });",
       "  await knex.schema.alterTable('users', (t) => { t.integer('age'); });");
  return all;
}

std::string describe(const RuleCase& c, bool positive) {
  return c.rule + " " + c.framework + " " + pm::model::to_string(c.dialect) +
         (positive ? " positive" : " negative");
}

bool has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

TEST_CASE("every rule fires on its positive fixture and stays quiet on its negative one",
          "[lint]") {
  std::set<std::string> covered;
  for (const RuleCase& c : cases()) {
    const std::string base = base_for(c.framework, c.dialect);
    {
      INFO(describe(c, true) << "\n" << c.positive);
      test::LintProjectSpec spec{c.framework, c.dialect, {base, c.positive}, c.positive_files};
      auto result = test::lint_spec(spec);
      REQUIRE(result.migrations.size() == 2);
      CHECK(result.migrations[0].findings.empty());
      const auto found = test::codes(result.migrations[1]);
      CHECK(has(found, c.rule));
      const auto& rule = lint::rule(c.rule);
      if (rule.severity == pm::model::Severity::error)
        CHECK(result.migrations[1].classification == lint::Classification::breaking);
      for (const auto& finding : result.migrations[1].findings) {
        if (finding.diagnostic.code != c.rule) continue;
        CHECK(finding.diagnostic.line > 0);
        CHECK(finding.diagnostic.file == result.migrations[1].file);
        CHECK_FALSE(finding.recipe.empty());
      }
    }
    {
      INFO(describe(c, false) << "\n" << c.negative);
      test::LintProjectSpec spec{c.framework, c.dialect, {base}, {}};
      for (const auto& before : c.negative_before) spec.migrations.push_back(before);
      spec.migrations.push_back(c.negative);
      auto result = test::lint_spec(spec);
      const auto found = test::codes(result.migrations.back());
      CHECK_FALSE(has(found, c.rule));
      if (c.rule != "PM500") CHECK_FALSE(has(found, "PM500"));
    }
    covered.insert(c.rule + " " + c.framework);
  }
  // Every rule has its pair in every framework (PM520 and the SQLite-only shapes aside, each
  // framework can write each rule on at least one dialect).
  for (const auto& rule : lint::rule_catalogue()) {
    for (const char* framework : {"flyway", "prisma", "alembic", "knex"}) {
      INFO(rule.code << " " << framework);
      CHECK(covered.count(std::string(rule.code) + " " + framework));
    }
  }
}
