#include "prisma/real_prisma.hpp"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "db/database_url.hpp"
#include "support/postgres_server.hpp"
#include "support/run_cli.hpp"

namespace pm::test {

namespace fs = std::filesystem;

namespace {

// The shared npm tools folder ctest's npm_tools fixture fills (tests/npm/install.sh).
fs::path cli_dir() {
  const fs::path path = POLYMIGRATE_NPM_TOOLS_DIR;
  if (!fs::exists(path / "node_modules" / "prisma" / "build" / "index.js"))
    throw std::runtime_error(
        "the Prisma interop tests need the CLI that ctest's fixture npm_tools installs "
        "(tests/npm/install.sh; run through ctest): " +
        path.string());
  return path;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

PrismaDatabase sqlite_prisma_database(const fs::path& file) {
  return {model::Dialect::sqlite, "sqlite:" + file.string(), "file:" + file.string()};
}

PrismaDatabase postgres_prisma_database() {
  const std::string url = postgres_url();
  return {model::Dialect::postgresql, url, url};
}

void prepare_prisma_project(const fs::path& project, const PrismaDatabase& db) {
  const fs::path schema = project / "prisma" / "schema.prisma";
  const std::string provider = db.dialect == model::Dialect::sqlite ? "sqlite" : "postgresql";
  const std::string text = std::regex_replace(
      read_text(schema), std::regex(R"re(provider\s*=\s*"(sqlite|postgresql)")re"),
      "provider = \"" + provider + "\"", std::regex_constants::format_first_only);
  std::ofstream(schema, std::ios::binary | std::ios::trunc) << text;
  fs::copy_file(source_path("tests/prisma/interop/prisma.config." + provider + ".ts"),
                project / "prisma.config.ts", fs::copy_options::overwrite_existing);
  std::error_code ec;
  fs::remove(project / "node_modules", ec);
  fs::create_directory_symlink(cli_dir() / "node_modules", project / "node_modules");
}

ProcessResult run_prisma(const fs::path& project, const PrismaDatabase& db,
                         const std::vector<std::string>& args) {
  std::map<std::string, std::string> env = {
      {"DATABASE_URL", db.prisma_url},
      {"CHECKPOINT_DISABLE", "1"},  // no telemetry call
      {"PRISMA_HIDE_UPDATE_MESSAGE", "1"},
      {"NO_COLOR", "1"},
      {"CI", "1"},  // never prompt
      // The query compiler instead of the query engine library: with the driver adapter of
      // prisma.config.ts the CLI then downloads no engine at all.
      {"PRISMA_CLIENT_ENGINE_TYPE", "client"},
  };
  if (db.dialect == model::Dialect::sqlite) {
    env["POLYMIGRATE_SQLITE_URL"] = db.prisma_url;
  } else {
    const auto parsed = db::parse_database_url(db.polymigrate_url);
    env["POLYMIGRATE_PG_HOST"] = parsed.host;
    env["POLYMIGRATE_PG_PORT"] = parsed.port;
    env["POLYMIGRATE_PG_USER"] = parsed.user;
    env["POLYMIGRATE_PG_DATABASE"] = parsed.database;
  }
  // Node from PATH, as a user's `npx prisma` finds it.
  std::vector<std::string> all = {
      "node", (cli_dir() / "node_modules" / "prisma" / "build" / "index.js").string()};
  all.insert(all.end(), args.begin(), args.end());
  return run_process("/usr/bin/env", all, project, env);
}

}  // namespace pm::test
