#include "adapters/flyway/project_writer.hpp"

#include <stdexcept>
#include <type_traits>

#include "adapters/sql_writing.hpp"
#include "schema/replay.hpp"
#include "schema/rollback.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::flyway {

namespace {

namespace fs = std::filesystem;

std::string rollback_sql(const schema::Rollback& rollback) {
  std::string out;
  if (!rollback.ok()) {
    out += "-- polymigrate: no rollback can be generated for this migration:\n";
    for (const auto& blocker : rollback.blockers)
      out += adapters::sql_comment(model::format(blocker));
    return out + adapters::stop_statement("no rollback is known for migration " + rollback.key +
                                          ": " + rollback.blockers.front().message);
  }
  out += "-- polymigrate: generated from the schema before and after the migration.\n";
  for (const auto& warning : rollback.warnings)
    out += adapters::sql_comment("WARNING: " + warning.message);
  for (const auto& step : rollback.steps)
    for (const auto& statement : step.statements) out += adapters::with_semicolon(statement) + "\n";
  return out;
}

}  // namespace

std::string flyway_script_sql(const model::Script& script, const std::string& file,
                              schema::SchemaState& state, model::Dialect dialect) {
  std::string out;
  for (const auto& step : script) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, model::SqlStep>) {
            out += adapters::with_semicolon(s.text) + "\n";
            for (const auto& statement : sql::split_statements(s.text, dialect).statements)
              for (const auto& read : sql::read_ddl(statement, dialect))
                schema::apply_op(state, read.op);
          } else if constexpr (std::is_same_v<T, model::OpStep>) {
            if (!s.sql.empty()) {
              out += adapters::with_semicolon(s.sql) + "\n";
            } else {
              try {
                for (const auto& statement : sql::render(s.op, dialect, {&state, false}))
                  out += adapters::with_semicolon(statement) + "\n";
              } catch (const sql::RenderError& error) {
                throw std::invalid_argument(file + ":" + std::to_string(s.line) +
                                            ": cannot write " + model::op_name(s.op) +
                                            " as SQL: " + error.what());
              }
            }
            schema::apply_op(state, s.op);
          } else {
            out += adapters::untranslated_code_sql(s);
          }
        },
        step);
  }
  return out;
}

void add_flyway_script(std::vector<adapters::WrittenFile>& files, const fs::path& folder,
                       const std::string& file_name, std::string content, bool non_transactional,
                       model::Dialect dialect) {
  for (const auto& statement : sql::split_statements(content, dialect).statements)
    non_transactional = non_transactional || statement.no_transaction;
  files.push_back({folder / file_name, std::move(content)});
  if (non_transactional)
    files.push_back({folder / (file_name + ".conf"), "executeInTransaction=false\n"});
}

std::string file_description(const std::string& description) {
  std::string out;
  for (char c : description) {
    if (c == ' ' || c == '_')
      out += '_';
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
      out += c;
  }
  // "__" is the separator Flyway splits at first; inside a description it reads back as two
  // spaces, so runs of '_' are kept to one.
  std::string collapsed;
  for (char c : out)
    if (c != '_' || collapsed.empty() || collapsed.back() != '_') collapsed += c;
  while (!collapsed.empty() && collapsed.back() == '_') collapsed.pop_back();
  while (!collapsed.empty() && collapsed.front() == '_') collapsed.erase(0, 1);
  return collapsed.empty() ? "migration" : collapsed;
}

std::vector<adapters::WrittenFile> flyway_project_files(const model::Project& project,
                                                        model::Dialect dialect) {
  std::vector<adapters::WrittenFile> files;
  files.push_back(
      {"flyway.toml", "# Written by polymigrate from the " + project.framework + " project " +
                          project.root.filename().string() +
                          ". Set the database with flyway.url, FLYWAY_URL or\n"
                          "# [environments.default] url.\n"
                          "[flyway]\n"
                          "locations = [\"filesystem:sql\"]\n"
                          "# The SQL is written as it runs: no ${...} in it is a placeholder.\n"
                          "placeholderReplacement = false\n"});

  const bool keep_versions = project.framework == "flyway";
  const auto replay = schema::replay_history(project.history, dialect);
  const schema::RollbackGenerator rollbacks(project.history, dialect);
  const auto& order = project.history.order();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& migration = project.history.migrations()[order[i]];
    const std::string description =
        file_description(migration.description.empty() ? migration.key : migration.description);
    const bool repeatable = migration.kind == model::MigrationKind::repeatable;
    const std::string version =
        keep_versions && migration.version ? *migration.version : std::to_string(i + 1);
    const std::string stem = repeatable ? "R__" + description : "V" + version + "__" + description;

    schema::SchemaState state = replay.migrations[i].before;
    add_flyway_script(files, "sql", stem + ".sql",
                      flyway_script_sql(migration.up, migration.source.file, state, dialect),
                      !migration.transactional, dialect);
    if (repeatable) continue;  // repeatables are re-applied, never undone

    std::string undo;
    if (migration.down) {
      schema::SchemaState after = replay.migrations[i].after;
      undo = flyway_script_sql(
          *migration.down,
          migration.down_source.file.empty() ? migration.source.file : migration.down_source.file,
          after, dialect);
    } else {
      undo = rollback_sql(rollbacks.rollback(migration));
    }
    add_flyway_script(files, "sql", "U" + version + "__" + description + ".sql", undo, false,
                      dialect);
  }
  return files;
}

}  // namespace pm::flyway
