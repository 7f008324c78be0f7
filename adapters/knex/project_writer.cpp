#include "adapters/knex/project_writer.hpp"

#include <set>
#include <stdexcept>

#include "adapters/knex/js_text.hpp"
#include "adapters/knex/migration_source.hpp"
#include "adapters/knex/step_writer.hpp"
#include "adapters/project_files.hpp"
#include "schema/replay.hpp"
#include "schema/rollback.hpp"

namespace pm::knex {

namespace {

namespace fs = std::filesystem;

std::string where(const model::SourceSpan& span) {
  return span.file + (span.line_begin > 0 ? ":" + std::to_string(span.line_begin) : "");
}

std::string knexfile(const model::Project& project, model::Dialect dialect) {
  std::string table = "knex_migrations";
  std::string schema;
  if (project.framework == "knex") {
    if (!project.config.version_table.empty()) table = project.config.version_table;
    schema = project.config.version_schema;
  }
  std::string out = "// Written by polymigrate from the " + project.framework + " project " +
                    project.root.filename().string() + ".\n";
  if (dialect == model::Dialect::postgresql) {
    out +=
        "// DATABASE_URL names the PostgreSQL database.\n"
        "module.exports = {\n"
        "  client: 'pg',\n"
        "  connection: process.env.DATABASE_URL,\n";
  } else {
    out +=
        "// DATABASE_FILE names the SQLite file (relative to this folder); else "
        "polymigrate.sqlite3.\n"
        "module.exports = {\n"
        "  client: 'better-sqlite3',\n"
        "  connection: { filename: process.env.DATABASE_FILE || './polymigrate.sqlite3' },\n"
        "  useNullAsDefault: true,\n";
  }
  out +=
      "  migrations: {\n"
      "    directory: './migrations',\n"
      "    tableName: " +
      js_string(table) + ",\n";
  if (!schema.empty()) out += "    schemaName: " + js_string(schema) + ",\n";
  return out + "  },\n};\n";
}

// What the source framework meant that Knex does not have, said at the top of the file.
std::string notes(const model::Project& project, const model::Migration& migration) {
  std::string out;
  if (migration.kind == model::MigrationKind::repeatable)
    out += js_comment(
        "A repeatable migration: Knex runs it once, here, and not again when it changes.", "");
  if (migration.kind == model::MigrationKind::baseline)
    out += js_comment("A baseline migration: Knex runs it like any other.", "");
  if (migration.parents.size() > 1) {
    std::string parents;
    for (const auto& p : migration.parents) parents += (parents.empty() ? "" : ", ") + p;
    out += js_comment("Merges the " + project.framework + " branches " + parents +
                          "; Knex runs one line of migrations, in file name order.",
                      "");
  }
  return out;
}

// The down function's body; sets `no_transaction` when a step of it cannot run in one.
std::string down_body(const model::Migration& migration, const schema::RollbackGenerator& rollbacks,
                      schema::SchemaState after, model::Dialect dialect, bool& no_transaction) {
  if (migration.down) {
    const std::string file =
        migration.down_source.file.empty() ? migration.source.file : migration.down_source.file;
    StepWriter writer(dialect, std::move(after), file);
    writer.script(*migration.down);
    no_transaction = writer.needs_no_transaction();
    return writer.body("  ");
  }
  StepWriter writer(dialect, std::move(after), migration.source.file);
  const schema::Rollback rollback = rollbacks.rollback(migration);
  if (!rollback.ok()) {
    writer.comment("polymigrate: no rollback can be generated for this migration:");
    for (const auto& blocker : rollback.blockers) writer.comment(model::format(blocker));
    writer.stop("no rollback is known for migration " + migration.key + " (" +
                where(migration.source) + "): " + rollback.blockers.front().message);
    return writer.body("  ");
  }
  writer.comment("polymigrate: generated from the schema before and after the migration.");
  for (const auto& warning : rollback.warnings)
    writer.comment("WARNING " + warning.code + ": " + warning.message);
  for (const auto& step : rollback.steps) writer.op(step.op, migration.source.line_begin);
  no_transaction = writer.needs_no_transaction();
  return writer.body("  ");
}

}  // namespace

std::string snake_case(const std::string& text) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string out;
  bool separator = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!lower(c) && !upper(c) && !digit(c)) {
      separator = true;
      continue;
    }
    // "addPosts" -> "add_posts", "HTMLParser" -> "html_parser"
    const bool boundary = upper(c) && i > 0 &&
                          (lower(text[i - 1]) || digit(text[i - 1]) ||
                           (upper(text[i - 1]) && i + 1 < text.size() && lower(text[i + 1])));
    if ((separator || boundary) && !out.empty()) out += '_';
    separator = false;
    out += upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (out.size() > 100) out.resize(100);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "migration" : out;
}

std::string migration_file_name(const model::Project& project, std::size_t index,
                                const model::Migration& migration) {
  if (project.framework == "knex") {
    const std::string ext = js_extname(migration.key);
    return migration.key.substr(0, migration.key.size() - ext.size()) + ".js";
  }
  return adapters::timestamp_after_2000(index) + "_" +
         snake_case(migration.description.empty() ? migration.key : migration.description) + ".js";
}

std::vector<adapters::WrittenFile> knex_project_files(const model::Project& project,
                                                      model::Dialect dialect) {
  std::vector<adapters::WrittenFile> files;
  files.push_back({"knexfile.js", knexfile(project, dialect)});

  const auto replay = schema::replay_history(project.history, dialect);
  const schema::RollbackGenerator rollbacks(project.history, dialect);
  const auto& order = project.history.order();
  std::string previous;
  std::set<std::string> names;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& migration = project.history.migrations()[order[i]];
    const std::string name = migration_file_name(project, i, migration);
    // Knex runs files in name order (FsMigrations: lodash sortBy on the name).
    if (!names.insert(name).second || (!previous.empty() && !js_string_less(previous, name)))
      throw std::invalid_argument(where(migration.source) + ": migration '" + migration.key +
                                  "' would be " + name + ", which Knex would not run after " +
                                  previous + " (one migrations folder sorts by file name)");
    previous = name;

    StepWriter up(dialect, replay.migrations[i].before, migration.source.file);
    up.script(migration.up);
    const std::string up_body = up.body("  ");
    bool down_no_transaction = false;
    const std::string down =
        down_body(migration, rollbacks, replay.migrations[i].after, dialect, down_no_transaction);
    const bool no_transaction =
        !migration.transactional || up.needs_no_transaction() || down_no_transaction;

    std::string source = "// Converted by polymigrate from the " + project.framework +
                         " migration '" + migration.key + "' (" + where(migration.source) + ").\n";
    source += notes(project, migration);
    source += "\nexports.up = async function (knex) {\n" + up_body + "};\n";
    source += "\nexports.down = async function (knex) {\n" + down + "};\n";
    if (no_transaction) source += "\nexports.config = { transaction: false };\n";
    files.push_back({fs::path("migrations") / name, source});
  }
  return files;
}

}  // namespace pm::knex
