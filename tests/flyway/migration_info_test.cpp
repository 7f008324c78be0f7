// Flyway's MigrationInfoService: the state of every file and row, the `flyway info` order and the
// validation messages, for histories written the way Flyway writes flyway_schema_history.
#include "adapters/flyway/migration_info.hpp"

#include <catch2/catch.hpp>

using namespace pm;
using flyway::MigrationState;

namespace {

model::Migration file(std::optional<std::string> version, std::string description,
                      std::int64_t checksum) {
  model::Migration m;
  m.version = version;
  m.key = version ? *version : description;
  m.kind = version ? model::MigrationKind::versioned : model::MigrationKind::repeatable;
  m.description = std::move(description);
  m.checksum = model::Checksum::of_number(checksum);
  m.extras["type"] = "SQL";
  m.source.file = (version ? "V" + *version + "__" : std::string("R__")) + m.description + ".sql";
  return m;
}

model::Applied row(int rank, std::optional<std::string> version, std::string description,
                   std::optional<std::int64_t> checksum, std::string type = "SQL",
                   bool success = true) {
  model::Applied a;
  a.version = version;
  a.key = version ? *version : description;
  a.description = std::move(description);
  if (checksum) a.checksum = model::Checksum::of_number(*checksum);
  a.success = success;
  a.marker = type == "BASELINE" || type == "SCHEMA";
  a.extras["installed_rank"] = std::to_string(rank);
  a.extras["type"] = type;
  a.extras["script"] = "script" + std::to_string(rank) + ".sql";
  a.applied_at = "2024-05-01 10:00:0" + std::to_string(rank % 10) + ".123";
  return a;
}

struct Listed {
  std::string version;
  std::string description;
  std::string state;
  bool operator==(const Listed&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Listed& l) {
  return out << "{" << l.version << ", " << l.description << ", " << l.state << "}";
}

std::vector<Listed> listing(const flyway::MigrationInfoService& service) {
  std::vector<Listed> out;
  for (const auto& info : service.all())
    out.push_back(
        {info.version().value_or(""), info.description(), flyway::display_name(info.state)});
  return out;
}

std::vector<std::string> messages(const flyway::MigrationInfoService& service) {
  std::vector<std::string> out;
  for (const auto& [info, message] : service.validate()) out.push_back(message);
  return out;
}

flyway::InfoContext context_with(std::map<std::string, std::string> settings) {
  std::string error;
  auto context = flyway::info_context_of(settings, &error);
  REQUIRE(error.empty());
  return context;
}

}  // namespace

TEST_CASE("flyway info: a skipped version is Ignored, or Pending with outOfOrder", "[flyway]") {
  model::History history({file("1", "one", 11), file("2", "two", 22), file("3", "three", 33),
                          file(std::nullopt, "view", 44)});
  std::vector<model::Applied> rows = {row(1, "1", "one", 11), row(2, "3", "three", 33),
                                      row(3, std::nullopt, "view", 44)};

  flyway::MigrationInfoService strict(history, rows, context_with({}));
  CHECK(listing(strict) == std::vector<Listed>{{"1", "one", "Success"},
                                               {"3", "three", "Success"},
                                               {"", "view", "Success"},
                                               {"2", "two", "Ignored"}});
  CHECK(messages(strict) ==
        std::vector<std::string>{
            "Detected resolved migration not applied to database: 2.\nTo ignore this "
            "migration, set -ignoreMigrationPatterns='*:ignored'. To allow executing "
            "this migration, set -outOfOrder=true."});
  CHECK(strict.pending().empty());
  REQUIRE(strict.current());
  CHECK(strict.current()->version() == "3");

  flyway::MigrationInfoService relaxed(history, rows, context_with({{"outOfOrder", "true"}}));
  REQUIRE(relaxed.pending().size() == 1);
  CHECK(relaxed.pending()[0]->resolved->key == "2");
  CHECK(messages(relaxed) ==
        std::vector<std::string>{
            "Detected resolved migration not applied to database: 2.\nTo fix this "
            "error, either run migrate, or set -ignoreMigrationPatterns='*:pending'."});

  flyway::MigrationInfoService ignoring(
      history, rows, context_with({{"ignoreMigrationPatterns", "*:ignored,*:future"}}));
  CHECK(messages(ignoring).empty());
}

TEST_CASE("flyway info: a version applied after a higher one is Out of Order", "[flyway]") {
  model::History history({file("1", "one", 11), file("2", "two", 22), file("3", "three", 33)});
  std::vector<model::Applied> rows = {row(1, "1", "one", 11), row(2, "3", "three", 33),
                                      row(3, "2", "two", 22)};
  flyway::MigrationInfoService service(history, rows, context_with({}));
  CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"},
                                                {"3", "three", "Success"},
                                                {"2", "two", "Out of Order"}});
  CHECK(messages(service).empty());
}

