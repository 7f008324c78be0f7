#include "lint/lint_projects.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "engine/project_loader.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace pm::test {

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string number(std::size_t index) {
  std::string n = std::to_string(index + 1);
  return std::string(2 - std::min<std::size_t>(2, n.size()), '0') + n;
}

std::string indent(const std::string& body) {
  std::string out;
  std::size_t start = 0;
  while (start <= body.size()) {
    const std::size_t end = body.find('\n', start);
    const std::string line = body.substr(start, end == std::string::npos ? end : end - start);
    out += "    " + line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> write_lint_project(const fs::path& root, const LintProjectSpec& spec) {
  const bool pg = spec.dialect == model::Dialect::postgresql;
  std::vector<std::string> files;
  if (spec.framework == "flyway") {
    write(root / "flyway.conf",
          std::string("flyway.locations=filesystem:sql\nflyway.url=") +
              (pg ? "jdbc:postgresql://localhost/app" : "jdbc:sqlite:app.db") + "\n");
    for (std::size_t i = 0; i < spec.migrations.size(); ++i) {
      files.push_back("sql/V" + std::to_string(i + 1) + "__m" + number(i) + ".sql");
      write(root / files.back(), spec.migrations[i]);
    }
  } else if (spec.framework == "prisma") {
    const std::string provider = pg ? "postgresql" : "sqlite";
    write(root / "prisma/schema.prisma",
          "datasource db {\n  provider = \"" + provider + "\"\n  url = \"" +
              (pg ? "postgresql://u@localhost/app" : "file:./app.db") + "\"\n}\n");
    write(root / "prisma/migrations/migration_lock.toml", "provider = \"" + provider + "\"\n");
    for (std::size_t i = 0; i < spec.migrations.size(); ++i) {
      files.push_back("prisma/migrations/202401010000" + number(i) + "_m" + number(i) +
                      "/migration.sql");
      write(root / files.back(), spec.migrations[i]);
    }
  } else if (spec.framework == "alembic") {
    write(root / "alembic.ini",
          std::string("[alembic]\nscript_location = %(here)s/alembic\nsqlalchemy.url = ") +
              (pg ? "postgresql://u@localhost/app" : "sqlite:///app.db") + "\n");
    for (std::size_t i = 0; i < spec.migrations.size(); ++i) {
      files.push_back("alembic/versions/r" + number(i) + "_m.py");
      const std::string down = i == 0 ? "None" : "'r" + number(i - 1) + "'";
      write(root / files.back(),
            "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'r" + number(i) +
                "'\ndown_revision = " + down +
                "\nbranch_labels = None\ndepends_on = None\n\n\ndef "
                "upgrade():\n" +
                indent(spec.migrations[i]) + "\n\ndef downgrade():\n    pass\n");
    }
  } else if (spec.framework == "knex") {
    write(root / "knexfile.js", std::string("module.exports = {\n  client: '") +
                                    (pg ? "pg" : "sqlite3") +
                                    "',\n  migrations: { directory: './migrations' },\n};\n");
    for (std::size_t i = 0; i < spec.migrations.size(); ++i) {
      files.push_back("migrations/202401010000" + number(i) + "_m" + number(i) + ".js");
      const std::string& text = spec.migrations[i];
      const bool whole = text.starts_with("exports.") || text.starts_with("module.exports");
      write(root / files.back(), whole ? text
                                       : "exports.up = async function (knex) {\n" + text +
                                             "\n};\n\nexports.down = async function () {};\n");
    }
  }
  for (const auto& [path, content] : spec.extra_files) write(root / path, content);
  return files;
}

lint::LintResult lint_spec(const LintProjectSpec& spec, const lint::LintOptions* options) {
  TempDir dir;
  write_lint_project(dir.path(), spec);
  adapters::LoadOptions load_options;
  load_options.dialect = spec.dialect;
  auto loaded = engine::load_project(dir.path(), spec.framework, load_options);
  INFO(spec.framework << " project diagnostics: " << loaded.project.all_diagnostics().size());
  for (const auto& d : loaded.project.all_diagnostics()) UNSCOPED_INFO(model::format(d));
  REQUIRE_FALSE(model::has_errors(loaded.project.all_diagnostics()));
  REQUIRE(loaded.project.history.size() == spec.migrations.size());
  lint::LintOptions chosen;
  chosen.dialect = spec.dialect;
  if (options) chosen = *options;
  return lint::lint_project(loaded.project, chosen);
}

std::vector<std::string> codes(const lint::MigrationLint& migration) {
  std::vector<std::string> out;
  for (const auto& finding : migration.findings) out.push_back(finding.diagnostic.code);
  return out;
}

}  // namespace pm::test
