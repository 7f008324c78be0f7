// alembic.ini is read with configparser's rules, interpolation and Alembic's `here` included.
#include "adapters/alembic/ini_config.hpp"

#include <catch2/catch.hpp>

using pm::alembic::IniFile;

TEST_CASE("configparser: sections, both separators, lower-cased keys, full-line comments",
          "[alembic]") {
  auto ini = IniFile::parse(
      "# comment\n[alembic]\nScript_Location = migrations\n; another\nsqlalchemy.url: "
      "sqlite:///x.db\n"
      "file_template = %%(rev)s_%%(slug)s # not a comment\n");
  CHECK(ini.get("alembic", "script_location") == "migrations");
  CHECK(ini.get("alembic", "sqlalchemy.url") == "sqlite:///x.db");
  // `%%` is a literal percent; inline comments are not comments by default.
  CHECK(ini.get("alembic", "file_template") == "%(rev)s_%(slug)s # not a comment");
  CHECK(ini.line_of("alembic", "sqlalchemy.url") == 5);
  CHECK_FALSE(ini.get("alembic", "missing"));
}

TEST_CASE("configparser: indented continuation lines join with newlines", "[alembic]") {
  auto ini =
      IniFile::parse("[alembic]\nversion_locations =\n    %(here)s/a\n    %(here)s/b\nnext = 1\n",
                     {{"here", "/p"}});
  CHECK(ini.get("alembic", "version_locations") == "/p/a\n/p/b");
  CHECK(ini.get("alembic", "next") == "1");
}

TEST_CASE("configparser: interpolation from the section, DEFAULT and `here`", "[alembic]") {
  auto ini = IniFile::parse(
      "[DEFAULT]\nbase = db\n[alembic]\nname = app\nurl = "
      "sqlite:///%(here)s/%(base)s/%(name)s.db\n",
      {{"here", "/srv"}});
  CHECK(ini.get("alembic", "url") == "sqlite:////srv/db/app.db");
  std::string error;
  auto bad = IniFile::parse("[alembic]\nx = %(nope)s\n").get("alembic", "x", &error);
  CHECK_FALSE(error.empty());
}
