// knex.schema chains become model ops rendered as Knex writes them; everything else is Opaque.
// Expected SQL strings are what Knex 3.3.0's toSQL() printed for the same builder code.
#include <catch2/catch.hpp>

#include "adapters/knex/knex_sql.hpp"
#include "adapters/knex/migration_module.hpp"

using namespace pm;
using namespace pm::knex;

namespace {

struct Read {
  MigrationModule module;
  model::Diagnostics diagnostics;
};

Read read(const std::string& source, const std::string& name = "1_m.js") {
  Read r;
  r.module = read_migration_module(source, "migrations/" + name, name, {}, r.diagnostics);
  return r;
}

model::Script up_of(const std::string& body) {
  auto r =
      read("exports.up = async function (knex) {\n" + body + "\n};\nexports.down = () => {};\n");
  REQUIRE(r.module.up.has_value());
  return r.module.up->script;
}

std::vector<std::string> sql_of(const model::Script& script, model::Dialect dialect) {
  std::vector<std::string> out;
  for (const auto& step : script) {
    if (const auto* op = std::get_if<model::OpStep>(&step)) {
      for (auto& s : render_knex(op->op, dialect)) out.push_back(s);
    } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
      out.push_back(sql->text);
    } else {
      out.push_back("OPAQUE: " + std::get<model::OpaqueStep>(step).reason);
    }
  }
  return out;
}

const model::OpaqueStep& opaque_at(const model::Script& script, std::size_t i) {
  REQUIRE(i < script.size());
  const auto* step = std::get_if<model::OpaqueStep>(&script[i]);
  REQUIRE(step);
  return *step;
}

}  // namespace

TEST_CASE("createTable with types, modifiers, unique, index and a foreign key", "[knex]") {
  auto script = up_of(
      "  await knex.schema.createTable('users', t => {\n"
      "    t.increments(); t.string('email', 100).notNullable().unique(); t.string('name');\n"
      "    t.integer('age').unsigned().defaultTo(0); t.boolean('active').defaultTo(true);\n"
      "    t.decimal('price', 10, 2); t.uuid('u'); t.jsonb('jb'); t.enu('status', ['a', 'b']);\n"
      "    t.timestamps(true, true);\n"
      "    t.integer('org_id').references('id').inTable('orgs').onDelete('CASCADE');\n"
      "  });");
  CHECK(sql_of(script, model::Dialect::postgresql) ==
        std::vector<std::string>{
            "create table \"users\" (\"id\" serial primary key, \"email\" varchar(100) not null, "
            "\"name\" "
            "varchar(255), \"age\" integer default '0', \"active\" boolean default '1', \"price\" "
            "decimal(10, 2), "
            "\"u\" uuid, \"jb\" jsonb, \"status\" text check (\"status\" in ('a', 'b')), "
            "\"created_at\" "
            "timestamptz not null default CURRENT_TIMESTAMP, \"updated_at\" timestamptz not null "
            "default "
            "CURRENT_TIMESTAMP, \"org_id\" integer)",
            "alter table \"users\" add constraint \"users_email_unique\" unique (\"email\")",
            "alter table \"users\" add constraint \"users_org_id_foreign\" foreign key "
            "(\"org_id\") references "
            "\"orgs\" (\"id\") on delete CASCADE"});
  CHECK(sql_of(script, model::Dialect::sqlite) ==
        std::vector<std::string>{
            "create table `users` (`id` integer not null primary key autoincrement, `email` "
            "varchar(100) not "
            "null, `name` varchar(255), `age` integer default '0', `active` boolean default '1', "
            "`price` float, "
            "`u` char(36), `jb` json, `status` text check (`status` in ('a', 'b')), `created_at` "
            "datetime not "
            "null default CURRENT_TIMESTAMP, `updated_at` datetime not null default "
            "CURRENT_TIMESTAMP, `org_id` "
            "integer, foreign key(`org_id`) references `orgs`(`id`) on delete CASCADE)",
            "create unique index `users_email_unique` on `users` (`email`)"});
}

