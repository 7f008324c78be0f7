#include "adapters/flyway/project_writer.hpp"

#include <stdexcept>
#include <type_traits>

#include "schema/replay.hpp"
#include "schema/rollback.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::flyway {

namespace {

namespace fs = std::filesystem;

std::string with_semicolon(const std::string& statement) {
  std::size_t end = statement.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return statement;
  return statement[end] == ';' ? statement.substr(0, end + 1) : statement.substr(0, end + 1) + ";";
}

std::string commented(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += "-- " + line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// A statement that stops Flyway with a message that says why: the function does not exist on
// PostgreSQL or SQLite.
std::string stop_marker(const std::string& why) {
  std::string quoted;
  for (char c : why) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return "SELECT polymigrate_cannot_run_this_step('" + quoted + "');\n";
}

// A script's statements as Flyway SQL. `state` is the schema before the script and follows it
// op by op, so ops from code render with the definition a SQLite rebuild needs.
std::string script_sql(const model::Script& script, const std::string& file,
                       schema::SchemaState& state, model::Dialect dialect) {
  std::string out;
  for (const auto& step : script) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, model::SqlStep>) {
            out += with_semicolon(s.text) + "\n";
            for (const auto& statement : sql::split_statements(s.text, dialect).statements)
              for (const auto& read : sql::read_ddl(statement, dialect))
                schema::apply_op(state, read.op);
          } else if constexpr (std::is_same_v<T, model::OpStep>) {
            if (!s.sql.empty()) {
              out += with_semicolon(s.sql) + "\n";
            } else {
              try {
                for (const auto& statement : sql::render(s.op, dialect, {&state, false}))
                  out += with_semicolon(statement) + "\n";
              } catch (const sql::RenderError& error) {
                throw std::invalid_argument(file + ":" + std::to_string(s.line) +
                                            ": cannot write " + model::op_name(s.op) +
                                            " as SQL: " + error.what());
              }
            }
            schema::apply_op(state, s.op);
          } else {
            const std::string where = s.source.file + ":" + std::to_string(s.source.line_begin);
            out += "-- polymigrate: " + s.language + " code it could not translate (" + s.reason +
                   "), from " + where + ":\n" + commented(s.code) +
                   stop_marker("untranslated " + s.language + " code from " + where +
                               ": translate it by hand");
          }
        },
        step);
  }
  return out;
}

std::string rollback_sql(const schema::Rollback& rollback) {
  std::string out;
  if (!rollback.ok()) {
    out += "-- polymigrate: no rollback can be generated for this migration:\n";
    for (const auto& blocker : rollback.blockers) out += commented(model::format(blocker));
    return out + stop_marker("no rollback is known for migration " + rollback.key + ": " +
                             rollback.blockers.front().message);
  }
  out += "-- polymigrate: generated from the schema before and after the migration.\n";
  for (const auto& warning : rollback.warnings) out += commented("WARNING: " + warning.message);
  for (const auto& step : rollback.steps)
    for (const auto& statement : step.statements) out += with_semicolon(statement) + "\n";
  return out;
}

}  // namespace

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
    files.push_back({fs::path("sql") / (stem + ".sql"),
                     script_sql(migration.up, migration.source.file, state, dialect)});
    if (!migration.transactional)
      files.push_back({fs::path("sql") / (stem + ".sql.conf"), "executeInTransaction=false\n"});
    if (repeatable) continue;  // repeatables are re-applied, never undone

    std::string undo;
    if (migration.down) {
      schema::SchemaState after = replay.migrations[i].after;
      undo = script_sql(
          *migration.down,
          migration.down_source.file.empty() ? migration.source.file : migration.down_source.file,
          after, dialect);
    } else {
      undo = rollback_sql(rollbacks.rollback(migration));
    }
    files.push_back({fs::path("sql") / ("U" + version + "__" + description + ".sql"), undo});
  }
  return files;
}

}  // namespace pm::flyway
