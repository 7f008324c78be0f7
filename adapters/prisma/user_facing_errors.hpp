// Prisma's user-facing errors, in the schema engine's words (prisma-engines
// libs/user-facing-errors/src/schema_engine.rs), thrown as one exception type carrying the code.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace pm::prisma {

class PrismaError : public std::runtime_error {
 public:
  PrismaError(std::string code, const std::string& message)
      : std::runtime_error(code + ": " + message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// P3005 with the baseline recipe: `prisma migrate resolve --applied` for each migration already
// in the database (and the polymigrate command that writes the same row).
PrismaError database_schema_not_empty(const std::string& first_migration);
PrismaError migration_already_applied(const std::string& name);            // P3008
PrismaError cannot_roll_back_unapplied(const std::string& name);           // P3011
PrismaError cannot_roll_back_succeeded(const std::string& name);           // P3012
PrismaError migration_to_mark_applied_not_found(const std::string& name);  // P3017
PrismaError provider_switched(const std::string& provider,
                              const std::string& expected_provider);  // P3019
PrismaError advisory_lock_timeout();                                  // P1002

struct FailedMigration {
  std::string name;
  std::string started_at;  // as chrono displays a DateTime<Utc>
  std::string logs;
};
// P3009's text: the headline then one line per failed row.
std::string found_failed_migrations(const std::vector<FailedMigration>& failed);

// What the engine writes into `logs` when a script fails (P3018, ApplyMigrationError). The
// "Database error code" paragraph is left out when the code is not known (empty).
std::string apply_migration_error(const std::string& name, const std::string& database_error_code,
                                  const std::string& database_error);

}  // namespace pm::prisma
