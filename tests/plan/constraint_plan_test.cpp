// `plan` for constraints PostgreSQL checks over every row: NOT NULL through a NOT VALID check that
// a later migration validates, foreign keys and checks added NOT VALID and validated later. The
// phases run on a real PostgreSQL server; SQLite, which has no NOT VALID, is refused clearly.
#include <catch2/catch.hpp>

#include "db/database_url.hpp"
#include "plan/plan_support.hpp"
#include "support/postgres_server.hpp"

using namespace pm;
using namespace pm::test;
namespace fs = std::filesystem;

namespace {

void write_flyway(const ProjectCopy& project, const std::string& breaking) {
  project.write("flyway.conf", "flyway.locations=filesystem:sql\n");
  project.write("sql/V1__users.sql",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(40));\n"
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);\n");
  project.write("sql/V2__breaking.sql", breaking);
}

CliResult plan(const ProjectCopy& project, const std::string& dialect) {
  auto run = project.cli("plan", {"2", "--dialect", dialect});
  INFO(run.out << run.err);
  return run;
}

bool refused(db::Connection& conn, const std::string& sql, const std::vector<db::Value>& params) {
  try {
    conn.exec(sql, params);
  } catch (const std::exception&) {
    return true;
  }
  return false;
}

// Lint of the project once the breaking migration is gone: the phases are safe themselves.
void phases_lint_clean(const ProjectCopy& project) {
  auto lint = project.cli("lint", {"--dialect", "postgresql"});
  INFO(lint.out << lint.err);
  CHECK(lint.exit_code == 0);
}

}  // namespace

TEST_CASE(
    "plan: NOT NULL with a default on PostgreSQL is a NOT VALID check, backfill, VALIDATE, "
    "then SET NOT NULL",
    "[plan][flyway][postgres]") {
  ProjectCopy project("");
  write_flyway(project,
               "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'none';\n"
               "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
  auto run = plan(project, "postgresql");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("PM506"));
  CHECK(created(run.out) == std::vector<std::string>{"V3__expand_users_email_not_null.sql",
                                                     "V4__backfill_users_email.sql",
                                                     "V4__backfill_users_email.sql.conf",
                                                     "V5__validate_users_email_not_null.sql",
                                                     "V6__contract_users_email_not_null.sql"});
  CHECK_THAT(project.read("sql/V3__expand_users_email_not_null.sql"), Catch::Contains("NOT VALID"));
  CHECK_THAT(project.read("sql/V5__validate_users_email_not_null.sql"),
             Catch::Contains("VALIDATE CONSTRAINT \"users_email_not_null\""));
  fs::remove(project.root / "sql/V2__breaking.sql");
  phases_lint_clean(project);

  const std::string db = postgres_url();
  up(project, db, "1");
  auto conn = db::open_connection(db::parse_database_url(db));
  conn->exec("INSERT INTO users (id) VALUES ($1)", {db::Value{std::int64_t{1}}});
  up(project, db, "3");
  // New rows: the default fills them, and NULL is refused already.
  conn->exec("INSERT INTO users (id) VALUES ($1)", {db::Value{std::int64_t{2}}});
  CHECK(text_at(*conn, "users", "email", 2) == "none");
  CHECK(refused(*conn, "INSERT INTO users (id, email) VALUES ($1, NULL)",
                {db::Value{std::int64_t{3}}}));
  CHECK_FALSE(text_at(*conn, "users", "email", 1));  // old rows wait for the backfill
  up(project, db, "4");
  CHECK(text_at(*conn, "users", "email", 1) == "none");
  up(project, db, "");
  conn.reset();
  const auto state = live_state(db, {"flyway_schema_history"});
  const schema::Table* users = state.find_table({"", "users"});
  REQUIRE(users);
  const model::Column* email = users->find_column("email", model::Dialect::postgresql);
  REQUIRE(email);
  CHECK_FALSE(email->nullable);
  for (const auto& constraint : users->constraints)
    CHECK(constraint.name != "users_email_not_null");  // the check is gone
}

