#include "alembic/writer_fixtures.hpp"

#include <algorithm>

#include "schema/compare.hpp"
#include "support/run_cli.hpp"

namespace pm::test {

namespace {

using model::Dialect;
using model::LogicalType;

const char* const kOpaque = "its V2 is Java code polymigrate does not translate";
const char* const kSeed =
    "its V2 also inserts a row into users, which V1 made: no rollback can be known";

bool integer_kind(LogicalType kind) {
  return kind == LogicalType::integer || kind == LogicalType::bigint ||
         kind == LogicalType::smallint || kind == LogicalType::serial ||
         kind == LogicalType::bigserial;
}

// The source's schema in SQLAlchemy's spelling (see writer_differences).
schema::SchemaState as_sqlalchemy_makes_it(const schema::SchemaState& state) {
  schema::SchemaState out = state;
  const bool postgres = state.dialect() == Dialect::postgresql;
  for (const schema::Table* table : state.tables()) {
    schema::Table copy = *table;
    for (auto& column : copy.columns) {
      auto& type = column.type;
      if (postgres && column.autoincrement) {
        if (type.kind == LogicalType::integer || type.kind == LogicalType::smallint)
          type.kind = LogicalType::serial;
        if (type.kind == LogicalType::bigint) type.kind = LogicalType::bigserial;
      }
      // SQLite has no serial type: an auto-numbered key is the rowid, of type INTEGER.
      if (!postgres && integer_kind(type.kind) &&
          (column.autoincrement || type.kind == LogicalType::serial ||
           type.kind == LogicalType::bigserial))
        type.kind = LogicalType::integer;
      // Nor UUID, JSONB or a time zone type: SQLAlchemy 1.4 (and the engine's SQL) write TEXT,
      // JSON and DATETIME.
      if (!postgres && type.kind == LogicalType::uuid) type.kind = LogicalType::text;
      if (!postgres && type.kind == LogicalType::timestamptz) type.kind = LogicalType::timestamp;
      // PostgreSQL keeps a quoted default of a number or boolean column as the value ('0' -> 0,
      // '1' -> true), and its catalog says so.
      if (postgres && column.default_sql && column.default_sql->size() >= 2 &&
          column.default_sql->front() == '\'' && column.default_sql->back() == '\'') {
        const std::string value = column.default_sql->substr(1, column.default_sql->size() - 2);
        if (type.kind == LogicalType::boolean && (value == "1" || value == "0"))
          column.default_sql = value == "1" ? "true" : "false";
        else if ((integer_kind(type.kind) || type.kind == LogicalType::decimal) && !value.empty() &&
                 value.find_first_not_of("0123456789.-") == std::string::npos)
          column.default_sql = value;
      }
      if (!postgres && type.kind == LogicalType::jsonb) type.kind = LogicalType::json;
      // A named enum on PostgreSQL is a type of its own, which the catalog names only.
      if (postgres && type.kind == LogicalType::enum_ && !type.enum_name.empty()) {
        const std::string name = type.enum_name;
        type = model::ColumnType{};
        type.native = name;
      }
      if (type.kind == LogicalType::enum_ &&
          (type.enum_name.empty() || state.dialect() == Dialect::sqlite)) {
        std::size_t longest = 0;
        for (const auto& v : type.enum_values) longest = std::max(longest, v.size());
        type = model::ColumnType{};
        type.kind = LogicalType::string;
        type.length = static_cast<int>(longest);
      }
    }
    out.put_table(std::move(copy));
  }
  return out;
}

// The CHECK SQLAlchemy's non-native Enum adds, which the source's replay does not have.
schema::SchemaState without_enum_checks(const schema::SchemaState& live,
                                        const schema::SchemaState& source) {
  schema::SchemaState out = live;
  for (const schema::Table* table : live.tables()) {
    const schema::Table* replayed = source.find_table(table->name);
    if (!replayed) continue;
    schema::Table copy = *table;
    std::erase_if(copy.constraints, [&](const model::Constraint& c) {
      if (c.kind != model::ConstraintKind::check) return false;
      for (const auto& column : replayed->columns)
        if (column.type.kind == LogicalType::enum_ &&
            c.check.find(column.name) != std::string::npos)
          return true;
      return false;
    });
    for (auto& column : copy.columns)
      if (const model::Column* r = replayed->find_column(column.name, live.dialect());
          r && r->type.kind == LogicalType::enum_ && column.check)
        column.check.reset();
    out.put_table(std::move(copy));
  }
  return out;
}

}  // namespace

const std::vector<WriterFixture>& writer_fixtures() {
  static const std::vector<WriterFixture> fixtures = {
      {"fixtures/alembic/basic", {Dialect::sqlite, Dialect::postgresql}, {}, "", ""},
      {"fixtures/alembic/branched", {Dialect::sqlite, Dialect::postgresql}, {}, "", ""},
      {"fixtures/flyway/basic", {Dialect::sqlite, Dialect::postgresql}, {}, "", kSeed},
      {"fixtures/flyway/features",
       {Dialect::sqlite, Dialect::postgresql},
       {},
       "",
       "its V3 inserts rows into tables an earlier migration made: no rollback can be known"},
      {"fixtures/flyway/postgresql",
       {Dialect::postgresql},
       {},
       "",
       "its V3 creates a function the DDL reader does not read: no rollback can be known"},
      {"fixtures/flyway/toml",
       {Dialect::sqlite, Dialect::postgresql},
       {},
       "",
       "its M2 inserts a row into a table M1 made: no rollback can be known"},
      {"fixtures/flyway/maven", {Dialect::sqlite, Dialect::postgresql}, {}, kOpaque, kOpaque},
      {"fixtures/prisma/basic", {Dialect::sqlite, Dialect::postgresql}, {}, "", ""},
      {"fixtures/prisma/reshape", {Dialect::sqlite, Dialect::postgresql}, {}, "", ""},
      // The fixture's last folder fails on every SQLite database on purpose (P3009 tests).
      {"fixtures/prisma/sqlite", {Dialect::sqlite}, {"20240204090000_backfill_titles"}, "", ""},
      // Its add_tags starts with a BOM, which PostgreSQL rejects (under Prisma too), and
      // tag_names needs add_tags' table.
      {"fixtures/prisma/postgresql",
       {Dialect::postgresql},
       {"20240202110000_add_tags", "20240203120000_tag_names"},
       "",
       ""},
      {"fixtures/knex/basic", {Dialect::sqlite, Dialect::postgresql}, {}, "", ""},
      {"fixtures/knex/no_transaction", {Dialect::postgresql}, {}, "", ""},
      {"fixtures/knex/typescript",
       {Dialect::sqlite, Dialect::postgresql},
       {},
       "its second migration decides with hasTable at run time (opaque)",
       "its second migration decides with hasTable at run time (opaque)"},
  };
  return fixtures;
}

model::History as_the_database_runs_it(const model::History& history, Dialect dialect) {
  if (dialect != Dialect::sqlite) return history;
  // SQLite skips a BOM at the start of a script (Prisma sends the file's as it is).
  std::vector<model::Migration> migrations = history.migrations();
  for (auto& m : migrations)
    if (!m.up.empty())
      if (auto* sql = std::get_if<model::SqlStep>(&m.up.front());
          sql && sql->text.starts_with("\xEF\xBB\xBF"))
        sql->text.erase(0, 3);
  return model::History(std::move(migrations));
}

model::Project idiom_project(Dialect dialect) {
  using model::Column;
  using model::ColumnType;
  using model::Constraint;
  using model::ConstraintKind;
  auto type = [](LogicalType kind, std::optional<int> a = {}, std::optional<int> b = {}) {
    ColumnType t;
    t.kind = kind;
    if (kind == LogicalType::string) t.length = a;
    if (kind == LogicalType::decimal) t.precision = a, t.scale = b;
    return t;
  };
  auto column = [](std::string name, ColumnType t, bool nullable = true,
                   std::optional<std::string> default_sql = {}) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(t);
    c.nullable = nullable;
    c.default_sql = std::move(default_sql);
    return c;
  };
  const bool postgres = dialect == Dialect::postgresql;
  std::vector<model::Migration> migrations;
  auto migration = [&](std::string key, std::string description) -> model::Migration& {
    model::Migration m;
    m.key = key;
    m.description = std::move(description);
    m.source.file = "migrations/" + key + ".js";
    if (!migrations.empty()) m.parents = {migrations.back().key};
    migrations.push_back(std::move(m));
    return migrations.back();
  };
  auto op = [](model::Migration& m, model::Op o) {
    m.up.push_back(model::OpStep{std::move(o), {}, static_cast<int>(m.up.size()) + 1});
  };