TEST_CASE(
    "table-level foreign, unique, index and primary keys, defaults from knex.fn.now and knex.raw",
    "[knex]") {
  auto script = up_of(
      "  await knex.schema.createTable('posts', (t) => {\n"
      "    t.increments('id'); t.integer('user_id').notNullable();\n"
      "    t.foreign('user_id').references('users.id').onDelete('CASCADE').onUpdate('RESTRICT');\n"
      "    t.unique(['user_id', 'id']); t.index(['user_id'], 'posts_by_user');\n"
      "    t.timestamp('cr').defaultTo(knex.fn.now()); "
      "t.string('r').defaultTo(knex.raw(\"'abc'\"));\n"
      "  });\n"
      "  await knex.schema.createTable('t2', t => { t.integer('a'); t.integer('b'); "
      "t.primary(['a', 'b']); });");
  CHECK(sql_of(script, model::Dialect::postgresql) ==
        std::vector<std::string>{"create table \"posts\" (\"id\" serial primary key, \"user_id\" "
                                 "integer not null, \"cr\" timestamptz "
                                 "default CURRENT_TIMESTAMP, \"r\" varchar(255) default 'abc')",
                                 "alter table \"posts\" add constraint \"posts_user_id_foreign\" "
                                 "foreign key (\"user_id\") references "
                                 "\"users\" (\"id\") on update RESTRICT on delete CASCADE",
                                 "alter table \"posts\" add constraint \"posts_user_id_id_unique\" "
                                 "unique (\"user_id\", \"id\")",
                                 "create index \"posts_by_user\" on \"posts\" (\"user_id\")",
                                 "create table \"t2\" (\"a\" integer, \"b\" integer, constraint "
                                 "\"t2_pkey\" primary key (\"a\", \"b\"))"});
  CHECK(sql_of(script, model::Dialect::sqlite)[0] ==
        "create table `posts` (`id` integer not null primary key autoincrement, `user_id` integer "
        "not null, "
        "`cr` datetime default CURRENT_TIMESTAMP, `r` varchar(255) default 'abc', foreign "
        "key(`user_id`) "
        "references `users`(`id`) on delete CASCADE on update RESTRICT)");
  CHECK(sql_of(script, model::Dialect::sqlite)[3] ==
        "create table `t2` (`a` integer, `b` integer, primary key (`a`, `b`))");
}

TEST_CASE("alterTable: columns first, then table statements in call order (PostgreSQL)", "[knex]") {
  auto script = up_of(
      "  await knex.schema.alterTable('users', t => {\n"
      "    t.string('nick'); t.dropColumn('bio'); t.renameColumn('name', 'full_name');\n"
      "    t.dropUnique(['email']); t.dropIndex(['c']); t.dropForeign(['org_id']);\n"
      "    t.integer('age').notNullable().alter();\n"
      "  });");
  CHECK(sql_of(script, model::Dialect::postgresql) ==
        std::vector<std::string>{
            "alter table \"users\" add column \"nick\" varchar(255)",
            "alter table \"users\" alter column \"age\" drop default",
            "alter table \"users\" alter column \"age\" drop not null",
            "alter table \"users\" alter column \"age\" type integer using (\"age\"::integer)",
            "alter table \"users\" alter column \"age\" set not null",
            "alter table \"users\" drop column \"bio\"",
            "alter table \"users\" rename \"name\" to \"full_name\"",
            "alter table \"users\" drop constraint \"users_email_unique\"",
            "drop index \"users_c_index\"",
            "alter table \"users\" drop constraint \"users_org_id_foreign\""});
  // On SQLite Knex rebuilds the table for alter(); polymigrate does it from the live schema.
  CHECK_THROWS_AS(render_knex(std::get<model::OpStep>(script[1]).op, model::Dialect::sqlite),
                  NeedsRebuild);
}

TEST_CASE("drops, renames, raw with bindings, withSchema, native enums, inserts", "[knex]") {
  auto script = up_of(
      "  await knex.schema.dropTable('x').dropTableIfExists('y').renameTable('a', 'b').raw('select "
      "1');\n"
      "  await knex.schema.withSchema('s1').createTable('t1', t => { t.increments(); });\n"
      "  await knex.schema.createTable('t3', t => {\n"
      "    t.enu('mood', ['happy', 'sad'], { useNative: true, enumName: 'mood_t' }); });\n"
      "  await knex.raw('update ?? set name = ? where id = ? and note = \\\\?', ['users', "
      "\"O'Neil\", 3]);\n"
      "  await knex('users').insert([{ email: 'a@b', name: \"O'Neil\" }, { email: 'c', name: null "
      "}]);");
  CHECK(sql_of(script, model::Dialect::postgresql) ==
        std::vector<std::string>{
            "drop table \"x\"", "drop table if exists \"y\"", "alter table \"a\" rename to \"b\"",
            "select 1", "create table \"s1\".\"t1\" (\"id\" serial primary key)",
            "create type \"mood_t\" as enum ('happy', 'sad')",
            "create table \"t3\" (\"mood\" \"mood_t\")",
            "update \"users\" set name = 'O''Neil' where id = 3 and note = ?",
            "insert into \"users\" (\"email\", \"name\") values ('a@b', 'O''Neil'), ('c', NULL)"});
  auto sqlite = sql_of(script, model::Dialect::sqlite);
  CHECK(sqlite[5] == "create table `t3` (`mood` text check (`mood` in ('happy', 'sad')))");
  CHECK(sqlite[6] == "update \"users\" set name = 'O''Neil' where id = 3 and note = ?");
  CHECK(sqlite[7] ==
        "insert into `users` (`email`, `name`) select 'a@b' as `email`, 'O''Neil' as `name` union "
        "all select "
        "'c' as `email`, NULL as `name`");
}