TEST_CASE("flyway info: repeatable runs are Superseded, the newest is Success or Outdated",
          "[flyway]") {
  std::vector<model::Applied> rows = {row(1, "1", "one", 11), row(2, std::nullopt, "view", 40),
                                      row(3, std::nullopt, "view", 44)};
  {
    model::History history({file("1", "one", 11), file(std::nullopt, "view", 44)});
    flyway::MigrationInfoService service(history, rows, context_with({}));
    CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"},
                                                  {"", "view", "Superseded"},
                                                  {"", "view", "Success"}});
    CHECK(service.pending().empty());
  }
  {
    model::History history({file("1", "one", 11), file(std::nullopt, "view", 45)});
    flyway::MigrationInfoService service(history, rows, context_with({}));
    CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"},
                                                  {"", "view", "Superseded"},
                                                  {"", "view", "Outdated"},
                                                  {"", "view", "Pending"}});
    REQUIRE(service.pending().size() == 1);
    CHECK(service.pending()[0]->resolved->description == "view");
    CHECK(messages(service) ==
          std::vector<std::string>{
              "Detected outdated resolved repeatable migration that should be re-applied to "
              "database: "
              "view.\nRun migrate to execute this migration.",
              "Detected resolved repeatable migration not applied to database: view.\nTo fix this "
              "error, "
              "either run migrate, or set -ignoreMigrationPatterns='*:pending'."});
  }
}

TEST_CASE("flyway info: rows without files are Missing below the last file, Future above",
          "[flyway]") {
  model::History history({file("1", "one", 11), file("3", "three", 33)});
  std::vector<model::Applied> rows = {row(1, "1", "one", 11), row(2, "2", "two", 22),
                                      row(3, "5", "five", 55)};
  flyway::MigrationInfoService service(history, rows, context_with({}));
  CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"},
                                                {"2", "two", "Missing"},
                                                {"5", "five", "Future"},
                                                {"3", "three", "Ignored"}});
  // Future rows are ignored by the default pattern *:future.
  auto found = messages(service);
  REQUIRE(found.size() == 2);
  CHECK(found[0] ==
        "Detected applied migration not resolved locally: 2.\nIf you removed this migration "
        "intentionally, run repair to mark the migration as deleted.");
}

TEST_CASE("flyway info: a DELETE row marks the row before it Deleted", "[flyway]") {
  model::History history({file("1", "one", 11)});
  std::vector<model::Applied> rows = {row(1, "1", "one", 11), row(2, "2", "two", 22),
                                      row(3, "2", "two", 22, "DELETE")};
  flyway::MigrationInfoService service(history, rows, context_with({}));
  CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"}, {"2", "two", "Deleted"}});
  CHECK(messages(service).empty());
}

TEST_CASE("flyway info: versions at and below a baseline", "[flyway]") {
  model::History history({file("1", "one", 11), file("2", "two", 22), file("3", "three", 33)});
  std::vector<model::Applied> rows = {
      row(1, "2", "<< Flyway Baseline >>", std::nullopt, "BASELINE")};
  flyway::MigrationInfoService service(history, rows, context_with({}));
  CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Below Baseline"},
                                                {"2", "two", "Ignored (Baseline)"},
                                                {"2", "<< Flyway Baseline >>", "Baseline"},
                                                {"3", "three", "Pending"}});
  CHECK(service.all()[2].category() == "");
  CHECK(service.all()[3].category() == "Versioned");
  REQUIRE(service.pending().size() == 1);
  CHECK(service.pending()[0]->resolved->key == "3");
}

