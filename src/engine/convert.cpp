#include "engine/convert.hpp"

#include <fstream>

#include "adapters/project_files.hpp"
#include "schema/rollback.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

namespace pm::engine {

namespace {

namespace fs = std::filesystem;

void check_output_folder(const ConvertRequest& request) {
  std::error_code ec;
  if (!fs::exists(request.out, ec)) return;
  if (!fs::is_directory(request.out, ec))
    throw InputError(request.out.string() + " exists and is not a folder");
  if (!request.force && !fs::is_empty(request.out, ec))
    throw InputError(request.out.string() +
                     " is not empty: convert writes into an empty folder (--force writes into it, "
                     "replacing files of the same names)");
}

bool is_graph(const model::History& history) {
  if (history.heads().size() > 1 || history.bases().size() > 1) return true;
  for (const auto& migration : history.migrations())
    if (migration.parents.size() > 1) return true;
  return false;
}

void list_untranslated(const model::Migration& migration, const model::Script& script,
                       const std::string& target_file, model::Diagnostics& out) {
  for (const auto& step : script)
    if (const auto* opaque = std::get_if<model::OpaqueStep>(&step))
      out.push_back({model::Severity::error, "PM401",
                     opaque->language + " code polymigrate could not translate (" + opaque->reason +
                         ") in migration '" + migration.key + "': carried into " + target_file +
                         " as comments, with a statement that stops the target tool there",
                     opaque->source.file, opaque->source.line_begin});
}

// What the generated rollbacks cannot do: the ones the writer wrote for source migrations
// without a down, and the ones the target generates when it runs a down (Prisma keeps no down).
void list_rollback_limits(const model::Project& project, const model::Project& written,
                          model::Dialect dialect, model::Diagnostics& notes) {
  std::optional<schema::RollbackGenerator> generator;
  const auto& order = project.history.order();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& migration = project.history.migrations()[order[i]];
    const auto& copy = written.history.migrations()[written.history.order()[i]];
    if ((migration.down && copy.down) || migration.kind == model::MigrationKind::repeatable)
      continue;
    if (!generator) generator.emplace(project.history, dialect);
    const auto rollback = generator->rollback(migration);
    for (const auto& blocker : rollback.blockers)
      notes.push_back({model::Severity::warning, "PM403",
                       "no rollback can be generated for migration '" + migration.key + "' (" +
                           blocker.message + "): its down in the converted project fails when run",
                       blocker.file.empty() ? migration.source.file : blocker.file, blocker.line});
    for (const auto& warning : rollback.warnings)
      notes.push_back({model::Severity::warning, "PM404",
                       "the generated rollback of migration '" + migration.key +
                           "' cannot bring data back: " + warning.message,
                       warning.file.empty() ? migration.source.file : warning.file, warning.line});
  }
}

// An op from code as the source tool really runs it on the dialect: its native SQL, as SQL steps
// (SQL writers write them as they are; the Alembic and Knex writers read them back into ops).
// The op is kept when the tool's SQL is not known without a database, when it runs no statement
// on the dialect, or when the DDL reader does not understand every statement of it.
void add_as_native(const adapters::Adapter& source, const model::OpStep& step,
                   model::Dialect dialect, model::Script& out) {
  const auto statements = step.sql.empty() ? source.native_sql(step.op, dialect) : std::nullopt;
  model::Script native;
  for (const auto& text : statements.value_or(std::vector<std::string>{})) {
    const auto split = sql::split_statements(text, dialect);
    if (split.error || split.statements.size() != 1 ||
        sql::read_ddl(split.statements.front(), dialect).empty())
      break;
    native.push_back(
        model::SqlStep{text, step.line, true, split.statements.front().no_transaction});
  }
  if (!statements || statements->empty() || native.size() != statements->size()) {
    out.push_back(step);
    return;
  }
  out.insert(out.end(), native.begin(), native.end());
}

// Moves the staged files into `out` (replacing files of the same name: only with --force can
// there be any), creating folders.
void move_into_place(const fs::path& staging, const fs::path& out,
                     const std::vector<fs::path>& files) {
  for (const auto& file : files) {
    const fs::path destination = out / file;
    fs::create_directories(destination.parent_path());
    if (fs::is_directory(destination))
      throw InputError(destination.string() + " is a folder: convert does not replace it");
    fs::rename(staging / file, destination);
  }
}

}  // namespace

model::Project as_native(const LoadedProject& source, model::Dialect dialect) {
  std::vector<model::Migration> migrations = source.project.history.migrations();
  auto lower = [&](model::Script& script) {
    model::Script out;
    for (const auto& step : script) {
      if (const auto* op = std::get_if<model::OpStep>(&step))
        add_as_native(*source.adapter, *op, dialect, out);
      else
        out.push_back(step);
    }
    script = std::move(out);
  };
  for (auto& migration : migrations) {
    lower(migration.up);
    if (migration.down) lower(*migration.down);
  }
  model::Project project = source.project;
  project.history = model::History(std::move(migrations));
  return project;
}

ConvertResult convert(const LoadedProject& source, const ConvertRequest& request) {
  for (const auto& diagnostic : source.project.all_diagnostics())
    if (diagnostic.severity == model::Severity::error)
      throw InputError("the " + source.project.framework +
                       " project cannot be converted: " + model::format(diagnostic));
  check_output_folder(request);
  const model::Project project = as_native(source, request.dialect);

  ConvertResult result;
  result.map.source_framework = project.framework;
  result.map.target_framework = std::string(request.target->name());
  result.map.dialect = request.dialect;
  result.map.linearized = is_graph(project.history) && project.framework != request.target->name();

  const fs::path staging = request.out / ".polymigrate-convert";
  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    const auto written_files = request.target->write(project, request.dialect, staging);
    adapters::LoadOptions options;
    options.dialect = request.dialect;
    const model::Project written = request.target->load(staging, options);

    const auto& order = project.history.order();
    const auto& written_order = written.history.order();
    if (written_order.size() != order.size())
      throw std::runtime_error("the " + result.map.target_framework + " writer wrote " +
                               std::to_string(written_order.size()) + " migrations of " +
                               std::to_string(order.size()) + ": nothing was written");
    for (std::size_t i = 0; i < order.size(); ++i) {
      const auto& from = project.history.migrations()[order[i]];
      const auto& to = written.history.migrations()[written_order[i]];
      result.map.entries.push_back({from.key, from.checksum, to.key, to.checksum, to.source.file});
      list_untranslated(from, from.up, to.source.file, result.untranslated);
      if (from.down) list_untranslated(from, *from.down, to.source.file, result.untranslated);
    }

    if (result.map.linearized) {
      std::string keys;
      for (const auto& entry : result.map.entries)
        keys += (keys.empty() ? "" : ", ") + entry.source_key;
      result.notes.push_back({model::Severity::info,
                              "PM402",
                              "the revision graph (branches and merges) was written as one line "
                              "in this order: " +
                                  keys,
                              {},
                              0});
    }
    list_rollback_limits(project, written, request.dialect, result.notes);

    adapters::write_project_files(staging, {{kConversionMapFile, to_json_text(result.map)}});
    for (const auto& file : written_files) result.files.push_back(file.path.lexically_normal());
    result.files.push_back(kConversionMapFile);
    move_into_place(staging, request.out, result.files);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  fs::remove_all(staging);
  return result;
}

}  // namespace pm::engine
