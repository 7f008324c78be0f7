// The idioms the Alembic writer uses read back as the ops they came from: SQLAlchemy's
// autoincrement for a one-column PrimaryKeyConstraint, column CHECKs, sqlite_where, FLOAT(53),
// autocommit blocks, batch mode's reflect_args, and "\:" (text()'s escaped colon).
#include <catch2/catch.hpp>

#include "adapters/alembic/revision_file.hpp"

using namespace pm;
using namespace pm::alembic;

namespace {

RevisionFile read(const std::string& upgrade_body) {
  auto file = read_revision_file(
      "revision = 'r'\ndown_revision = None\n\ndef upgrade():\n" + upgrade_body, "v/r.py", "r.py");
  REQUIRE(file.diagnostics.empty());
  REQUIRE(file.upgrade.has_value());
  return file;
}

template <typename T>
const T& op_at(const model::Script& script, std::size_t index) {
  REQUIRE(index < script.size());
  const auto* step = std::get_if<model::OpStep>(&script[index]);
  REQUIRE(step);
  const auto* op = std::get_if<T>(&step->op);
  REQUIRE(op);
  return *op;
}

}  // namespace

TEST_CASE("alembic idioms: a one-column PrimaryKeyConstraint numbers an integer key",
          "[alembic][writer]") {
  auto file = read(
      "    op.create_table('a', sa.Column('id', sa.Integer(), nullable=False), "
      "sa.PrimaryKeyConstraint('id'))\n"
      "    op.create_table('b', sa.Column('id', sa.Integer(), autoincrement=False, "
      "nullable=False), sa.PrimaryKeyConstraint('id'))\n"
      "    op.create_table('c', sa.Column('id', sa.Integer(), nullable=False), "
      "sa.Column('a_id', sa.Integer()), sa.ForeignKeyConstraint(['id'], ['a.id']), "
      "sa.PrimaryKeyConstraint('id'))\n"
      "    op.create_table('d', sa.Column('code', sa.String(3), nullable=False), "
      "sa.PrimaryKeyConstraint('code'))\n"
      "    op.create_table('e', sa.Column('x', sa.Integer(), nullable=False), sa.Column('y', "
      "sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('x', 'y'))\n");
  const auto& script = file.upgrade->script;
  CHECK(op_at<model::CreateTable>(script, 0).columns[0].autoincrement);
  CHECK_FALSE(op_at<model::CreateTable>(script, 1).columns[0].autoincrement);
  CHECK_FALSE(op_at<model::CreateTable>(script, 2).columns[0].autoincrement);  // a foreign key
  CHECK_FALSE(op_at<model::CreateTable>(script, 3).columns[0].autoincrement);  // not an integer
  CHECK_FALSE(op_at<model::CreateTable>(script, 4).columns[0].autoincrement);  // two columns
}

TEST_CASE("alembic idioms: column CHECKs, sqlite_where and FLOAT(53)", "[alembic][writer]") {
  auto file = read(
      "    op.create_table('t', sa.Column('n', sa.Integer(), sa.CheckConstraint(sa.text('n > "
      "0')), nullable=True), sa.Column('d', sa.Float(precision=53)), sa.Column('r', "
      "sa.REAL()))\n"
      "    op.create_index('t_n', 't', ['n'], sqlite_where=sa.text('n > 1'))\n");
  const auto& create = op_at<model::CreateTable>(file.upgrade->script, 0);
  CHECK(create.columns[0].check == std::optional<std::string>("n > 0"));
  CHECK(create.columns[1].type.kind == model::LogicalType::double_);
  CHECK_FALSE(create.columns[1].type.precision);
  CHECK(create.columns[2].type.kind == model::LogicalType::float_);
  CHECK(op_at<model::CreateIndex>(file.upgrade->script, 1).where == "n > 1");
}

TEST_CASE("alembic idioms: an autocommit block runs its steps outside the transaction",
          "[alembic][writer]") {
  auto file = read(
      "    op.create_table('t', sa.Column('n', sa.Integer()))\n"
      "    with op.get_context().autocommit_block():\n"
      "        op.create_index('t_n', 't', ['n'], postgresql_concurrently=True)\n"
      "        op.execute('VACUUM')\n");
  const auto& script = file.upgrade->script;
  REQUIRE(script.size() == 3);
  CHECK(op_at<model::CreateIndex>(script, 1).concurrently);
  const auto* vacuum = std::get_if<model::SqlStep>(&script[2]);
  REQUIRE(vacuum);
  CHECK(vacuum->no_transaction);
  CHECK(file.upgrade->autocommit);
  const auto migration = to_migration(std::move(file), "v/r.py");
  CHECK_FALSE(migration.transactional);
  CHECK(migration.extras.at("opaque_steps") == "0");
}

TEST_CASE("alembic idioms: batch mode's reflect_args and text()'s escaped colon",
          "[alembic][writer]") {
  auto file = read(
      "    with op.batch_alter_table('t', reflect_args=[sa.Column('note', sa.Text(), "
      "server_default=sa.text(\"'a \\\\:b'\"))]) as batch_op:\n"
      "        batch_op.drop_column('x')\n"
      "    op.execute(sa.text(\"UPDATE t SET note = 'c \\\\:d'\"))\n"
      "    op.execute(\"UPDATE t SET note = 'e \\\\:f'\")\n"
      "    op.execute(sa.text('SELECT 1::int, \\'12:30\\''))\n");
  const auto& script = file.upgrade->script;
  REQUIRE(script.size() == 4);
  CHECK(op_at<model::DropColumn>(script, 0).column == "x");
  CHECK(std::get<model::SqlStep>(script[1]).text == "UPDATE t SET note = 'c :d'");
  CHECK(std::get<model::SqlStep>(script[2]).text == "UPDATE t SET note = 'e :f'");
  CHECK(std::get<model::SqlStep>(script[3]).text == "SELECT 1::int, '12:30'");
}