TEST_CASE("flyway info: failed rows, targets and mismatches give Flyway's messages", "[flyway]") {
  model::History history({file("1", "one", 11), file("2", "two", 22), file("3", "three", 33)});
  {
    std::vector<model::Applied> rows = {row(1, "1", "one", 11),
                                        row(2, "2", "two", 22, "SQL", false)};
    flyway::MigrationInfoService service(history, rows, context_with({}));
    CHECK(listing(service)[1] == Listed{"2", "two", "Failed"});
    REQUIRE(service.failed().size() == 1);
    CHECK(messages(service)[0] ==
          "Detected failed migration to version 2 (two).\nPlease remove any half-completed changes "
          "then run repair to fix the schema history.");
  }
  {
    std::vector<model::Applied> rows = {row(1, "1", "one", 10)};
    flyway::MigrationInfoService service(history, rows, context_with({{"target", "2"}}));
    CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"},
                                                  {"2", "two", "Pending"},
                                                  {"3", "three", "Above Target"}});
    CHECK(messages(service)[0] ==
          "Migration checksum mismatch for migration version 1\n-> Applied to database : 10\n-> "
          "Resolved locally    : 11\nEither revert the changes to the migration, or run repair to "
          "update the schema history.");
  }
  {
    std::vector<model::Applied> rows = {row(1, "1", "first", 11)};
    flyway::MigrationInfoService service(history, rows, context_with({{"target", "current"}}));
    CHECK(listing(service)[1].state == "Above Target");
    CHECK(messages(service)[0].rfind("Migration description mismatch for migration version 1\n-> "
                                     "Applied to database : first\n-> Resolved locally    : one",
                                     0) == 0);
  }
}

TEST_CASE("flyway info: an UNDO_SQL row leaves its version Undone and pending again", "[flyway]") {
  model::Migration with_undo = file("1.1", "add email", 12);
  with_undo.down = model::Script{};
  model::History history({file("1", "one", 11), with_undo});
  std::vector<model::Applied> rows = {row(1, "1", "one", 11), row(2, "1.1", "add email", 12),
                                      row(3, "1.1", "add email", 99, "UNDO_SQL")};
  flyway::MigrationInfoService service(history, rows, context_with({}));
  CHECK(listing(service) == std::vector<Listed>{{"1", "one", "Success"},
                                                {"1.1", "add email", "Undone"},
                                                {"1.1", "add email", "Success"},
                                                {"1.1", "add email", "Pending"}});
  CHECK(service.all()[2].category() == "Undo");
  REQUIRE(service.pending().size() == 1);
  CHECK(service.current()->version() == "1");
}

TEST_CASE("flyway info: ignoreMigrationPatterns are read as Flyway reads them", "[flyway]") {
  std::string error;
  CHECK(flyway::ValidatePattern::parse("Versioned:Missing", &error) ==
        flyway::ValidatePattern{"versioned", "missing"});
  CHECK_FALSE(flyway::ValidatePattern::parse("missing", &error));
  CHECK(
      error ==
      "Invalid pattern 'missing'. Pattern must be of the form <migration_type>:<migration_state>");
  CHECK_FALSE(flyway::ValidatePattern::parse("*:failed", &error));
  CHECK(
      error ==
      "Invalid migration state 'failed'. Valid states are: [*, missing, pending, ignored, future]");
  auto pattern = *flyway::ValidatePattern::parse("repeatable:pending", &error);
  CHECK(pattern.matches(false, MigrationState::pending));
  CHECK_FALSE(pattern.matches(true, MigrationState::pending));
  CHECK_FALSE(pattern.matches(false, MigrationState::ignored));
}