TEST_CASE("plan: NOT NULL without a value says the validate phase needs the rows filled",
          "[plan][flyway]") {
  ProjectCopy project("");
  write_flyway(project, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
  auto run = plan(project, "postgresql");
  REQUIRE(run.exit_code == 0);
  CHECK(created(run.out) == std::vector<std::string>{"V3__expand_users_email_not_null.sql",
                                                     "V4__validate_users_email_not_null.sql",
                                                     "V5__contract_users_email_not_null.sql"});
  CHECK_THAT(run.out, Catch::Contains("no default or value is given for users.email"));

  // SQLite has no NOT VALID: refused, naming the rule and saying why; nothing written.
  ProjectCopy alembic("alembic/basic");
  const std::string head =
      "from alembic import op\nimport sqlalchemy as sa\n\nbranch_labels = None\n"
      "depends_on = None\n\n\n";
  alembic.write("alembic/versions/4d5e6f7a8b9c_nick.py",
                "revision = '4d5e6f7a8b9c'\ndown_revision = '3c4d5e6f7a8b'\n" + head +
                    "def upgrade():\n"
                    "    op.add_column('users', sa.Column('nick', sa.String(20)))\n\n\n"
                    "def downgrade():\n    op.drop_column('users', 'nick')\n");
  alembic.write("alembic/versions/5e6f7a8b9c0d_nick_required.py",
                "revision = '5e6f7a8b9c0d'\ndown_revision = '4d5e6f7a8b9c'\n" + head +
                    "def upgrade():\n"
                    "    op.alter_column('users', 'nick', nullable=False)\n\n\n"
                    "def downgrade():\n    op.alter_column('users', 'nick', nullable=True)\n");
  const auto before = alembic.files("alembic/versions");
  auto refused_run = alembic.cli("plan", {"5e6f7a8b9c0d", "--dialect", "sqlite"});
  INFO(refused_run.out << refused_run.err);
  CHECK(refused_run.exit_code == 2);
  CHECK_THAT(refused_run.err, Catch::Contains("PM506 set-not-null: not planned for this change"));
  CHECK_THAT(refused_run.err, Catch::Contains("SQLite has no NOT VALID"));
  CHECK(alembic.files("alembic/versions") == before);
}

TEST_CASE("plan: a foreign key on PostgreSQL is added NOT VALID, then validated",
          "[plan][flyway][postgres]") {
  ProjectCopy project("");
  write_flyway(project,
               "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
               "REFERENCES users (id);\n");
  auto run = plan(project, "postgresql");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("PM512"));
  CHECK(created(run.out) == std::vector<std::string>{"V3__expand_orders_orders_user_fk.sql",
                                                     "V4__validate_orders_orders_user_fk.sql"});
  fs::remove(project.root / "sql/V2__breaking.sql");
  phases_lint_clean(project);

  const std::string db = postgres_url();
  up(project, db, "3");
  auto conn = db::open_connection(db::parse_database_url(db));
  // NOT VALID still checks new rows.
  CHECK(refused(*conn, "INSERT INTO orders (id, user_id) VALUES ($1, $2)",
                {db::Value{std::int64_t{1}}, db::Value{std::int64_t{99}}}));
  conn->exec("INSERT INTO users (id) VALUES ($1)", {db::Value{std::int64_t{5}}});
  conn->exec("INSERT INTO orders (id, user_id) VALUES ($1, $2)",
             {db::Value{std::int64_t{1}}, db::Value{std::int64_t{5}}});
  const std::string validated =
      "SELECT CASE WHEN convalidated THEN 'yes' ELSE 'no' END FROM pg_constraint WHERE conname "
      "= $1";
  auto valid = conn->query(validated, {db::Value{std::string("orders_user_fk")}});
  REQUIRE(valid.rows.size() == 1);
  CHECK(db::as_text(valid.rows[0][0]) == "no");
  up(project, db, "");
  valid = conn->query(validated, {db::Value{std::string("orders_user_fk")}});
  CHECK(db::as_text(valid.rows[0][0]) == "yes");
}

TEST_CASE("plan: a column added with REFERENCES and CHECK gets both NOT VALID, validated later",
          "[plan][flyway][postgres]") {
  ProjectCopy project("");
  write_flyway(project,
               "ALTER TABLE orders ADD COLUMN buyer_id INTEGER REFERENCES users (id) "
               "CHECK (buyer_id > 0);\n");
  auto run = plan(project, "postgresql");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("PM512"));
  CHECK_THAT(run.out, Catch::Contains("PM513"));
  const auto files = created(run.out);
  REQUIRE(files.size() == 2);
  const std::string expand = project.read("sql/" + files[0]);
  CHECK_THAT(expand, Catch::Contains("orders_buyer_id_fkey"));
  CHECK_THAT(expand, Catch::Contains("orders_buyer_id_check"));
  fs::remove(project.root / "sql/V2__breaking.sql");
  phases_lint_clean(project);

  const std::string db = postgres_url();
  up(project, db, "");
  auto conn = db::open_connection(db::parse_database_url(db));
  conn->exec("INSERT INTO users (id) VALUES ($1)", {db::Value{std::int64_t{5}}});
  CHECK(refused(*conn, "INSERT INTO orders (id, buyer_id) VALUES ($1, $2)",
                {db::Value{std::int64_t{1}}, db::Value{std::int64_t{99}}}));
  CHECK(refused(*conn, "INSERT INTO orders (id, buyer_id) VALUES ($1, $2)",
                {db::Value{std::int64_t{1}}, db::Value{std::int64_t{-1}}}));
  conn->exec("INSERT INTO orders (id, buyer_id) VALUES ($1, $2)",
             {db::Value{std::int64_t{1}}, db::Value{std::int64_t{5}}});
  auto valid = conn->query(
      "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND convalidated "
      "AND contype IN ('f', 'c')",
      {});
  CHECK(db::as_text(valid.rows[0][0]) == "2");
}
