// op.* calls become model ops; anything else is kept as an Opaque step with its span and reason.
#include <catch2/catch.hpp>

#include "adapters/alembic/revision_file.hpp"

using namespace pm;
using namespace pm::alembic;

namespace {

model::Script upgrade_of(const std::string& body) {
  auto file = read_revision_file("revision = 'r'\ndown_revision = None\n\ndef upgrade():\n" + body,
                                 "v/r.py", "r.py");
  REQUIRE(file.diagnostics.empty());
  REQUIRE(file.upgrade.has_value());
  return file.upgrade->script;
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

TEST_CASE("op.create_table with columns, constraints, server defaults and an index", "[alembic]") {
  auto script = upgrade_of(
      "    op.create_table(\n"
      "        'orders',\n"
      "        sa.Column('id', sa.Integer(), nullable=False),\n"
      "        sa.Column('account_id', sa.BigInteger, sa.ForeignKey('billing.accounts.id', "
      "ondelete='CASCADE')),\n"
      "        sa.Column('status', sa.Enum('new', 'paid', name='order_status'), "
      "server_default='new', nullable=False),\n"
      "        sa.Column('placed_at', sa.DateTime(timezone=True), "
      "server_default=sa.text('now()')),\n"
      "        sa.Column('total', sa.Numeric(10, 2)),\n"
      "        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text())),\n"
      "        sa.Column('tags', postgresql.ARRAY(sa.String(length=30))),\n"
      "        sa.Column('ref', sa.dialects.postgresql.UUID(as_uuid=True), index=True),\n"
      "        sa.PrimaryKeyConstraint('id', name='orders_pkey'),\n"
      "        sa.UniqueConstraint('ref'),\n"
      "        sa.CheckConstraint('total >= 0', name='ck_total'),\n"
      "        schema='shop',\n"
      "        if_not_exists=True,\n"
      "    )\n");
  REQUIRE(script.size() == 2);
  const auto& create = op_at<model::CreateTable>(script, 0);
  CHECK(create.table == model::QualifiedName{"shop", "orders"});
  CHECK(create.if_not_exists);
  REQUIRE(create.columns.size() == 8);
  CHECK_FALSE(create.columns[0].nullable);
  CHECK(create.columns[1].type.kind == model::LogicalType::bigint);
  REQUIRE(create.columns[1].references);
  CHECK(create.columns[1].references->table == "billing.accounts");
  CHECK(create.columns[1].references->on_delete == "CASCADE");
  CHECK(create.columns[2].type.enum_values == std::vector<std::string>{"new", "paid"});
  CHECK(create.columns[2].type.enum_name == "order_status");
  CHECK(create.columns[2].default_sql == "'new'");
  CHECK(create.columns[3].type.kind == model::LogicalType::timestamptz);
  CHECK(create.columns[3].default_sql == "now()");
  CHECK(create.columns[4].type.precision == 10);
  CHECK(create.columns[4].type.scale == 2);
  CHECK(create.columns[5].type.kind == model::LogicalType::jsonb);
  CHECK(create.columns[6].type.array);
  CHECK(create.columns[6].type.length == 30);
  CHECK(create.columns[7].type.kind == model::LogicalType::uuid);
  REQUIRE(create.constraints.size() == 3);
  CHECK(create.constraints[0].kind == model::ConstraintKind::primary_key);
  CHECK(create.constraints[0].name == "orders_pkey");
  CHECK(create.constraints[2].check == "total >= 0");
  const auto& index = op_at<model::CreateIndex>(script, 1);
  CHECK(index.name == "ix_orders_ref");  // SQLAlchemy's naming convention for index=True
}

TEST_CASE("op.alter_column: every argument, server_default None drops, rename last", "[alembic]") {
  auto script = upgrade_of(
      "    op.alter_column('users', 'email', existing_type=sa.VARCHAR(length=50), "
      "type_=sa.String(length=120),\n"
      "                    nullable=False, server_default=None, "
      "postgresql_using='email::varchar(120)',\n"
      "                    new_column_name='mail', schema='app')\n");
  REQUIRE(script.size() == 2);
  const auto& alter = op_at<model::AlterColumn>(script, 0);
  CHECK(alter.table == model::QualifiedName{"app", "users"});
  CHECK(alter.type->length == 120);
  CHECK(alter.nullable == false);
  REQUIRE(alter.default_sql);
  CHECK_FALSE(*alter.default_sql);
  CHECK(alter.using_expr == "email::varchar(120)");
  CHECK(op_at<model::RenameColumn>(script, 1).new_name == "mail");
}

TEST_CASE("indexes, constraints, renames and drops", "[alembic]") {
  auto script = upgrade_of(
      "    op.create_index(op.f('ix_t_a'), 't', ['a', sa.text('lower(b)')], unique=True,\n"
      "                    postgresql_concurrently=True, postgresql_where=sa.text('a > 0'), "
      "if_not_exists=True)\n"
      "    op.drop_index('ix_old', table_name='t', if_exists=True)\n"
      "    op.create_foreign_key('fk_t_u', 't', 'users', ['user_id'], ['id'], ondelete='SET "
      "NULL')\n"
      "    op.create_unique_constraint('uq_t_a', 't', ['a'])\n"
      "    op.create_check_constraint('ck_t_a', 't', 'a > 0')\n"
      "    op.drop_constraint('fk_old', 't', type_='foreignkey')\n"
      "    op.rename_table('t', 't2')\n"
      "    op.drop_column('t2', 'c')\n"
      "    op.drop_table('x', if_exists=True)\n");
  REQUIRE(script.size() == 9);
  const auto& index = op_at<model::CreateIndex>(script, 0);
  CHECK(index.columns == std::vector<std::string>{"a", "lower(b)"});
  CHECK(index.unique);
  CHECK(index.concurrently);
  CHECK(index.if_not_exists);
  CHECK(index.where == "a > 0");
  CHECK(op_at<model::DropIndex>(script, 1).if_exists);
  const auto& fk = op_at<model::AddConstraint>(script, 2);
  CHECK(fk.constraint.references->on_delete == "SET NULL");
  CHECK(op_at<model::AddConstraint>(script, 3).constraint.kind == model::ConstraintKind::unique);
  CHECK(op_at<model::AddConstraint>(script, 4).constraint.check == "a > 0");
  CHECK(op_at<model::DropConstraint>(script, 5).kind == model::ConstraintKind::foreign_key);
  CHECK(op_at<model::RenameTable>(script, 6).new_name == "t2");
  CHECK(op_at<model::DropTable>(script, 8).if_exists);
}

TEST_CASE("op.execute (str or sa.text) is SQL; bulk_insert reads sa.table literals", "[alembic]") {
  auto script = upgrade_of(
      "    op.execute(\"UPDATE t SET a = 1\")\n"
      "    op.execute(sa.text('DELETE FROM t'))\n"
      "    roles = sa.table('roles', sa.column('id', sa.Integer), sa.column('name', sa.String))\n"
      "    op.bulk_insert(roles, [{'id': 1, 'name': \"o'neil\"}, {'id': 2, 'name': None}])\n");
  REQUIRE(script.size() == 3);
  CHECK(std::get<model::SqlStep>(script[0]).text == "UPDATE t SET a = 1");
  CHECK(std::get<model::SqlStep>(script[1]).text == "DELETE FROM t");
  const auto& insert = op_at<model::InsertRows>(script, 2);
  CHECK(insert.columns == std::vector<std::string>{"id", "name"});
  CHECK(insert.rows == std::vector<std::vector<std::string>>{{"1", "'o''neil'"}, {"2", "NULL"}});
}

TEST_CASE("batch_alter_table blocks become ops on the batch's table", "[alembic]") {
  auto script = upgrade_of(
      "    with op.batch_alter_table('users', schema=None) as batch_op:\n"
      "        batch_op.add_column(sa.Column('age', sa.Integer(), nullable=True))\n"
      "        batch_op.alter_column('name', existing_type=sa.VARCHAR(), nullable=False)\n"
      "        batch_op.create_index(batch_op.f('ix_users_age'), ['age'], unique=False)\n"
      "        batch_op.drop_constraint('uq_name', type_='unique')\n");
  REQUIRE(script.size() == 4);
  CHECK(op_at<model::AddColumn>(script, 0).table.name == "users");
  CHECK(op_at<model::AlterColumn>(script, 1).nullable == false);
  CHECK(op_at<model::CreateIndex>(script, 2).table.name == "users");
  CHECK(op_at<model::DropConstraint>(script, 3).kind == model::ConstraintKind::unique);
}

TEST_CASE("code that is not an op call stays as Python with its span and reason", "[alembic]") {
  auto script = upgrade_of(
      "    conn = op.get_bind()\n"
      "    for row in conn.execute(sa.text('SELECT 1')):\n"
      "        op.execute('x')\n"
      "    if context.is_offline_mode():\n"
      "        pass\n"
      "    op.create_table('t', sa.Column('id', MyType()))\n"
      "    helpers.seed()\n");
  REQUIRE(script.size() == 5);
  for (const auto& step : script) {
    const auto* opaque = std::get_if<model::OpaqueStep>(&step);
    REQUIRE(opaque);
    CHECK(opaque->language == "python");
    CHECK(opaque->source.file == "v/r.py");
    CHECK_FALSE(opaque->reason.empty());
  }
  const auto& loop = std::get<model::OpaqueStep>(script[1]);
  CHECK(loop.source.line_begin == 6);
  CHECK(loop.source.line_end == 7);
  CHECK(loop.reason.find("loop") != std::string::npos);
  CHECK(std::get<model::OpaqueStep>(script[3]).reason.find("MyType") != std::string::npos);
}
