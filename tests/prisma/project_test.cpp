// Reading a Prisma project as the CLI reads it: where the schema is, the datasource and its
// env("...") URL from the environment or .env files, the migrations folder, the lock file.
#include <catch2/catch.hpp>

#include "adapters/prisma/checksum.hpp"
#include "adapters/prisma/dotenv.hpp"
#include "adapters/prisma/migrations_directory.hpp"
#include "adapters/prisma/prisma_adapter.hpp"
#include "adapters/prisma/user_facing_errors.hpp"
#include "prisma/prisma_fixture.hpp"

using namespace pm;
using prisma::prisma_adapter;

namespace {

std::vector<std::string> keys(const model::Project& project) {
  std::vector<std::string> out;
  for (auto index : project.history.order()) out.push_back(project.history.migrations()[index].key);
  return out;
}

const std::string& script(const model::Migration& m) {
  return std::get<model::SqlStep>(m.up.at(0)).text;
}

}  // namespace

TEST_CASE("prisma project: the sqlite fixture reads as Prisma lists it", "[prisma][project]") {
  const auto root = test::source_path("fixtures/prisma/sqlite");
  REQUIRE(prisma_adapter().detect(root));
  auto project = prisma_adapter().load(root, {});
  CHECK(project.all_diagnostics().empty());
  CHECK(project.framework == "prisma");
  CHECK(keys(project) ==
        std::vector<std::string>{"0_init", "20240201100000_add_posts", "20240202110000_add_tags",
                                 "20240203120000_tag_names", "20240204090000_backfill_titles"});
  CHECK(project.config.dialect == model::Dialect::sqlite);
  CHECK(project.config.version_table == "_prisma_migrations");
  CHECK(project.config.settings.at("lock_provider") == "sqlite");
  CHECK(project.config.settings.at("schema") == "prisma/schema.prisma");
  // .env beside the project: file:./dev.db is relative to the schema file.
  CHECK(project.config.database_url == "sqlite:" + (root / "prisma" / "dev.db").string());

  const auto& init = *project.history.find("0_init");
  CHECK(init.parents.empty());
  CHECK(init.description == "init");
  CHECK(init.source.file == "prisma/migrations/0_init/migration.sql");
  REQUIRE(init.up.size() == 1);  // the whole file, one call, as Prisma sends it
  CHECK(init.checksum->text == prisma::render_checksum(script(init)));
  CHECK(project.history.find("20240201100000_add_posts")->parents ==
        std::vector<std::string>{"0_init"});
}

