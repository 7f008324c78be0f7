// Where a project's revisions, database and version table are, as Alembic's Config finds them.
#include "adapters/alembic/project_config.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace pm::alembic;

namespace {
void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}
}  // namespace

TEST_CASE("SQLAlchemy URLs become polymigrate URLs", "[alembic]") {
  CHECK(convert_sqlalchemy_url("sqlite:///app.db", "/proj") ==
        "sqlite:/proj/app.db");  // three slashes: relative
  CHECK(convert_sqlalchemy_url("sqlite:////var/db/app.db", "/proj") == "sqlite:/var/db/app.db");
  CHECK(convert_sqlalchemy_url("sqlite://", "/proj") == "sqlite::memory:");
  CHECK(convert_sqlalchemy_url("postgresql+psycopg2://u:p@h:5432/db", "/proj") ==
        "postgresql://u:p@h:5432/db");
  CHECK(convert_sqlalchemy_url("postgresql://u@h/db", "/proj") == "postgresql://u@h/db");
  CHECK_FALSE(convert_sqlalchemy_url("mysql+pymysql://u@h/db", "/proj"));
}

TEST_CASE("alembic.ini: script_location with %(here)s, version_locations split by path_separator",
          "[alembic]") {
  pm::test::TempDir dir;
  write(dir.path() / "alembic.ini",
        "[alembic]\nscript_location = %(here)s/migrations\npath_separator = ;\n"
        "version_locations = %(here)s/v1;%(here)s/v2 ; v3\nrecursive_version_locations = true\n"
        "sqlalchemy.url = postgresql+psycopg2://app@db/app\n");
  pm::model::Diagnostics diagnostics;
  auto s = read_alembic_settings(dir.path(), std::nullopt, diagnostics);
  CHECK(diagnostics.empty());
  CHECK(s.script_location == dir.path() / "migrations");
  REQUIRE(s.version_locations.size() == 3);
  CHECK(s.version_locations[0] == dir.path() / "v1");
  CHECK(s.version_locations[2] == dir.path() / "v3");
  CHECK(s.recursive_version_locations);
  CHECK(s.database_url == "postgresql://app@db/app");
}

TEST_CASE("alembic.ini: legacy splitting on spaces and commas, default versions folder",
          "[alembic]") {
  pm::test::TempDir dir;
  write(dir.path() / "alembic.ini",
        "[alembic]\nscript_location = alembic\nversion_locations = a, b c\n");
  pm::model::Diagnostics diagnostics;
  auto s = read_alembic_settings(dir.path(), std::nullopt, diagnostics);
  REQUIRE(s.version_locations.size() == 3);
  CHECK(s.version_locations[1] == dir.path() / "b");

  write(dir.path() / "alembic.ini",
        "[alembic]\nscript_location = alembic\nrecursive_version_locations = True\n");
  s = read_alembic_settings(dir.path(), std::nullopt, diagnostics);
  CHECK(s.version_locations == std::vector<fs::path>{dir.path() / "alembic" / "versions"});
  CHECK_FALSE(s.recursive_version_locations);  // only the exact text "true" counts
}

TEST_CASE("[tool.alembic] in pyproject.toml, the ini winning where both set a key", "[alembic]") {
  pm::test::TempDir dir;
  write(dir.path() / "pyproject.toml",
        "[tool.alembic]\nscript_location = \"%(here)s/db\"\nversion_locations = "
        "[\"%(here)s/db/v\", \"other\"]\n");
  pm::model::Diagnostics diagnostics;
  auto s = read_alembic_settings(dir.path(), std::nullopt, diagnostics);
  CHECK(diagnostics.empty());
  CHECK(s.script_location == dir.path() / "db");
  REQUIRE(s.version_locations.size() == 2);
  CHECK(s.version_locations[0] == dir.path() / "db" / "v");

  write(dir.path() / "alembic.ini",
        "[alembic]\nscript_location = fromini\nsqlalchemy.url = sqlite:///x.db\n");
  s = read_alembic_settings(dir.path(), std::nullopt, diagnostics);
  CHECK(s.script_location == dir.path() / "fromini");
  CHECK(s.database_url == "sqlite:" + (dir.path() / "x.db").string());
}

TEST_CASE("env.py: literal keyword arguments of context.configure, never run", "[alembic]") {
  auto literals = env_configure_literals(
      "def run_migrations_online():\n"
      "    with engine.connect() as connection:\n"
      "        context.configure(connection=connection, target_metadata=target_metadata,\n"
      "                          version_table='app_versions', version_table_schema=\"meta\",\n"
      "                          transaction_per_migration=True)\n");
  CHECK(literals["version_table"] == "app_versions");
  CHECK(literals["version_table_schema"] == "meta");
  CHECK(literals["transaction_per_migration"] == "true");
  CHECK_FALSE(literals.count("connection"));
}

TEST_CASE("a missing script_location is an error with the file named", "[alembic]") {
  pm::test::TempDir dir;
  write(dir.path() / "alembic.ini", "[alembic]\nsqlalchemy.url = sqlite:///x.db\n");
  pm::model::Diagnostics diagnostics;
  read_alembic_settings(dir.path(), std::nullopt, diagnostics);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == "PM134");
  CHECK(diagnostics[0].file == "alembic.ini");
}
