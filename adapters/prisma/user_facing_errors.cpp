#include "adapters/prisma/user_facing_errors.hpp"

namespace pm::prisma {

namespace {

// The engine trims the logs and leaves them out when empty (apply_migrations.rs).
std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

PrismaError database_schema_not_empty(const std::string& first_migration) {
  const std::string name = first_migration.empty() ? "<migration_name>" : first_migration;
  return PrismaError(
      "P3005",
      "The database schema is not empty. Read more about how to baseline an existing production "
      "database: https://pris.ly/d/migrate-baseline\n"
      "To baseline: mark each migration the database already holds as applied, e.g.\n"
      "  prisma migrate resolve --applied " +
          name + "\n  polymigrate resolve PROJECT --applied " + name + " --db URL");
}

PrismaError migration_already_applied(const std::string& name) {
  return PrismaError(
      "P3008", "The migration `" + name + "` is already recorded as applied in the database.");
}

PrismaError cannot_roll_back_unapplied(const std::string& name) {
  return PrismaError(
      "P3011",
      "Migration `" + name +
          "` cannot be rolled back because it was never applied to the database. Hint: did "
          "you pass in the whole migration name? (example: "
          "\"20201207184859_initial_migration\")");
}

PrismaError cannot_roll_back_succeeded(const std::string& name) {
  return PrismaError("P3012", "Migration `" + name +
                                  "` cannot be rolled back because it is not in a failed state.");
}

PrismaError migration_to_mark_applied_not_found(const std::string& name) {
  return PrismaError(
      "P3017", "The migration " + name +
                   " could not be found. Please make sure that the migration exists, and that you "
                   "included the whole name of the directory. (example: "
                   "\"20201207184859_initial_migration\")");
}

PrismaError provider_switched(const std::string& provider, const std::string& expected_provider) {
  if (provider == "cockroachdb" && expected_provider == "postgresql")
    return PrismaError("P3019",
                       "The datasource provider `" + provider +
                           "` specified in your schema does not match the one specified in the "
                           "migration_lock.toml, `" +
                           expected_provider +
                           "`. Check out the following documentation for how to resolve this: "
                           "https://pris.ly/d/cockroachdb-postgresql-provider");
  return PrismaError(
      "P3019", "The datasource provider `" + provider +
                   "` specified in your schema does not match the one specified in the "
                   "migration_lock.toml, `" +
                   expected_provider +
                   "`. Please remove your current migration directory and start a new migration "
                   "history with prisma migrate dev. Read more: "
                   "https://pris.ly/d/migrate-provider-switch");
}

PrismaError advisory_lock_timeout() {
  return PrismaError("P1002",
                     "The database server was reached but timed out.\n"
                     "Context: Timed out trying to acquire a postgres advisory lock (SELECT "
                     "pg_advisory_lock(72707369)). Elapsed: 10000ms.");
}

std::string found_failed_migrations(const std::vector<FailedMigration>& failed) {
  std::string details;
  for (const auto& row : failed) {
    const std::string logs = trim(row.logs);
    details += "The `" + row.name + "` migration started at " + row.started_at + " failed" +
               (logs.empty() ? "" : " with the following logs:\n" + logs) + "\n";
  }
  return "migrate found failed migrations in the target database, new migrations will not be "
         "applied. Read more "
         "about how to resolve migration issues in a production database: "
         "https://pris.ly/d/migrate-resolve\n" +
         details;
}

std::string apply_migration_error(const std::string& name, const std::string& database_error_code,
                                  const std::string& database_error) {
  return "A migration failed to apply. New migrations cannot be applied before the error is "
         "recovered from. Read "
         "more about how to resolve migration issues in a production database: "
         "https://pris.ly/d/migrate-resolve\n\nMigration name: " +
         name +
         (database_error_code.empty() ? "" : "\n\nDatabase error code: " + database_error_code) +
         "\n\nDatabase error:\n" + database_error + "\n";
}

}  // namespace pm::prisma
