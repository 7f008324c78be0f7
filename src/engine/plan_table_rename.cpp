// A renamed table, kept under both names while old and new code run: the expand migration
// renames the table and creates a view with the old name over it, in one transaction, so there
// is no moment without either name. The table takes its final name at once (a catalog change, no
// copy, no backfill): new code uses it, old code reads and writes through the view. PostgreSQL
// writes through a view of one table with every column (an automatically updatable view); SQLite
// views are read-only, so INSTEAD OF triggers on it turn its writes into writes on the table.
// The reverse (a view with the new name over the old table) would leave the real rename for the
// contract, which would break whatever still used the old name then: a second breaking change.
// The contract only drops the view.
#include "engine/plan_phase_builders.hpp"
#include "sql/renderer.hpp"

namespace pm::engine::planning {

namespace {

using model::Dialect;
using sql::quote_identifier;
using sql::quote_name;

std::string list(const std::vector<std::string>& names, const std::string& prefix = "") {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + prefix + quote_identifier(name);
  return out;
}

std::string key_match(const std::vector<std::string>& key, const std::string& row) {
  std::string out;
  for (const auto& column : key)
    out += (out.empty() ? "" : " AND ") + quote_identifier(column) + " = " + row + "." +
           quote_identifier(column);
  return out;
}

// SQLite: the view's INSERT, UPDATE and DELETE done on the table. A column the writer leaves
// out arrives as NULL in NEW, so a column with a default gets it through COALESCE.
std::vector<std::string> sqlite_write_triggers(const schema::Table& table,
                                               const model::QualifiedName& renamed,
                                               const model::QualifiedName& view,
                                               const std::vector<std::string>& key) {
  std::vector<std::string> columns, values, sets;
  for (const auto& column : table.columns) {
    columns.push_back(column.name);
    const std::string value = "NEW." + quote_identifier(column.name);
    values.push_back(column.default_sql ? "COALESCE(" + value + ", " + *column.default_sql + ")"
                                        : value);
    sets.push_back(quote_identifier(column.name) + " = " + value);
  }
  std::string value_list, set_list;
  for (const auto& v : values) value_list += (value_list.empty() ? "" : ", ") + v;
  for (const auto& s : sets) set_list += (set_list.empty() ? "" : ", ") + s;
  const std::string base = quote_name(renamed);
  const std::string on = quote_name(view);
  const std::string prefix = "pm_view_" + view.name;
  return {"CREATE TRIGGER " + quote_identifier(prefix + "_insert") + " INSTEAD OF INSERT ON " + on +
              " FOR EACH ROW BEGIN INSERT INTO " + base + " (" + list(columns) + ") VALUES (" +
              value_list + "); END",
          "CREATE TRIGGER " + quote_identifier(prefix + "_update") + " INSTEAD OF UPDATE ON " + on +
              " FOR EACH ROW BEGIN UPDATE " + base + " SET " + set_list + " WHERE " +
              key_match(key, "OLD") + "; END",
          "CREATE TRIGGER " + quote_identifier(prefix + "_delete") + " INSTEAD OF DELETE ON " + on +
              " FOR EACH ROW BEGIN DELETE FROM " + base + " WHERE " + key_match(key, "OLD") +
              "; END"};
}

}  // namespace

Phases rename_table_phases(const PlanContext& context, const lint::Finding& finding,
                           const model::RenameTable& rename) {
  const schema::Table* table = context.before.find_table(rename.table);
  if (!table)
    not_planned(finding, "the replayed schema has no table " + rename.table.display() +
                             " before this migration");
  const model::QualifiedName old_name = table->name;
  const model::QualifiedName new_name{old_name.schema, rename.new_name};
  const std::vector<std::string> key = primary_key(*table);
  const bool sqlite = context.dialect == Dialect::sqlite;
  if (sqlite && key.empty())
    not_planned(finding, "table " + old_name.display() +
                             " has no primary key: on SQLite the view's UPDATE and DELETE "
                             "triggers find the table's rows by it");

  // The view and (SQLite) its triggers, as expand writes them and contract's down restores them.
  std::vector<std::string> view_columns;
  for (const auto& column : table->columns) view_columns.push_back(column.name);
  model::Script view;
  view.push_back(sql_step("CREATE VIEW " + quote_name(old_name) + " AS SELECT " +
                          list(view_columns) + " FROM " + quote_name(new_name)));
  if (sqlite)
    for (auto& text : sqlite_write_triggers(*table, new_name, old_name, key))
      view.push_back(sql_step(std::move(text)));
  const model::Step drop_view = sql_step("DROP VIEW IF EXISTS " + quote_name(old_name));

  Phases out;
  PlanPhase expand{"expand", {}};
  expand.migration.up.push_back(op_step(rename));
  expand.migration.up.insert(expand.migration.up.end(), view.begin(), view.end());
  expand.migration.down =
      model::Script{drop_view, op_step(model::RenameTable{new_name, old_name.name})};
  expand.migration.name = "expand_rename_" + old_name.name + "_to_" + new_name.name;
  expand.migration.notes.push_back(
      "phase 1 of 2 replacing " + context.target.key +
      " (polymigrate plan): " + old_name.display() + " becomes " + new_name.display() +
      "; a view named " + old_name.display() + " keeps old code reading and writing it" +
      (sqlite ? " (INSTEAD OF triggers carry its writes to the table)" : ""));

  PlanPhase contract{"contract", {}};
  contract.migration.up.push_back(drop_view);
  contract.migration.down = view;
  contract.migration.name = "contract_rename_" + old_name.name + "_to_" + new_name.name;
  contract.migration.notes.push_back("phase 2 of 2 replacing " + context.target.key +
                                     ": run it once no deployed code uses " + old_name.display());
  out.phases.push_back(std::move(expand));
  out.phases.push_back(std::move(contract));
  out.notes.push_back(
      "the table is renamed at once and the view keeps the old name readable and writable: deploy "
      "code that uses " +
      new_name.display() +
      " after expand, then run contract (a view over a table that gains "
      "columns later does not show them: add them to the view, or contract first)");
  if (sqlite)
    out.notes.push_back(
        "SQLite: a write through the view that leaves out a column with a default gets the "
        "default, and so does one that writes NULL to it (the trigger cannot tell them apart)");
  return out;
}

}  // namespace pm::engine::planning