  {
    auto& m = migration("20240101000000_accounts", "accounts and orders");
    model::CreateTable accounts{{"", "accounts"}, {}, {}, false};
    Column id = column("id", type(LogicalType::integer), false);
    id.primary = true;
    id.autoincrement = true;
    accounts.columns.push_back(id);
    accounts.columns.push_back(column("email", type(LogicalType::string, 100), false));
    accounts.columns.push_back(column("status", type(LogicalType::string, 10), true, "'new'"));
    accounts.columns.push_back(
        column("note", type(LogicalType::text), true, "'caf\xc3\xa9 :x \\ it''s'"));
    Column score = column("score", type(LogicalType::integer));
    score.check = "score >= 0";
    accounts.columns.push_back(score);
    op(m, accounts);
    model::CreateTable orders{{"", "orders"}, {}, {}, false};
    Column order_id = column("id", type(LogicalType::integer), false);
    order_id.primary = true;  // not auto-numbered: autoincrement=False on PostgreSQL
    orders.columns.push_back(order_id);
    orders.columns.push_back(column("account_id", type(LogicalType::integer)));
    orders.columns.push_back(
        column("total", type(LogicalType::decimal, 10, 2), false, std::string("0")));
    op(m, orders);
    op(m, model::CreateIndex{
              "orders_total_idx", {"", "orders"}, {"total"}, false, false, false, "total > 0", ""});
    op(m,
       model::CreateIndex{
           "accounts_email_lower", {"", "accounts"}, {"lower(email)"}, true, false, false, "", ""});
    op(m, model::InsertRows{{"", "accounts"},
                            {"id", "email", "status"},
                            {{"1", "'o''clock@example.com'", "'new'"},
                             {"2", "'back\\slash@example.com'", "NULL"}}});
    // SQL with a ":b" SQLAlchemy's text() would take for a bind parameter.
    m.up.push_back(model::SqlStep{"CREATE VIEW status_labels AS SELECT 'a :b' AS label",
                                  static_cast<int>(m.up.size()) + 1, false, false});
  }
  {
    auto& m = migration("20240102000000_links", "links between accounts and orders");
    op(m,
       model::AddColumn{{"", "orders"}, column("placed_at", type(LogicalType::timestamp)), false});
    Column referrer = column("referrer_id", type(LogicalType::integer));
    referrer.references = model::ForeignKeyRef{"accounts", {"id"}, "SET NULL", ""};
    op(m, model::AddColumn{{"", "accounts"}, referrer, false});
    Constraint fk;
    fk.name = "orders_account_fk";
    fk.kind = ConstraintKind::foreign_key;
    fk.columns = {"account_id"};
    fk.references = model::ForeignKeyRef{"accounts", {"id"}, "CASCADE", ""};
    op(m, model::AddConstraint{{"", "orders"}, fk});
    Constraint unique;
    unique.kind = ConstraintKind::unique;
    unique.columns = {"status", "email"};
    op(m, model::AddConstraint{{"", "accounts"}, unique});
    op(m, model::CreateIndex{
              "orders_placed_at_idx", {"", "orders"}, {"placed_at"}, false, false, false, "", ""});
  }
  {
    auto& m = migration("20240103000000_reshape", "reshape: types, renames, drops");
    model::AlterColumn alter;
    alter.table = {"", "orders"};
    alter.column = "total";
    alter.type = type(LogicalType::decimal, 12, 2);
    alter.nullable = true;
    alter.default_sql = std::optional<std::string>();  // DROP DEFAULT
    op(m, alter);
    op(m, model::RenameColumn{{"", "accounts"}, "note", "remark"});
    op(m, model::DropColumn{{"", "orders"}, "placed_at", false, false});
    op(m, model::DropConstraint{{"", "orders"}, "orders_account_fk", std::nullopt, false});
    op(m, model::RenameTable{{"", "orders"}, "purchases"});
  }
  if (postgres) {
    auto& m = migration("20240104000000_moods", "moods");
    op(m, model::CreateEnum{{"", "mood"}, {"happy", "sad"}});
    ColumnType mood;
    mood.kind = LogicalType::enum_;
    mood.enum_name = "mood";
    mood.enum_values = {"happy", "sad"};
    op(m, model::AddColumn{{"", "accounts"}, column("mood", mood), false});
    auto& n = migration("20240105000000_concurrently", "index concurrently");
    op(n, model::CreateIndex{
              "accounts_mood_idx", {"", "accounts"}, {"mood"}, false, true, false, "", ""});
  }
  model::Project project;
  project.framework = "knex";
  project.root = "/nonexistent/idioms";
  project.config.dialect = dialect;
  project.history = model::History(std::move(migrations));
  return project;
}

engine::LoadedProject load_writer_fixture(const WriterFixture& fixture, Dialect dialect) {
  adapters::LoadOptions options;
  options.dialect = dialect;
  if (fixture.path.starts_with("fixtures/knex/"))
    options.environment = dialect == Dialect::sqlite ? "development" : "production";
  auto loaded = engine::load_project(source_path(fixture.path), std::nullopt, options);
  if (!fixture.left_out.empty()) {
    std::vector<model::Migration> kept;
    for (const auto& m : loaded.project.history.migrations())
      if (std::find(fixture.left_out.begin(), fixture.left_out.end(), m.key) ==
          fixture.left_out.end())
        kept.push_back(m);
    loaded.project.history = model::History(std::move(kept));
  }
  return loaded;
}

std::vector<std::string> writer_differences(const schema::SchemaState& source,
                                            const schema::SchemaState& written, bool live) {
  const schema::SchemaState expected = as_sqlalchemy_makes_it(source);
  const schema::SchemaState actual =
      live ? without_enum_checks(written, source) : as_sqlalchemy_makes_it(written);
  return schema::compare(expected, actual);
}

}  // namespace pm::test
