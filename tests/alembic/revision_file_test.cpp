// Revision files are read as Alembic's Script reads the imported module, without running them.
#include "adapters/alembic/revision_file.hpp"

#include <catch2/catch.hpp>

using namespace pm::alembic;

TEST_CASE("which files are revisions: _only_source_rev_file", "[alembic]") {
  CHECK(is_revision_file_name("ae1027a6acf_add_users.py"));
  CHECK(is_revision_file_name("anything.py"));
  CHECK_FALSE(is_revision_file_name("__init__.py"));
  CHECK_FALSE(is_revision_file_name("__init__x.py"));
  CHECK_FALSE(is_revision_file_name(".#ae10_lock.py"));  // an Emacs lock file
  CHECK_FALSE(is_revision_file_name("ae10.pyc"));
  CHECK_FALSE(is_revision_file_name("README"));
}

TEST_CASE("annotated identifiers, double quotes, tuple merges", "[alembic]") {
  auto file = read_revision_file(
      "\"\"\"merge heads\n\nRevision ID: m1\n\"\"\"\n"
      "revision: str = \"m1\"\n"
      "down_revision: Union[str, Sequence[str], None] = (\"a1\", 'b1')\n"
      "branch_labels: Union[str, Sequence[str], None] = None\n"
      "depends_on: Union[str, Sequence[str], None] = 'lbl'\n"
      "def upgrade() -> None:\n    pass\n"
      "def downgrade() -> None:\n    pass\n",
      "versions/m1.py", "m1.py");
  CHECK(file.diagnostics.empty());
  CHECK(file.revision == "m1");
  CHECK(file.revision_line == 5);
  CHECK(file.down_revisions == std::vector<std::string>{"a1", "b1"});
  CHECK(file.branch_labels.empty());
  CHECK(file.depends_on == std::vector<std::string>{"lbl"});
  CHECK(file.doc == "merge heads");
  REQUIRE(file.downgrade.has_value());
  CHECK(file.downgrade->script.empty());  // `pass`: an empty down script, which is legitimate
}

TEST_CASE("unannotated single quotes, lists, labels as a string, missing optional names",
          "[alembic]") {
  auto file = read_revision_file(
      "revision = 'ae1027a6acf'\ndown_revision = ['x', 'y']\nbranch_labels = 'billing'\n", "v/a.py",
      "a.py");
  CHECK(file.revision == "ae1027a6acf");
  CHECK(file.down_revisions == std::vector<std::string>{"x", "y"});
  CHECK(file.branch_labels == std::vector<std::string>{"billing"});
  CHECK(file.depends_on.empty());
  CHECK_FALSE(file.upgrade.has_value());
  CHECK_FALSE(file.downgrade.has_value());
}

TEST_CASE("legacy files without `revision` take the id from the file name", "[alembic]") {
  auto legacy = read_revision_file("down_revision = None\n", "v/3f2a.py", "3f2a.py");
  CHECK(legacy.revision == "3f2a");
  auto bad = read_revision_file("down_revision = None\n", "v/add_users.py", "add_users.py");
  CHECK_FALSE(bad.revision);
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].code == "PM131");
  CHECK(bad.diagnostics[0].file == "v/add_users.py");
}

TEST_CASE(
    "illegal characters, self loops, computed ids and syntax errors are diagnostics with lines",
    "[alembic]") {
  auto illegal =
      read_revision_file("\nrevision = 'a-b:c'\ndown_revision = None\n", "v/x.py", "x.py");
  REQUIRE(illegal.diagnostics.size() == 1);
  CHECK(illegal.diagnostics[0].code == "PM132");
  CHECK(illegal.diagnostics[0].message ==
        "Character(s) '-, :' not allowed in revision identifier 'a-b:c'");
  CHECK(illegal.diagnostics[0].line == 2);

  auto loop = read_revision_file("revision = 'a'\ndown_revision = 'a'\n", "v/x.py", "x.py");
  REQUIRE(loop.diagnostics.size() == 1);
  CHECK(loop.diagnostics[0].code == "PM136");

  auto computed = read_revision_file("revision = make_id()\n", "v/x.py", "x.py");
  CHECK(computed.diagnostics.front().code == "PM133");

  auto broken = read_revision_file("revision = 'a'\n\ndef upgrade(:\n    pass\n", "v/x.py", "x.py");
  REQUIRE(broken.diagnostics.size() == 1);
  CHECK(broken.diagnostics[0].code == "PM130");
  CHECK(broken.diagnostics[0].line == 3);
}

TEST_CASE("to_migration: key, parents, counts of translated calls", "[alembic]") {
  auto file = read_revision_file(
      "revision = 'b'\ndown_revision = 'a'\n"
      "def upgrade():\n    op.add_column('t', sa.Column('c', sa.Integer()))\n    helper()\n"
      "def downgrade():\n    op.drop_column('t', 'c')\n",
      "v/b.py", "b.py");
  auto m = to_migration(std::move(file), "v/b.py");
  CHECK(m.key == "b");
  CHECK(m.parents == std::vector<std::string>{"a"});
  CHECK(m.up.size() == 2);
  CHECK(m.extras["op_calls"] == "2");
  CHECK(m.extras["translated_calls"] == "2");
  CHECK(m.extras["opaque_steps"] == "1");
  REQUIRE(m.down.has_value());
  CHECK(m.down_source.line_begin == 6);
}
