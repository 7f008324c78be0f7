// Each pinned grammar loads into Debian's tree-sitter runtime and parses real migration code.
#include <catch2/catch.hpp>
#include <cstring>

#include "parse/syntax_tree.hpp"

using pm::parse::Language;
using pm::parse::SyntaxTree;

namespace {

std::string root_type(const SyntaxTree& tree) { return ts_node_type(tree.root()); }

}  // namespace

TEST_CASE("every grammar declares an ABI the runtime accepts", "[parse]") {
  for (auto language : {Language::python, Language::javascript, Language::typescript, Language::tsx}) {
    INFO(pm::parse::to_string(language));
    TSParser* parser = ts_parser_new();
    CHECK(ts_parser_set_language(parser, pm::parse::grammar(language)));
    CHECK(ts_language_version(pm::parse::grammar(language)) == 14);
    ts_parser_delete(parser);
  }
}

TEST_CASE("python grammar parses an Alembic revision", "[parse]") {
  SyntaxTree tree(Language::python,
                  "revision: str = 'ae1027a6acf'\n"
                  "down_revision = ('a', 'b')\n"
                  "def upgrade() -> None:\n"
                  "    op.add_column('t', sa.Column('c', sa.String(50), nullable=False))\n");
  CHECK(root_type(tree) == "module");
  CHECK_FALSE(tree.has_errors());
  CHECK(ts_node_named_child_count(tree.root()) == 3);
  TSNode def = ts_node_named_child(tree.root(), 2);
  CHECK(std::strcmp(ts_node_type(def), "function_definition") == 0);
  CHECK(SyntaxTree::line(def) == 3);
  CHECK(tree.text(ts_node_child_by_field_name(def, "name", 4)) == "upgrade");
}

TEST_CASE("javascript grammar parses a Knex migration", "[parse]") {
  SyntaxTree tree(Language::javascript,
                  "exports.up = function (knex) {\n"
                  "  return knex.schema.createTable('users', (t) => { t.increments(); t.string('email', 120); });\n"
                  "};\n"
                  "exports.config = { transaction: false };\n");
  CHECK(root_type(tree) == "program");
  CHECK_FALSE(tree.has_errors());
  CHECK(ts_node_named_child_count(tree.root()) == 2);
}

TEST_CASE("typescript and tsx grammars parse typed migrations", "[parse]") {
  SyntaxTree ts(Language::typescript,
                "import { Knex } from 'knex';\n"
                "export async function up(knex: Knex): Promise<void> {\n"
                "  await knex.schema.alterTable('users', (t) => t.dropColumn('email'));\n"
                "}\n");
  CHECK(root_type(ts) == "program");
  CHECK_FALSE(ts.has_errors());
  SyntaxTree tsx(Language::tsx, "export const up = async (knex: Knex) => <T,>(x: T) => x;\n");
  CHECK(root_type(tsx) == "program");
}

TEST_CASE("a syntax error is reported, not hidden", "[parse]") {
  SyntaxTree tree(Language::python, "def upgrade(:\n    pass\n");
  CHECK(tree.has_errors());
}
