#include "adapters/prisma/project_writer.hpp"

#include <stdexcept>
#include <type_traits>

#include "adapters/prisma/prisma_script.hpp"
#include "adapters/project_files.hpp"
#include "adapters/sql_writing.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::prisma {

namespace {

namespace fs = std::filesystem;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

std::string provider_of(const model::Project& project, model::Dialect dialect) {
  if (dialect == model::Dialect::sqlite) return "sqlite";
  auto provider = project.config.settings.find("provider");
  if (project.framework == "prisma" && provider != project.config.settings.end() &&
      provider->second == "cockroachdb")
    return "cockroachdb";
  return "postgresql";
}

}  // namespace

std::string prisma_migration_script(const model::Migration& migration, schema::SchemaState state,
                                    model::Dialect dialect) {
  // One SQL text and nothing else (Prisma's own migrations): byte for byte.
  if (migration.up.size() == 1)
    if (const auto* sql = std::get_if<model::SqlStep>(&migration.up.front())) return sql->text;

  std::string script;
  std::vector<ScriptSection> rendered;  // consecutive rendered ops, flushed as one layout
  auto flush = [&] {
    if (rendered.empty()) return;
    if (!script.empty()) script += "\n";
    script += render_prisma_script(rendered);
    rendered.clear();
  };
  auto append_sql = [&](const std::string& text) {
    flush();
    script += adapters::with_semicolon(text);
    if (script.back() != '\n') script += "\n";
  };
  for (const auto& step : migration.up) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, model::SqlStep>) {
            append_sql(s.text);
            for (const auto& statement : sql::split_statements(s.text, dialect).statements)
              for (const auto& read : sql::read_ddl(statement, dialect))
                schema::apply_op(state, read.op);
          } else if constexpr (std::is_same_v<T, model::OpStep>) {
            if (!s.sql.empty()) {
              append_sql(s.sql);
            } else {
              try {
                auto statements = sql::render(s.op, dialect, {&state, false});
                rendered.push_back({step_description(s.op, statements), std::move(statements)});
              } catch (const sql::RenderError& error) {
                throw std::invalid_argument(migration.source.file + ":" + std::to_string(s.line) +
                                            ": cannot write " + model::op_name(s.op) +
                                            " as SQL: " + error.what());
              }
            }
            schema::apply_op(state, s.op);
          } else {
            flush();
            script += adapters::untranslated_code_sql(s);
          }
        },
        step);
  }
  flush();
  return script.empty() ? render_prisma_script({}) : script;
}

std::string slugify(const std::string& text) {
  std::string out;
  bool separator = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_lower(c) || is_upper(c) || is_digit(c)) {
      // decamelize: "addPosts" -> "add_posts", "HTMLParser" -> "html_parser"
      const bool boundary =
          is_upper(c) && i > 0 &&
          (is_lower(text[i - 1]) || is_digit(text[i - 1]) ||
           (is_upper(text[i - 1]) && i + 1 < text.size() && is_lower(text[i + 1])));
      if ((separator || boundary) && !out.empty()) out += '_';
      separator = false;
      out += is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      separator = true;
    }
  }
  if (out.size() > 200) out.resize(200);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string migration_folder_name(const model::Project& project, std::size_t index,
                                  const model::Migration& migration) {
  if (project.framework == "prisma") return migration.key;
  std::string name = slugify(migration.description.empty() ? migration.key : migration.description);
  return adapters::timestamp_after_2000(index) + "_" + name;
}

std::vector<adapters::WrittenFile> prisma_project_files(const model::Project& project,
                                                        model::Dialect dialect) {
  const std::string provider = provider_of(project, dialect);
  std::vector<adapters::WrittenFile> files;
  files.push_back({fs::path("prisma") / "schema.prisma",
                   "// Written by polymigrate from the " + project.framework + " project at " +
                       project.root.filename().string() +
                       ". Prisma Migrate needs only the datasource;\n"
                       "// `prisma db pull` on a migrated database writes the models.\n"
                       "datasource db {\n  provider = \"" +
                       provider + "\"\n  url      = env(\"DATABASE_URL\")\n}\n"});

  const auto replay = schema::replay_history(project.history, dialect);
  const auto& order = project.history.order();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& migration = project.history.migrations()[order[i]];
    files.push_back({fs::path("prisma") / "migrations" /
                         migration_folder_name(project, i, migration) / "migration.sql",
                     prisma_migration_script(migration, replay.migrations[i].before, dialect)});
  }
  // writeMigrationLockfile, exactly.
  files.push_back({fs::path("prisma") / "migrations" / "migration_lock.toml",
                   "# Please do not edit this file manually\n"
                   "# It should be added in your version-control system (e.g., Git)\n"
                   "provider = \"" +
                       provider + "\"\n"});
  return files;
}

}  // namespace pm::prisma
