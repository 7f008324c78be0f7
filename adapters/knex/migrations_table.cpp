#include "adapters/knex/migrations_table.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace pm::knex {

namespace {

std::string wrap(const std::string& name, model::Dialect dialect) {
  const char q = dialect == model::Dialect::postgresql ? '"' : '`';
  std::string out(1, q);
  for (char c : name) {
    out += c;
    if (c == q) out += q;
  }
  return out + q;
}

std::string table_name(const MigrationsTableSettings& s, const std::string& table,
                       model::Dialect d) {
  return s.schema.empty() ? wrap(table, d) : wrap(s.schema, d) + "." + wrap(table, d);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// t.increments(); t.string('name'); t.integer('batch'); t.timestamp('migration_time');
std::string migrations_table_ddl(const MigrationsTableSettings& s, model::Dialect d) {
  const std::string t = table_name(s, s.table, d);
  if (d == model::Dialect::postgresql)
    return "create table " + t +
           " (\"id\" serial primary key, \"name\" varchar(255), \"batch\" integer, "
           "\"migration_time\" timestamptz)";
  return "create table " + t +
         " (`id` integer not null primary key autoincrement, `name` varchar(255), `batch` integer, "
         "`migration_time` datetime)";
}

// t.increments('index').primary(); t.integer('is_locked');
std::string lock_table_ddl(const MigrationsTableSettings& s, model::Dialect d) {
  const std::string t = table_name(s, s.table + "_lock", d);
  if (d == model::Dialect::postgresql)
    return "create table " + t + " (\"index\" serial primary key, \"is_locked\" integer)";
  return "create table " + t +
         " (`index` integer not null primary key autoincrement, `is_locked` integer)";
}

db::Value migration_time_value(model::Dialect dialect, std::int64_t epoch_ms) {
  if (dialect == model::Dialect::sqlite) return epoch_ms;
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return std::string(text);
}

std::string KnexMigrationsTable::name() const {
  return settings_.schema.empty() ? settings_.table : settings_.schema + "." + settings_.table;
}

std::string KnexMigrationsTable::qualified(const std::string& table) const {
  return table_name(settings_, table, dialect_);
}

bool KnexMigrationsTable::exists(db::Connection& conn) {
  return conn.table_exists(settings_.schema, settings_.table);
}

// table-creator.js ensureTable: each table created when missing, then the lock row inserted when
// the lock table has none.
void KnexMigrationsTable::ensure(db::Connection& conn) {
  if (!exists(conn)) {
    conn.exec(migrations_table_ddl(settings_, dialect_));
    created_ = true;
  }
  // A lock table created here has no row yet (and in a dry run, only its CREATE was recorded).
  bool lock_row_missing = !conn.table_exists(settings_.schema, lock_table());
  if (lock_row_missing)
    conn.exec(lock_table_ddl(settings_, dialect_));
  else
    lock_row_missing = conn.query("select * from " + qualified(lock_table())).rows.empty();
  if (lock_row_missing)
    conn.exec("insert into " + qualified(lock_table()) + " (" + wrap("is_locked", dialect_) +
                  ") values ($1)",
              {std::int64_t{0}});
}

// listCompleted: the rows ordered by id.
std::vector<model::Applied> KnexMigrationsTable::read(db::Connection& conn) {
  std::vector<model::Applied> out;
  if (!exists(conn)) return out;
  auto result =
      conn.query("select " + wrap("id", dialect_) + ", " + wrap("name", dialect_) + ", " +
                 wrap("batch", dialect_) + ", " + wrap("migration_time", dialect_) + " from " +
                 qualified(settings_.table) + " order by " + wrap("id", dialect_));
  for (const auto& row : result.rows) {
    model::Applied applied;
    applied.key = db::as_text(row.at(1)).value_or("");
    applied.description = applied.key;
    applied.applied_at = db::as_text(row.at(3)).value_or("");
    applied.extras["id"] = db::as_text(row.at(0)).value_or("");
    applied.extras["batch"] = db::as_text(row.at(2)).value_or("");
    out.push_back(std::move(applied));
  }
  return out;
}

// Migrator._lockMigrations: the row count must be exactly 1.
void KnexMigrationsTable::lock(db::Connection& conn) {
  const auto changed =
      conn.exec("update " + qualified(lock_table()) + " set " + wrap("is_locked", dialect_) +
                    " = $1 where " + wrap("is_locked", dialect_) + " = $2",
                {std::int64_t{1}, std::int64_t{0}});
  if (changed != 1) throw db::DatabaseError(kLockedMessage);
}

// Migrator._freeLock: every lock row set free.
void KnexMigrationsTable::unlock(db::Connection& conn) {
  conn.exec("update " + qualified(lock_table()) + " set " + wrap("is_locked", dialect_) + " = $1",
            {std::int64_t{0}});
}

// _waterfallBatch: after the file's up() succeeded, insert { name, batch, migration_time } (Knex
// sorts the columns: batch, migration_time, name).
void KnexMigrationsTable::after_apply(db::Connection& conn, const model::Migration& migration,
                                      const adapters::ApplyOutcome& outcome) {
  (void)outcome;
  if (!batch_) {
    // _latestBatchNumber: max(batch) || 0, plus one for an up run; 0 in a table created here.
    std::int64_t latest = 0;
    if (!created_) {
      auto result = conn.query("select max(" + wrap("batch", dialect_) + ") as " +
                               wrap("max_batch", dialect_) + " from " + qualified(settings_.table));
      if (!result.rows.empty()) latest = db::as_int(result.rows.front().at(0)).value_or(0);
    }
    batch_ = latest + 1;
  }
  conn.exec("insert into " + qualified(settings_.table) + " (" + wrap("batch", dialect_) + ", " +
                wrap("migration_time", dialect_) + ", " + wrap("name", dialect_) +
                ") values ($1, $2, $3)",
            {*batch_, migration_time_value(dialect_, now_ms()), migration.key});
}

// `knex migrate:up <name>` gave the delegated migration a batch of its own (max + 1). One `up`
// run is one batch, as `migrate:latest` makes it: the row joins the run's batch, or, when it is the
// run's first, its batch becomes the run's.
void KnexMigrationsTable::after_delegated(db::Connection& conn, const model::Migration& migration,
                                          bool up) {
  if (!up) return;
  if (batch_) {
    conn.exec("update " + qualified(settings_.table) + " set " + wrap("batch", dialect_) +
                  " = $1 where " + wrap("name", dialect_) + " = $2",
              {*batch_, migration.key});
    return;
  }
  auto result =
      conn.query("select max(" + wrap("batch", dialect_) + ") from " + qualified(settings_.table) +
                     " where " + wrap("name", dialect_) + " = $1",
                 {migration.key});
  if (!result.rows.empty()) batch_ = db::as_int(result.rows.front().at(0));
}

void KnexMigrationsTable::after_revert(db::Connection& conn, const model::Migration& migration) {
  conn.exec(
      "delete from " + qualified(settings_.table) + " where " + wrap("name", dialect_) + " = $1",
      {migration.key});
}

bool KnexMigrationsTable::force_free_lock(db::Connection& conn) {
  if (!conn.table_exists(settings_.schema, lock_table())) return false;
  conn.exec("delete from " + qualified(lock_table()));
  conn.exec("insert into " + qualified(lock_table()) + " (" + wrap("is_locked", dialect_) +
                ") values ($1)",
            {std::int64_t{0}});
  return true;
}

bool KnexMigrationsTable::is_locked(db::Connection& conn) {
  if (!conn.table_exists(settings_.schema, lock_table())) return false;
  auto result =
      conn.query("select " + wrap("is_locked", dialect_) + " from " + qualified(lock_table()));
  for (const auto& row : result.rows)
    if (db::as_int(row.at(0)).value_or(0) == 1) return true;
  return false;
}

}  // namespace pm::knex