TEST_CASE("statements followed through return, Promise.all and .then", "[knex]") {
  auto r = read(
      "exports.up = function (knex) {\n"
      "  return Promise.all([\n"
      "    knex.schema.createTable('a', t => { t.increments(); }),\n"
      "    knex.schema.createTable('b', t => { t.increments(); }),\n"
      "  ]).then(() => knex.schema.createTable('c', function (table) { table.text('x'); }))\n"
      "    .then(function () { return knex.raw('select 1'); });\n"
      "};\n"
      "exports.down = knex => knex.schema.dropTable('c').dropTable('b').dropTable('a');\n");
  REQUIRE(r.diagnostics.empty());
  CHECK(sql_of(r.module.up->script, model::Dialect::postgresql) ==
        std::vector<std::string>{"create table \"a\" (\"id\" serial primary key)",
                                 "create table \"b\" (\"id\" serial primary key)",
                                 "create table \"c\" (\"x\" text)", "select 1"});
  CHECK(r.module.up->opaque_steps == 0);
  CHECK(r.module.up->translated_calls == r.module.up->knex_calls);
  CHECK(r.module.down->script.size() == 3);
}

TEST_CASE("ESM, TypeScript and module.exports forms with config.transaction", "[knex]") {
  auto esm = read(
      "import type { Knex } from 'knex';\n"
      "export const config = { transaction: false };\n"
      "export async function up(knex: Knex): Promise<void> {\n"
      "  await knex.schema.createTable('t', (table: Knex.CreateTableBuilder) => { "
      "table.string('s'); });\n"
      "}\n"
      "export const down = async (knex: Knex) => knex.schema.dropTable('t');\n",
      "1_m.ts");
  CHECK(esm.diagnostics.empty());
  REQUIRE(esm.module.up);
  CHECK(esm.module.up->script.size() == 1);
  CHECK(esm.module.up_line == 3);
  CHECK(esm.module.transaction == false);

  auto object = read(
      "function up(knex) { return knex.schema.createTable('t', t => t.text('x')); }\n"
      "const down = (knex) => knex.schema.dropTable('t');\n"
      "module.exports = { up, down, config: { transaction: true } };\n");
  CHECK(object.diagnostics.empty());
  REQUIRE(object.module.up);
  CHECK(object.module.up->script.size() == 1);
  CHECK(object.module.transaction == true);

  auto missing = read("exports.up = function (knex) { return knex.raw('select 1'); };\n");
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].code == "PM142");
  CHECK(missing.diagnostics[0].message ==
        "Invalid migration: 1_m.js must have both an up and down function");

  auto broken = read(
      "exports.up = function (knex) { return knex.schema.createTable('t', t => { t.text('x') ; "
      "};\n");
  REQUIRE(broken.diagnostics.size() == 1);
  CHECK(broken.diagnostics[0].code == "PM141");
  CHECK_FALSE(broken.module.parsed);
}

