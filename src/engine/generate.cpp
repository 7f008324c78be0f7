#include "engine/generate.hpp"

#include "engine/project_loader.hpp"
#include "schema/diff.hpp"
#include "schema/replay.hpp"

namespace pm::engine {

namespace {

bool same_columns(const schema::Table& a, const schema::Table& b, model::Dialect dialect) {
  if (a.columns.size() != b.columns.size()) return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i)
    if (!schema::same_name(a.columns[i].name, b.columns[i].name, dialect) ||
        !schema::same_column_type(a.columns[i].type, b.columns[i].type))
      return false;
  return true;
}

// A column rename candidate: `from` only in the old table, `to` only in the new one.
struct ColumnPair {
  const schema::Table* old_table;
  const model::Column* dropped;
  const model::Column* added;
};

std::vector<ColumnPair> column_pairs(const schema::SchemaState& from,
                                     const schema::SchemaState& to) {
  std::vector<ColumnPair> out;
  const auto dialect = to.dialect();
  for (const schema::Table* old_table : from.tables()) {
    const schema::Table* new_table = to.find_table(old_table->name);
    if (!new_table) continue;
    for (const auto& dropped : old_table->columns) {
      if (new_table->find_column(dropped.name, dialect)) continue;
      for (const auto& added : new_table->columns)
        if (!old_table->find_column(added.name, dialect))
          out.push_back({old_table, &dropped, &added});
    }
  }
  return out;
}

// A dropped and a created table.
std::vector<std::pair<const schema::Table*, const schema::Table*>> table_pairs(
    const schema::SchemaState& from, const schema::SchemaState& to) {
  std::vector<std::pair<const schema::Table*, const schema::Table*>> out;
  for (const schema::Table* dropped : from.tables()) {
    if (to.find_table(dropped->name)) continue;
    for (const schema::Table* created : to.tables())
      if (!from.find_table(created->name)) out.push_back({dropped, created});
  }
  return out;
}

std::string rename_text(const Rename& rename) {
  return (rename.table.empty() ? "" : rename.table + ".") + rename.from + ":" + rename.to;
}

// The rename as ops on `state` (which it changes): the op, and the op that undoes it.
std::pair<model::Op, model::Op> resolve(const Rename& rename, schema::SchemaState& state,
                                        const schema::SchemaState& to) {
  const auto dialect = to.dialect();
  auto same = [&](std::string_view a, std::string_view b) {
    return schema::same_name(a, b, dialect);
  };
  std::vector<std::pair<model::Op, model::Op>> found;
  if (rename.table.empty())
    for (const auto& [dropped, created] : table_pairs(state, to))
      if (same(dropped->name.name, rename.from) && same(created->name.name, rename.to))
        found.push_back({model::RenameTable{dropped->name, created->name.name},
                         model::RenameTable{created->name, dropped->name.name}});
  if (found.empty())
    for (const auto& pair : column_pairs(state, to)) {
      const auto& table = pair.old_table->name;
      if ((rename.table.empty() || same(table.display(), rename.table) ||
           same(table.name, rename.table)) &&
          same(pair.dropped->name, rename.from) && same(pair.added->name, rename.to))
        found.push_back({model::RenameColumn{table, pair.dropped->name, pair.added->name},
                         model::RenameColumn{table, pair.added->name, pair.dropped->name}});
    }
  if (found.empty())
    throw InputError("--rename " + rename_text(rename) +
                     ": no table or column of that name is dropped while the new name is added");
  if (found.size() > 1)
    throw InputError("--rename " + rename_text(rename) +
                     ": more than one table has that column dropped and the new one added; say "
                     "which with TABLE.OLD:NEW");
  const auto diagnostics = schema::apply_op(state, found.front().first);
  if (!diagnostics.empty())
    throw InputError("--rename " + rename_text(rename) + ": " + diagnostics.front().message);
  return found.front();
}

}  // namespace

Rename parse_rename(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() ||
      text.find(':', colon + 1) != std::string::npos)
    throw InputError("--rename '" + text + "': write OLD:NEW or TABLE.OLD:NEW");
  Rename out;
  std::string old = text.substr(0, colon);
  out.to = text.substr(colon + 1);
  const auto dot = old.rfind('.');
  if (dot != std::string::npos) {
    out.table = old.substr(0, dot);
    old = old.substr(dot + 1);
  }
  if (old.empty() || out.table.ends_with('.') || (dot != std::string::npos && out.table.empty()))
    throw InputError("--rename '" + text + "': write OLD:NEW or TABLE.OLD:NEW");
  out.from = old;
  return out;
}

SchemaChange schema_change(const schema::SchemaState& from, const schema::SchemaState& to,
                           const std::vector<Rename>& renames) {
  SchemaChange change;
  schema::SchemaState renamed = from;
  std::vector<model::Op> undo;
  for (const auto& rename : renames) {
    auto [op, inverse] = resolve(rename, renamed, to);
    change.up.push_back(std::move(op));
    undo.insert(undo.begin(), std::move(inverse));
  }
  for (auto& op : schema::diff(renamed, to)) change.up.push_back(std::move(op));
  change.down = schema::diff(to, renamed);
  for (auto& op : undo) change.down.push_back(std::move(op));

  // What is left that could be a rename: said, never done.
  for (const auto& pair : column_pairs(renamed, to))
    if (schema::same_column_type(pair.dropped->type, pair.added->type)) {
      const std::string table = pair.old_table->name.display();
      change.offered_renames.push_back(
          table + "." + pair.dropped->name + " is dropped and " + table + "." + pair.added->name +
          " added with the same type: if it is a rename, generate again with --rename " + table +
          "." + pair.dropped->name + ":" + pair.added->name +
          " (as written, the column's data is lost)");
    }
  for (const auto& [dropped, created] : table_pairs(renamed, to))
    if (same_columns(*dropped, *created, to.dialect()))
      change.offered_renames.push_back(
          "table " + dropped->name.display() + " is dropped and " + created->name.display() +
          " created with the same columns: if it is a rename, generate again with --rename " +
          dropped->name.name + ":" + created->name.name + " (as written, its rows are lost)");
  return change;
}

adapters::NewMigration generated_migration(const std::string& name, const SchemaChange& change,
                                           const schema::SchemaState& from) {
  adapters::NewMigration migration;
  migration.name = name;
  for (const auto& op : change.up) migration.up.push_back(model::OpStep{op, "", 0});
  model::Script down;
  for (const auto& op : change.down) down.push_back(model::OpStep{op, "", 0});
  migration.down = std::move(down);
  migration.notes = change.offered_renames;
  migration.before = std::make_shared<const schema::SchemaState>(from);
  return migration;
}

}  // namespace pm::engine
