// `up --delegate` / `down --delegate`: a revision polymigrate could not translate is run by the
// real Alembic (Debian's, /usr/bin/python3), alone, and polymigrate goes on with the others; the
// real Alembic then agrees with the database. On SQLite and PostgreSQL, through a branch and a
// merge.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "adapters/alembic/alembic_adapter.hpp"
#include "adapters/alembic/native_tool.hpp"
#include "db/connection.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"
#include "support/temp_dir.hpp"

using namespace pm;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

// env.py as `alembic init` writes it, cut to what a run needs: the URL from sqlalchemy.url.
constexpr const char* kEnvPy = R"(from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
)";

std::string revision(const std::string& id, const std::string& down, const std::string& upgrade,
                     const std::string& downgrade) {
  return "\"\"\"" + id + "\"\"\"\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = '" +
         id + "'\ndown_revision = " + down + "\nbranch_labels = None\ndepends_on = None\n\n\n" +
         "def upgrade():\n" + upgrade + "\n\ndef downgrade():\n" + downgrade + "\n";
}

// r1 -> r2 (a loop: untranslatable) -> r3a, r3b -> r4 (a merge, a loop again).
void write_project(const test::TempDir& dir) {
  dir.write(
      "alembic.ini",
      "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///unused.db\n");
  dir.write("migrations/env.py", kEnvPy);
  dir.write("migrations/script.py.mako", "");
  dir.write("migrations/versions/r1_accounts.py",
            revision("r1", "None",
                     "    op.create_table('accounts', sa.Column('id', sa.Integer(), "
                     "primary_key=True), sa.Column('name', sa.String(50), nullable=False))",
                     "    op.drop_table('accounts')"));
  dir.write(
      "migrations/versions/r2_seed.py",
      revision("r2", "'r1'",
               "    for name in ['ada', 'alan']:\n"
               "        op.execute(\"INSERT INTO accounts (name) VALUES ('\" + name + \"')\")",
               "    for name in ['ada', 'alan']:\n"
               "        op.execute(\"DELETE FROM accounts WHERE name = '\" + name + \"'\")"));
  dir.write("migrations/versions/r3a_orders.py",
            revision("r3a", "'r2'",
                     "    op.create_table('orders', sa.Column('id', sa.Integer(), "
                     "primary_key=True))",
                     "    op.drop_table('orders')"));
  dir.write("migrations/versions/r3b_invoices.py",
            revision("r3b", "'r2'",
                     "    op.create_table('invoices', sa.Column('id', sa.Integer(), "
                     "primary_key=True))",
                     "    op.drop_table('invoices')"));
  dir.write("migrations/versions/r4_merge.py",
            revision("r4", "('r3a', 'r3b')",
                     "    for table in ['orders', 'invoices']:\n"
                     "        op.add_column(table, sa.Column('note', sa.Text()))",
                     "    for table in ['orders', 'invoices']:\n"
                     "        op.drop_column(table, 'note')"));
}

std::set<std::string> user_tables(const std::string& url) {
  auto conn = db::open_connection(db::parse_database_url(url));
  std::set<std::string> out;
  for (const auto& table : conn->introspect().tables) out.insert(table.name);
  return out;
}

std::int64_t accounts(const std::string& url) {
  auto conn = db::open_connection(db::parse_database_url(url));
  return db::as_int(conn->query("select count(*) from accounts").rows.at(0).at(0)).value_or(-1);
}