TEST_CASE("prisma project: CRLF and BOM bytes are hashed as they are", "[prisma][project]") {
  auto project = prisma_adapter().load(test::source_path("fixtures/prisma/postgresql"), {});
  const auto& crlf = *project.history.find("20240201100000_add_posts");
  CHECK(script(crlf).find("\r\n") != std::string::npos);
  CHECK(crlf.checksum->text == prisma::render_checksum(script(crlf)));
  // The LF form of the same file matches too (the engine's line-ending tolerance).
  std::string lf = script(crlf);
  for (std::size_t at; (at = lf.find("\r\n")) != std::string::npos;) lf.replace(at, 2, "\n");
  CHECK(prisma_adapter().checksum_matches(model::Checksum::of_text(prisma::render_checksum(lf)),
                                          crlf));

  const auto& bom = *project.history.find("20240202110000_add_tags");
  CHECK(script(bom).rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(bom.checksum->text == prisma::render_checksum(script(bom)));
  CHECK_FALSE(prisma_adapter().checksum_matches(
      model::Checksum::of_text(prisma::render_checksum(script(bom).substr(3))), bom));
}

TEST_CASE("prisma project: env(\"X\") comes from the environment before .env files",
          "[prisma][project]") {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("sqlite", dir);
  adapters::LoadOptions options;
  options.env["DATABASE_URL"] = "file:/data/prod.db";
  CHECK(prisma_adapter().load(root, options).config.database_url == "sqlite:/data/prod.db");

  options.env["DATABASE_URL"] = "postgresql://app:secret@db.example:5432/app?schema=tenant_a";
  auto project = prisma_adapter().load(root, options);
  CHECK(project.config.database_url ==
        "postgresql://app:secret@db.example:5432/app?schema=tenant_a");
  CHECK(project.config.version_schema == "tenant_a");
}

TEST_CASE("prisma project: .env and prisma/.env both load; a conflict is Prisma's error",
          "[prisma][project]") {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("postgresql", dir);
  CHECK_FALSE(
      prisma_adapter().load(root, {}).config.database_url);  // env("DATABASE_URL") unset: no URL

  test::write_bytes(root / "prisma" / ".env",
                    "# beside the schema\nexport DATABASE_URL='postgresql://u@h:5432/d'\n");
  CHECK(prisma_adapter().load(root, {}).config.database_url == "postgresql://u@h:5432/d");

  test::write_bytes(root / ".env", "DATABASE_URL=\"postgresql://other@h:5432/d\"\n");
  auto project = prisma_adapter().load(root, {});
  REQUIRE(project.diagnostics.size() == 1);
  CHECK(project.diagnostics[0].message.rfind(
            "There is a conflict between env vars in .env and prisma/.env", 0) == 0);
  CHECK_THAT(project.diagnostics[0].message, Catch::Contains("  DATABASE_URL\n"));

  // With a prisma.config.ts, Prisma 6 leaves .env files to the config: none are read.
  test::write_bytes(root / "prisma.config.ts", "export default {}\n");
  auto with_config = prisma_adapter().load(root, {});
  CHECK(with_config.diagnostics.empty());
  CHECK_FALSE(with_config.config.database_url);
}

TEST_CASE("prisma project: dotenv syntax", "[prisma][project]") {
  auto env = prisma::parse_dotenv(
      "# comment\nA=plain # trailing\nB=\"two\\nlines\"\nC='${A} kept'\nD=${A}-x\r\nexport E = "
      "spaced \nF=\"multi\nline\"\n",
      {{"A", "outer"}});
  CHECK(env.at("A") == "plain");
  CHECK(env.at("B") == "two\nlines");
  CHECK(env.at("C") == "${A} kept");
  CHECK(env.at("D") == "outer-x");  // the process environment wins in expansions too
  CHECK(env.at("E") == "spaced");
  CHECK(env.at("F") == "multi\nline");
}

TEST_CASE("prisma project: schema locations", "[prisma][project]") {
  test::TempDir dir;
  const auto schema =
      "datasource db {\n  provider = \"postgresql\" // comment\n  url = "
      "\"postgresql://u@h/d\"\n}\n";
  SECTION("package.json prisma.schema") {
    test::write_bytes(dir.path() / "package.json", R"({"prisma": {"schema": "db/main.prisma"}})");
    test::write_bytes(dir.path() / "db" / "main.prisma", schema);
    test::write_bytes(dir.path() / "db" / "migrations" / "1_a" / "migration.sql", "SELECT 1;\n");
    auto project = prisma_adapter().load(dir.path(), {});
    CHECK(project.config.settings.at("schema") == "db/main.prisma");
    CHECK(keys(project) == std::vector<std::string>{"1_a"});
    CHECK(project.config.dialect == model::Dialect::postgresql);
  }
  SECTION("multi-file prisma/schema/: migrations beside the datasource file") {
    test::write_bytes(dir.path() / "prisma" / "schema" / "a_models.prisma",
                      "model A {\n  id Int @id\n}\n");
    test::write_bytes(dir.path() / "prisma" / "schema" / "schema.prisma", schema);
    test::write_bytes(dir.path() / "prisma" / "schema" / "migrations" / "1_a" / "migration.sql",
                      "SELECT 1;\n");
    REQUIRE(prisma_adapter().detect(dir.path()));
    auto project = prisma_adapter().load(dir.path(), {});
    CHECK(project.all_diagnostics().empty());
    CHECK(keys(project) == std::vector<std::string>{"1_a"});
  }
  SECTION("--schema") {
    test::write_bytes(dir.path() / "custom" / "x.prisma", schema);
    adapters::LoadOptions options;
    options.config = "custom/x.prisma";
    CHECK(prisma_adapter().load(dir.path(), options).config.database_url == "postgresql://u@h/d");
  }
}

TEST_CASE("prisma project: a folder without migration.sql is an error, as Prisma's P3015",
          "[prisma][project]") {
  test::TempDir dir;
  const auto root = test::copy_prisma_fixture("postgresql", dir);
  std::filesystem::create_directories(root / "prisma" / "migrations" / "20240301000000_empty");
  auto project = prisma_adapter().load(root, {});
  const auto diagnostics = project.all_diagnostics();
  REQUIRE(diagnostics.size() == 1);
  const auto& d = diagnostics[0];
  CHECK(d.severity == model::Severity::error);
  CHECK(d.message ==
        "Could not find the migration file at "
        "prisma/migrations/20240301000000_empty/migration.sql. Please delete the "
        "directory or restore the migration file. (P3015)");
  CHECK(project.history.size() == 5);  // listed all the same, as the CLI lists every folder
}

TEST_CASE("prisma project: migration_lock.toml names the provider; a mismatch is P3019",
          "[prisma][project]") {
  CHECK(prisma::provider_from_lock_file(
            "# Please do not edit this file manually\n# It should be added in your "
            "version-control system (i.e. Git)\nprovider = \"postgresql\"\n") == "postgresql");
  CHECK(prisma::provider_from_lock_file("provider = \"sqlite\"\r\n") == "sqlite");
  CHECK(prisma::provider_from_lock_file("# nothing\n") == "<PROVIDER NOT FOUND>");

  auto project = prisma_adapter().load(test::source_path("fixtures/prisma/postgresql"), {});
  CHECK_NOTHROW(prisma_adapter().version_table(project, model::Dialect::postgresql));
  try {
    prisma_adapter().version_table(project, model::Dialect::sqlite);
    FAIL("no P3019");
  } catch (const prisma::PrismaError& e) {
    CHECK(e.code() == "P3019");
    CHECK(std::string(e.what()) ==
          "P3019: The datasource provider `sqlite` specified in your schema does not match the one "
          "specified in the "
          "migration_lock.toml, `postgresql`. Please remove your current migration directory and "
          "start a new "
          "migration history with prisma migrate dev. Read more: "
          "https://pris.ly/d/migrate-provider-switch");
  }
  // No lock file, no check: the conformance project runs on both databases.
  auto basic = prisma_adapter().load(test::source_path("fixtures/prisma/basic"), {});
  CHECK_NOTHROW(prisma_adapter().version_table(basic, model::Dialect::postgresql));
  CHECK_NOTHROW(prisma_adapter().version_table(basic, model::Dialect::sqlite));
}

TEST_CASE("prisma project: invalid UTF-8 is read as Node reads it", "[prisma][project]") {
  bool valid = true;
  CHECK(prisma::decode_utf8_as_node("a\xC3\xA9z", &valid) == "a\xC3\xA9z");
  CHECK(valid);
  // A lone lead byte, a truncated sequence, an overlong form: each maximal subpart is one U+FFFD.
  CHECK(prisma::decode_utf8_as_node("a\xC3z", &valid) == "a\xEF\xBF\xBDz");
  CHECK_FALSE(valid);
  CHECK(prisma::decode_utf8_as_node("\xE2\x82", &valid) == "\xEF\xBF\xBD");
  CHECK(prisma::decode_utf8_as_node("\xC0\xAF", &valid) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(prisma::decode_utf8_as_node("\xEF\xBB\xBFx", &valid) == "\xEF\xBB\xBFx");  // BOM kept
}
