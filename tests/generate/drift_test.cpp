// `diff` and `generate` on a database changed by hand, on SQLite and PostgreSQL: diff lists
// exactly the changes (a column added, an index, a table, a column dropped); the generated
// migration, applied to a database at the previous state, builds the live schema, and its down
// brings the previous state back. Renames are offered, never guessed.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "generate/project_copy.hpp"
#include "schema/compare.hpp"
#include "support/postgres_server.hpp"

using namespace pm;

namespace {

const std::vector<std::string> kFlywayTables = {"flyway_schema_history"};

// A Flyway project with undo scripts, SQL that runs on both dialects.
void write_project(const test::ProjectCopy& project) {
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__users.sql",
                "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    name VARCHAR(100) NOT "
                "NULL,\n    email VARCHAR(255)\n);\n");
  project.write("sql/U1__users.sql", "DROP TABLE users;\n");
  project.write("sql/V2__posts.sql",
                "CREATE TABLE posts (\n    id INTEGER PRIMARY KEY,\n    user_id INTEGER NOT NULL "
                "REFERENCES users (id),\n    title TEXT\n);\n");
  project.write("sql/U2__posts.sql", "DROP TABLE posts;\n");
}

void same_schema(const std::string& a, const std::string& b) {
  const auto differences = schema::compare(test::live_state(a, kFlywayTables),
                                           test::live_state(b, kFlywayTables), {false});
  for (const auto& d : differences) UNSCOPED_INFO(d);
  CHECK(differences.empty());
}

void drift_round_trip(const std::function<std::string()>& fresh_database) {
  test::ProjectCopy project("");
  write_project(project);
  const std::string live = fresh_database();
  REQUIRE(project.cli("up", {"--db", live}).exit_code == 0);

  auto clean = project.cli("diff", {"--db", live});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK_THAT(clean.out, Catch::Contains("no drift"));

  test::execute_all(live, {"ALTER TABLE users ADD COLUMN age INTEGER",
                           "CREATE INDEX posts_title_idx ON posts (title)",
                           "CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50) NOT NULL)",
                           "ALTER TABLE users DROP COLUMN email"});

  auto diff = project.cli("diff", {"--db", live, "--json"});
  INFO(diff.out << diff.err);
  CHECK(diff.exit_code == 1);
  const auto json = nlohmann::json::parse(diff.out);
  CHECK(json["drift"] == true);
  const auto changes = json["changes"].get<std::vector<std::string>>();
  REQUIRE(changes.size() == 4);
  CHECK_THAT(changes[0], Catch::StartsWith("column users.email dropped"));
  CHECK_THAT(changes[1], Catch::StartsWith("table tags created (id, label)"));
  CHECK_THAT(changes[2], Catch::StartsWith("column users.age added: INTEGER, nullable",
                                           Catch::CaseSensitive::No));
  CHECK_THAT(changes[3], Catch::StartsWith("index posts_title_idx created on posts (title)"));
  auto text = project.cli("diff", {"--db", live});
  CHECK(text.exit_code == 1);
  CHECK_THAT(text.out, Catch::Contains("drift: 4 changes"));

  auto generate = project.cli("generate", {"--db", live, "--name", "sync by hand"});
  INFO(generate.out << generate.err);
  REQUIRE(generate.exit_code == 0);
  CHECK(project.files("sql").size() == 6);
  CHECK_THAT(project.read("sql/V3__sync_by_hand.sql"), Catch::Contains("-- sync by hand"));

  // A database at the previous state: the generated migration takes it to the live schema...
  const std::string other = fresh_database();
  REQUIRE(project.cli("up", {"--db", other, "--to", "2"}).exit_code == 0);
  auto up = project.cli("up", {"--db", other});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  same_schema(other, live);
  // ... and its down back to the previous state.
  auto down = project.cli("down", {"--db", other});
  INFO(down.out << down.err);
  REQUIRE(down.exit_code == 0);
  const std::string previous = fresh_database();
  REQUIRE(project.cli("up", {"--db", previous, "--to", "2"}).exit_code == 0);
  same_schema(other, previous);
  CHECK(project.cli("diff", {"--db", other}).exit_code == 0);
}

}  // namespace

TEST_CASE("diff and generate: a database changed by hand (SQLite)", "[generate][diff]") {
  test::TempDir dir;
  int n = 0;
  drift_round_trip(
      [&] { return "sqlite:" + (dir.path() / ("db" + std::to_string(n++) + ".db")).string(); });
}

TEST_CASE("diff and generate: a database changed by hand (PostgreSQL)",
          "[generate][diff][postgres]") {
  drift_round_trip([] { return test::postgres_url(); });
}

TEST_CASE("generate: a renamed column is offered as a rename, and written as one when asked",
          "[generate][diff]") {
  test::ProjectCopy project("");
  write_project(project);
  const std::string live = project.sqlite("live.db");
  REQUIRE(project.cli("up", {"--db", live}).exit_code == 0);
  test::execute_all(live, {"ALTER TABLE users RENAME COLUMN name TO full_name"});

  auto offered = project.cli("generate", {"--db", live, "--name", "rename"});
  INFO(offered.out << offered.err);
  REQUIRE(offered.exit_code == 0);
  CHECK_THAT(offered.err, Catch::Contains("--rename users.name:full_name"));
  const std::string dropped = project.read("sql/V3__rename.sql");
  CHECK_THAT(dropped, Catch::Contains("-- polymigrate: users.name is dropped and users.full_name "
                                      "added with the same type"));
  CHECK_THAT(dropped, Catch::Contains("DROP COLUMN \"name\""));
  std::filesystem::remove(project.root / "sql/V3__rename.sql");
  std::filesystem::remove(project.root / "sql/U3__rename.sql");

  auto wrong = project.cli("generate", {"--db", live, "--name", "rename", "--rename", "x:y"});
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Catch::Contains("--rename x:y"));

  auto renamed = project.cli(
      "generate", {"--db", live, "--name", "rename", "--rename", "users.name:full_name"});
  INFO(renamed.out << renamed.err);
  REQUIRE(renamed.exit_code == 0);
  const std::string up = project.read("sql/V3__rename.sql");
  CHECK_THAT(up, Catch::Contains("RENAME COLUMN \"name\" TO \"full_name\""));
  CHECK_THAT(up, !Catch::Contains("DROP COLUMN"));
  CHECK_THAT(project.read("sql/U3__rename.sql"),
             Catch::Contains("RENAME COLUMN \"full_name\" TO \"name\""));

  const std::string other = project.sqlite("other.db");
  REQUIRE(project.cli("up", {"--db", other}).exit_code == 0);
  same_schema(other, live);
}

TEST_CASE("generate --from-db --to-db: the difference between two databases", "[generate][diff]") {
  test::ProjectCopy project("");
  write_project(project);
  const std::string from = project.sqlite("from.db");
  const std::string to = project.sqlite("to.db");
  REQUIRE(project.cli("up", {"--db", from}).exit_code == 0);
  REQUIRE(project.cli("up", {"--db", to}).exit_code == 0);
  test::execute_all(to, {"CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)"});

  auto result = project.cli("generate", {"--from-db", from, "--to-db", to, "--name", "add tags"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(project.read("sql/V3__add_tags.sql"), Catch::Contains("CREATE TABLE \"tags\""));
  CHECK_THAT(project.read("sql/U3__add_tags.sql"), Catch::Contains("DROP TABLE \"tags\""));

  auto usage = project.cli("generate", {"--from-db", from, "--name", "x"});
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("--from-db and --to-db go together"));
}