// `alembic current` with the same database, through the API the delegation uses.
std::string alembic(const fs::path& root, const std::string& sqlalchemy_url,
                    const std::string& command) {
  const std::string code =
      "import sys\nfrom alembic import command\nfrom alembic.config import Config\n"
      "c = Config(sys.argv[1])\nc.set_main_option('sqlalchemy.url', sys.argv[2])\n"
      "getattr(command, sys.argv[3])(c" +
      std::string(command == "current" ? ")" : ", 'heads')");
  auto result = test::run_process(
      kPython, {"-c", code, (root / "alembic.ini").string(), sqlalchemy_url, command}, root);
  INFO("alembic " << command << ": " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

void delegate_round_trip(const std::string& url, const std::string& sqlalchemy_url) {
  test::TempDir dir;
  write_project(dir);
  const std::string root = dir.path().string();

  // Without --delegate: refused before anything runs, naming the file and line.
  auto refused = test::run_cli({"up", root, "--db", url});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("r2_seed.py:12") != std::string::npos);
  CHECK(refused.err.find("--delegate") != std::string::npos);
  CHECK(user_tables(url).count("accounts") == 0);

  // A dry run names the command and changes nothing.
  auto dry =
      test::run_cli({"up", root, "--db", url, "--delegate", "--native-tool", kPython, "--dry-run"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("upgrade r2` runs 'r2'") != std::string::npos);
  CHECK(user_tables(url).count("accounts") == 0);

  auto up = test::run_cli({"up", root, "--db", url, "--delegate", "--native-tool", kPython});
  INFO(up.out << up.err);
  REQUIRE(up.exit_code == 0);
  CHECK(up.out.find("applied  r2 (r2) in") != std::string::npos);
  CHECK(up.out.find("(by the native tool)") != std::string::npos);
  CHECK(accounts(url) == 2);
  CHECK(user_tables(url) ==
        std::set<std::string>{"accounts", "alembic_version", "invoices", "orders"});
  CHECK(alembic(dir.path(), sqlalchemy_url, "current") == "r4 (head) (mergepoint)\n");
  alembic(dir.path(), sqlalchemy_url, "upgrade");  // nothing left: re-creating a table would fail

  auto status = test::run_cli({"status", root, "--db", url});
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);

  // Down to base: the merge and the seed are reverted by Alembic, the rest by polymigrate.
  auto down = test::run_cli(
      {"down", root, "--db", url, "--to", "base", "--delegate", "--native-tool", kPython});
  INFO(down.out << down.err);
  REQUIRE(down.exit_code == 0);
  CHECK(down.out.find("reverted 5 migration(s)") != std::string::npos);
  CHECK(alembic(dir.path(), sqlalchemy_url, "current").empty());
  CHECK(user_tables(url) == std::set<std::string>{"alembic_version"});
}

model::Migration revision_with_parents(std::string key, std::vector<std::string> parents) {
  model::Migration m;
  m.key = std::move(key);
  m.parents = std::move(parents);
  return m;
}

}  // namespace

TEST_CASE("the Alembic command that runs one revision alone", "[alembic][delegate]") {
  using V = std::vector<std::string>;
  CHECK(alembic::alembic_command(revision_with_parents("b", {"a"}), true) == V{"upgrade", "b"});
  CHECK(alembic::alembic_command(revision_with_parents("b", {"a"}), false) ==
        V{"downgrade", "b@-1"});
  CHECK(alembic::alembic_command(revision_with_parents("a", {}), false) == V{"downgrade", "a@-1"});
  // `m@-1` is an "Ambiguous walk" for Alembic; down to one parent reverts the merge alone.
  CHECK(alembic::alembic_command(revision_with_parents("m", {"x", "y"}), false) ==
        V{"downgrade", "x"});
}

TEST_CASE("up and down --delegate run untranslated revisions with the real Alembic (SQLite)",
          "[alembic][delegate]") {
  test::TempDir db;
  const fs::path file = db.path() / "shared.db";
  delegate_round_trip("sqlite:" + file.string(), "sqlite:///" + file.string());
}

TEST_CASE("up and down --delegate run untranslated revisions with the real Alembic (PostgreSQL)",
          "[alembic][delegate][postgres]") {
  const std::string url = test::postgres_url();
  delegate_round_trip(url, url);
}

TEST_CASE("up --delegate says what it cannot do", "[alembic][delegate]") {
  test::TempDir dir;
  write_project(dir);
  const std::string root = dir.path().string();
  // An in-memory database lives in polymigrate's process only.
  auto memory = test::run_cli(
      {"up", root, "--db", "sqlite::memory:", "--delegate", "--native-tool", kPython});
  CHECK(memory.exit_code == 2);
  CHECK(memory.err.find("in-memory SQLite database") != std::string::npos);
  // A Python without alembic: the run stops at that revision with Python's words; what ran before
  // stays applied, as each revision commits on SQLite.
  test::TempDir db;
  const std::string url = "sqlite:" + (db.path() / "x.db").string();
  auto broken = test::run_cli(
      {"up", root, "--db", url, "--delegate", "--native-tool", kPython + std::string(" -S")});
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 3);
  CHECK(broken.err.find("migration r2 failed") != std::string::npos);
  CHECK(broken.err.find("No module named 'alembic'") != std::string::npos);
  CHECK(broken.out.find("applied  r1") != std::string::npos);
}