TEST_CASE("what cannot be translated stays Opaque with its span and reason", "[knex]") {
  auto script = up_of(
      "  const exists = await knex.schema.hasTable('users');\n"
      "  if (!exists) {\n"
      "    await knex.schema.createTable('users', t => { t.increments(); });\n"
      "  }\n"
      "  for (const name of ['a', 'b']) await knex.schema.createTable(name, t => t.text('x'));\n"
      "  await knex.schema.createTable('z', t => { columns.forEach(c => t.text(c)); });\n"
      "  await knex('users').where({ id: 1 }).update({ name: 'x' });\n"
      "  knex.schema.createTable('never', t => { t.text('x'); });\n"
      "  await knex.schema.createTable('ok', t => { t.text('x'); });");
  REQUIRE(script.size() == 7);
  CHECK(opaque_at(script, 0).reason.find("lexical_declaration") != std::string::npos);
  CHECK(opaque_at(script, 0).source.line_begin == 2);
  CHECK(opaque_at(script, 1).reason.find("if_statement") != std::string::npos);
  CHECK(opaque_at(script, 1).source.line_begin == 3);
  CHECK(opaque_at(script, 1).source.line_end == 5);
  CHECK(opaque_at(script, 1).source.file == "migrations/1_m.js");
  CHECK(opaque_at(script, 1).language == "javascript");
  CHECK(opaque_at(script, 2).reason.find("for_in_statement") != std::string::npos);
  CHECK(opaque_at(script, 3).reason.find("not a call on `t`") != std::string::npos);
  CHECK(opaque_at(script, 4).reason.find(".where()") != std::string::npos);
  CHECK(opaque_at(script, 5).reason.find("neither awaited nor returned") != std::string::npos);
  CHECK(std::holds_alternative<model::OpStep>(script[6]));
}

TEST_CASE("a comment on a column is reported, not dropped silently", "[knex]") {
  auto r = read(
      "exports.up = knex => knex.schema.createTable('t', t => { t.string('c').comment('hi'); });\n"
      "exports.down = knex => knex.schema.dropTable('t');\n");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "PM145");
  CHECK(r.diagnostics[0].severity == model::Severity::warning);
  CHECK(r.diagnostics[0].line == 1);
}

TEST_CASE("column modifiers after a column's references() apply to the column", "[knex]") {
  // A column's references() hands the column builder back once the table is named, so
  // `.references('id').inTable('users').notNullable()` is a not-null column with a foreign key.
  auto script = up_of(
      "  await knex.schema.createTable('posts', t => {\n"
      "    t.increments();\n"
      "    t.integer('user_id').unsigned().references('id').inTable('users').notNullable()"
      ".onDelete('CASCADE');\n"
      "    t.integer('org_id').references('orgs.id').defaultTo(1);\n"
      "  });");
  // What Knex 3.3.0's toSQL() prints for the same builder code.
  CHECK(sql_of(script, model::Dialect::postgresql) ==
        std::vector<std::string>{
            "create table \"posts\" (\"id\" serial primary key, \"user_id\" integer not null, "
            "\"org_id\" integer default '1')",
            "alter table \"posts\" add constraint \"posts_user_id_foreign\" foreign key "
            "(\"user_id\") references \"users\" (\"id\") on delete CASCADE",
            "alter table \"posts\" add constraint \"posts_org_id_foreign\" foreign key "
            "(\"org_id\") references \"orgs\" (\"id\")"});
  CHECK(sql_of(script, model::Dialect::sqlite) ==
        std::vector<std::string>{
            "create table `posts` (`id` integer not null primary key autoincrement, `user_id` "
            "integer not null, `org_id` integer default '1', foreign key(`user_id`) references "
            "`users`(`id`) on delete CASCADE, foreign key(`org_id`) references `orgs`(`id`))"});

  // Knex throws for a modifier between references('col') and inTable(), and polymigrate does not
  // guess the order of statements a unique() after references() pushes.
  auto not_a_chain = up_of(
      "  await knex.schema.createTable('p', t => {\n"
      "    t.integer('a').references('id').notNullable().inTable('u');\n"
      "  });");
  CHECK_THAT(opaque_at(not_a_chain, 0).reason, Catch::Contains("before inTable()"));
  auto unique_after = up_of(
      "  await knex.schema.createTable('p', t => {\n"
      "    t.integer('a').references('u.id').unique();\n"
      "  });");
  CHECK_THAT(opaque_at(unique_after, 0).reason, Catch::Contains("after references()"));
}

TEST_CASE("an empty migration's Promise.resolve() is no step at all", "[knex]") {
  auto r = read(
      "exports.up = function (knex) {\n  return Promise.resolve();\n};\n"
      "exports.down = function (knex) {\n  return Promise.resolve(1);\n};\n");
  REQUIRE(r.module.up.has_value());
  CHECK(r.module.up->script.empty());
  CHECK(r.module.up->opaque_steps == 0);
  REQUIRE(r.module.down.has_value());
  CHECK(r.module.down->opaque_steps == 1);  // a value, not the empty idiom
}
