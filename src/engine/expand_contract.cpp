#include "engine/expand_contract.hpp"

#include <algorithm>
#include <ctime>
#include <optional>

#include "engine/new_migration.hpp"
#include "lint/lint.hpp"
#include "lint/rule_catalogue.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::engine {

namespace {

namespace fs = std::filesystem;
using model::Dialect;
using sql::quote_identifier;
using sql::quote_name;

// An op of the migration with the line lint reports it on (op steps: their line; SQL steps:
// the statement's line in the file, as lint's checker counts it).
struct LinedOp {
  int line = 0;
  model::Op op;
};

std::vector<LinedOp> ops_of(const model::Script& script, Dialect dialect) {
  std::vector<LinedOp> out;
  for (const model::Step& step : script) {
    if (const auto* op = std::get_if<model::OpStep>(&step)) {
      out.push_back({op->line, op->op});
    } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
      const int base = sql->line > 0 ? sql->line - 1 : 0;
      for (const auto& statement : sql::split_statements(sql->text, dialect).statements)
        for (auto& read : sql::read_ddl(statement, dialect))
          out.push_back({base + read.line, std::move(read.op)});
    }
  }
  return out;
}

// One column moving from `old_column` to `new_column` (a new name, or the same data in a new
// type under a new name): what every phase is made of.
struct ColumnMove {
  model::QualifiedName table;
  model::Column old_column;
  model::Column new_column;
  std::vector<std::string> key;  // the primary key's columns
  bool type_change = false;
};

std::vector<std::string> primary_key(const schema::Table& table) {
  for (const auto& constraint : table.constraints)
    if (constraint.kind == model::ConstraintKind::primary_key) return constraint.columns;
  std::vector<std::string> out;
  for (const auto& column : table.columns)
    if (column.primary) out.push_back(column.name);
  return out;
}

std::string sync_name(const ColumnMove& move) {
  return "pm_sync_" + move.table.name + "_" + move.new_column.name;
}

std::string cast(const std::string& value, const model::Column& to, bool needed, Dialect dialect) {
  if (!needed) return value;
  return "CAST(" + value + " AS " + sql::render_type(to.type, dialect) + ")";
}

std::string key_match(const ColumnMove& move, const std::string& row) {
  std::string out;
  for (const auto& column : move.key)
    out += (out.empty() ? "" : " AND ") + quote_identifier(column) + " = " + row + "." +
           quote_identifier(column);
  return out;
}

std::string key_list(const ColumnMove& move) {
  std::string out;
  for (const auto& column : move.key) out += (out.empty() ? "" : ", ") + quote_identifier(column);
  return out;
}

// PostgreSQL: one BEFORE trigger copies whichever column the writer changed into the other, so
// old code (writing the old column) and new code (writing the new one) both see their data.
std::vector<std::string> postgres_sync(const ColumnMove& m) {
  const std::string name = sync_name(m);
  const std::string o = quote_identifier(m.old_column.name);
  const std::string n = quote_identifier(m.new_column.name);
  const std::string to_new = cast("NEW." + o, m.new_column, m.type_change, Dialect::postgresql);
  const std::string to_old = cast("NEW." + n, m.old_column, m.type_change, Dialect::postgresql);
  const std::string function =
      m.table.schema.empty() ? quote_identifier(name) : quote_name({m.table.schema, name});
  return {"CREATE FUNCTION " + function +
              "() RETURNS trigger LANGUAGE plpgsql AS $$\n"
              "BEGIN\n"
              "  IF TG_OP = 'INSERT' THEN\n"
              "    IF NEW." +
              n + " IS NULL THEN NEW." + n + " := " + to_new +
              "; END IF;\n"
              "    IF NEW." +
              o + " IS NULL THEN NEW." + o + " := " + to_old +
              "; END IF;\n"
              "  ELSIF NEW." +
              o + " IS DISTINCT FROM OLD." + o +
              " THEN\n"
              "    NEW." +
              n + " := " + to_new +
              ";\n"
              "  ELSIF NEW." +
              n + " IS DISTINCT FROM OLD." + n +
              " THEN\n"
              "    NEW." +
              o + " := " + to_old +
              ";\n"
              "  END IF;\n"
              "  RETURN NEW;\n"
              "END\n"
              "$$",
          "CREATE TRIGGER " + quote_identifier(name) + " BEFORE INSERT OR UPDATE ON " +
              quote_name(m.table) + " FOR EACH ROW EXECUTE FUNCTION " + function + "()"};
}

// SQLite triggers cannot change NEW: AFTER triggers write the other column of the same row
// (found by its primary key). Recursive triggers are off by default, so they do not loop.
std::vector<std::string> sqlite_sync(const ColumnMove& m) {
  const std::string name = sync_name(m);
  const std::string table = quote_name(m.table);
  const std::string o = quote_identifier(m.old_column.name);
  const std::string n = quote_identifier(m.new_column.name);
  const std::string to_new = cast("NEW." + o, m.new_column, m.type_change, Dialect::sqlite);
  const std::string to_old = cast("NEW." + n, m.old_column, m.type_change, Dialect::sqlite);
  const std::string row = key_match(m, "NEW");
  return {"CREATE TRIGGER " + quote_identifier(name + "_insert") + " AFTER INSERT ON " + table +
              " FOR EACH ROW BEGIN UPDATE " + table + " SET " + n + " = COALESCE(NEW." + n + ", " +
              to_new + "), " + o + " = COALESCE(NEW." + o + ", " + to_old + ") WHERE " + row +
              "; END",
          "CREATE TRIGGER " + quote_identifier(name + "_old") + " AFTER UPDATE OF " + o + " ON " +
              table + " FOR EACH ROW WHEN NEW." + o + " IS NOT OLD." + o + " BEGIN UPDATE " +
              table + " SET " + n + " = " + to_new + " WHERE " + row + "; END",
          "CREATE TRIGGER " + quote_identifier(name + "_new") + " AFTER UPDATE OF " + n + " ON " +
              table + " FOR EACH ROW WHEN NEW." + n + " IS NOT OLD." + n + " BEGIN UPDATE " +
              table + " SET " + o + " = " + to_old + " WHERE " + row + "; END"};
}

std::vector<std::string> drop_sync(const ColumnMove& m, Dialect dialect) {
  const std::string name = sync_name(m);
  if (dialect == Dialect::sqlite)
    return {"DROP TRIGGER IF EXISTS " + quote_identifier(name + "_insert"),
            "DROP TRIGGER IF EXISTS " + quote_identifier(name + "_old"),
            "DROP TRIGGER IF EXISTS " + quote_identifier(name + "_new")};
  const std::string function =
      m.table.schema.empty() ? quote_identifier(name) : quote_name({m.table.schema, name});
  return {"DROP TRIGGER IF EXISTS " + quote_identifier(name) + " ON " + quote_name(m.table),
          "DROP FUNCTION IF EXISTS " + function + "()"};
}

// The rows the backfill still has to fill: the new column empty where the old one is not.
std::string unfilled(const ColumnMove& m) {
  return quote_identifier(m.new_column.name) + " IS NULL AND " +
         quote_identifier(m.old_column.name) + " IS NOT NULL";
}

// PostgreSQL outside a transaction: a DO block that updates `batch` rows (lowest keys first)
// and commits each batch, so no lock is held across the table. COMMIT inside DO is refused in a
// transaction block: the step is marked to run outside the migration's transaction.
std::string postgres_backfill(const ColumnMove& m, int batch) {
  const std::string table = quote_name(m.table);
  const std::string set =
      quote_identifier(m.new_column.name) + " = " +
      cast(quote_identifier(m.old_column.name), m.new_column, m.type_change, Dialect::postgresql);
  return "DO $$\n"
         "DECLARE\n"
         "  changed integer;\n"
         "BEGIN\n"
         "  LOOP\n"
         "    UPDATE " +
         table + " SET " + set + " WHERE (" + key_list(m) + ") IN (SELECT " + key_list(m) +
         " FROM " + table + " WHERE " + unfilled(m) + " ORDER BY " + key_list(m) + " LIMIT " +
         std::to_string(batch) +
         ");\n"
         "    GET DIAGNOSTICS changed = ROW_COUNT;\n"
         "    EXIT WHEN changed = 0;\n"
         "    COMMIT;\n"
         "  END LOOP;\n"
         "END\n"
         "$$";
}

// One UPDATE of every unfilled row: SQLite has no loops in SQL, and PostgreSQL under Prisma
// runs the file as one transaction, where a DO block cannot commit between batches.
std::string single_backfill(const ColumnMove& m, Dialect dialect) {
  return "UPDATE " + quote_name(m.table) + " SET " + quote_identifier(m.new_column.name) + " = " +
         cast(quote_identifier(m.old_column.name), m.new_column, m.type_change, dialect) +
         " WHERE " + unfilled(m);
}

model::Step sql_step(std::string text, bool no_transaction = false) {
  return model::SqlStep{std::move(text), 0, false, no_transaction};
}

model::Step op_step(model::Op op) { return model::OpStep{std::move(op), "", 0}; }

std::string finding_text(const lint::Finding& finding) {
  return finding.diagnostic.code + " " +
         finding.diagnostic.message.substr(0, finding.diagnostic.message.find(". "));
}

[[noreturn]] void not_planned(const lint::Finding& finding, const std::string& why) {
  const lint::Rule* rule = finding.rule;
  throw NotPlanned(finding.diagnostic.file + ":" + std::to_string(finding.diagnostic.line) + ": " +
                   finding.diagnostic.code + (rule ? std::string(" ") + rule->name : "") +
                   ": not planned for this change (" + why +
                   "); `polymigrate lint` prints the rule's manual recipe");
}

ColumnMove column_move(const schema::SchemaState& state, const model::QualifiedName& table_name,
                       const std::string& column, const lint::Finding& finding, Dialect dialect) {
  const schema::Table* table = state.find_table(table_name);
  const model::Column* old_column = table ? table->find_column(column, dialect) : nullptr;
  if (!old_column)
    not_planned(finding, "the replayed schema has no column " + table_name.display() + "." +
                             column + " before this migration");
  ColumnMove move;
  move.table = table->name;
  move.old_column = *old_column;
  move.key = primary_key(*table);
  if (move.key.empty())
    not_planned(finding, "table " + table_name.display() +
                             " has no primary key: the backfill batches and the triggers find "
                             "rows by it");
  if (std::find(move.key.begin(), move.key.end(), old_column->name) != move.key.end())
    not_planned(finding, "the column is part of the primary key");
  if (old_column->generated)
    not_planned(finding, "the column is generated: its values are not written");
  return move;
}

// The new column as expand adds it: nullable (old code does not write it until the trigger
// does, and existing rows are empty until the backfill), no key, unique or reference of its own.
model::Column added_column(model::Column column) {
  column.nullable = true;
  column.primary = false;
  column.unique = false;
  column.autoincrement = false;
  column.references.reset();
  column.check.reset();
  return column;
}

model::History without(const model::History& history, const std::string& key) {
  std::vector<model::Migration> kept;
  for (const auto& migration : history.migrations())
    if (migration.key != key) kept.push_back(migration);
  return model::History(std::move(kept));
}

}  // namespace

ExpandContractPlan plan_expand_contract(const LoadedProject& loaded, Dialect dialect,
                                        const std::string& migration_key,
                                        const PlanOptions& options) {
  const model::Project& project = loaded.project;
  const model::Migration* target = project.history.find(migration_key);
  if (!target) throw InputError("no migration " + migration_key + " in " + project.root.string());
  const auto heads = project.history.heads();
  if (std::find(heads.begin(), heads.end(), target->key) == heads.end())
    throw InputError("migration " + target->key +
                     " is not the newest: plan writes the phases after it, and migrations "
                     "after it were written against its schema");

  const schema::HistoryReplay replay = schema::replay_history(project.history, dialect);
  const schema::SchemaState* before = nullptr;
  for (const auto& m : replay.migrations)
    if (m.key == target->key) before = &m.before;
  if (!before) throw InputError("migration " + target->key + " is not in the replayed history");

  const lint::LintResult lint = lint::lint_project(project, {.dialect = dialect, .disabled = {}});
  const lint::MigrationLint* linted = nullptr;
  for (const auto& m : lint.migrations)
    if (m.key == target->key) linted = &m;

  ExpandContractPlan plan;
  plan.migration_key = target->key;
  plan.file = target->source.file;
  std::vector<ColumnMove> moves;
  const auto ops = ops_of(target->up, dialect);
  for (const auto& finding : linted ? linted->findings : std::vector<lint::Finding>{}) {
    if (finding.diagnostic.severity != model::Severity::error) continue;
    const std::string& code = finding.diagnostic.code;
    const model::Op* op = nullptr;
    for (const auto& lined : ops)
      if (lined.line == finding.diagnostic.line) {
        const bool wanted = (code == lint::code::rename_column &&
                             std::holds_alternative<model::RenameColumn>(lined.op)) ||
                            (code == lint::code::change_column_type &&
                             std::holds_alternative<model::AlterColumn>(lined.op));
        if (wanted) op = &lined.op;
      }
    if (code == lint::code::rename_table)
      not_planned(finding,
                  "a renamed table is read and written through both names only with a view "
                  "that accepts writes, which plan does not write yet");
    if (!op) not_planned(finding, "plan writes phases for PM504 and PM505 only");
    if (const auto* rename = std::get_if<model::RenameColumn>(op)) {
      ColumnMove move = column_move(*before, rename->table, rename->column, finding, dialect);
      move.new_column = added_column(move.old_column);
      move.new_column.name = rename->new_name;
      moves.push_back(std::move(move));
    } else {
      const auto& alter = std::get<model::AlterColumn>(*op);
      if (alter.nullable || alter.default_sql)
        not_planned(finding, "the same ALTER changes more than the type");
      if (alter.using_expr)
        not_planned(finding, "the change converts with USING " + *alter.using_expr +
                                 ", which the triggers cannot run both ways");
      ColumnMove move = column_move(*before, alter.table, alter.column, finding, dialect);
      move.type_change = true;
      move.new_column = added_column(move.old_column);
      move.new_column.type = *alter.type;
      move.new_column.name = move.old_column.name + "_new";
      moves.push_back(std::move(move));
    }
    plan.changes.push_back(finding_text(finding));
  }
  if (moves.empty())
    throw InputError("lint finds no breaking change in " + target->key +
                     ": there is nothing to plan");

  const bool batched = dialect == Dialect::postgresql && project.framework != "prisma";
  PlanPhase expand{"expand", {}};
  PlanPhase backfill{"backfill", {}};
  PlanPhase contract{"contract", {}};
  for (const auto& m : moves) {
    expand.migration.up.push_back(op_step(model::AddColumn{m.table, m.new_column, false}));
    for (auto& text : dialect == Dialect::postgresql ? postgres_sync(m) : sqlite_sync(m))
      expand.migration.up.push_back(sql_step(std::move(text)));
    backfill.migration.up.push_back(batched
                                        ? sql_step(postgres_backfill(m, options.batch_size), true)
                                        : sql_step(single_backfill(m, dialect)));
    for (auto& text : drop_sync(m, dialect)) contract.migration.up.push_back(sql_step(text));
    contract.migration.up.push_back(op_step(model::DropColumn{m.table, m.old_column.name}));
    if (m.type_change)
      contract.migration.up.push_back(
          op_step(model::RenameColumn{m.table, m.new_column.name, m.old_column.name}));
    if (!m.old_column.nullable)
      contract.migration.up.push_back(op_step(model::AlterColumn{
          m.table, m.type_change ? m.old_column.name : m.new_column.name, {}, {}, false, {}}));

    // The downs: expand and contract undo their DDL; the backfill only wrote data.
    model::Script expand_down;
    for (auto& text : drop_sync(m, dialect)) expand_down.push_back(sql_step(text));
    expand_down.push_back(op_step(model::DropColumn{m.table, m.new_column.name}));
    if (!expand.migration.down) expand.migration.down.emplace();
    expand.migration.down->insert(expand.migration.down->end(), expand_down.begin(),
                                  expand_down.end());
    const std::string where = m.table.display() + "." + m.old_column.name;
    if (m.type_change) {
      expand.migration.notes.push_back("expand: " + m.table.display() + "." + m.new_column.name +
                                       " holds " + where +
                                       " in its new type; contract renames "
                                       "it to " +
                                       m.old_column.name);
      plan.notes.push_back(
          "the triggers cast between the old and the new type both ways: a value the old type "
          "cannot hold makes the write fail while both columns exist");
    }
    if (!m.old_column.nullable)
      plan.notes.push_back("contract makes " + m.table.display() + "." +
                           (m.type_change ? m.old_column.name : m.new_column.name) +
                           " NOT NULL again (lint's PM-rule for SET NOT NULL applies to it)");
    if (m.old_column.unique || m.old_column.references || m.old_column.check ||
        m.old_column.default_sql)
      plan.notes.push_back("the constraints of " + where +
                           " (unique, reference, check) are not copied to the new column: add "
                           "them to the expand phase before you run it");
  }
  backfill.migration.down_note = "The backfill only copied data: there is nothing to undo.";
  contract.migration.down_note =
      "Contract dropped the old column and its data: restore it from a backup, or write the "
      "down yourself.";
  // Underscores, not spaces: Knex keeps the name as its file name.
  const std::string subject = moves.front().table.name + "_" + moves.front().new_column.name;
  expand.migration.name = "expand_" + subject;
  backfill.migration.name = "backfill_" + subject;
  contract.migration.name = "contract_" + subject;
  expand.migration.notes.push_back("phase 1 of 3 replacing " + target->key +
                                   " (polymigrate plan): deploy code that writes both columns "
                                   "after this runs");
  backfill.migration.notes.push_back("phase 2 of 3 replacing " + target->key +
                                     (batched ? ": runs outside a transaction, committing every " +
                                                    std::to_string(options.batch_size) + " rows"
                                              : ": one UPDATE of every row not yet copied"));
  contract.migration.notes.push_back("phase 3 of 3 replacing " + target->key +
                                     ": run it once no deployed code reads the old column");
  if (!batched)
    plan.notes.push_back(
        dialect == Dialect::sqlite
            ? "SQLite has no loops in SQL: the backfill is one UPDATE (its phase holds nothing "
              "else, so its transaction is the statement's own)"
            : "Prisma runs a migration file as one transaction, where a DO block cannot commit "
              "between batches: the backfill is one UPDATE");
  const std::time_t created = options.created ? options.created : std::time(nullptr);
  expand.migration.created = created;
  backfill.migration.created = created + 1;
  contract.migration.created = created + 2;

  // Each phase renders against the schema the one before it leaves.
  schema::SchemaState state = *before;
  for (PlanPhase* phase : {&expand, &backfill, &contract}) {
    phase->migration.before = std::make_shared<const schema::SchemaState>(state);
    for (const auto& step : phase->migration.up)
      if (const auto* op = std::get_if<model::OpStep>(&step)) schema::apply_op(state, op->op);
    plan.phases.push_back(std::move(*phase));
  }
  plan.notes.push_back("the phases replace " + plan.file + ": delete it before you run them");
  return plan;
}

std::vector<fs::path> write_plan(const LoadedProject& loaded, Dialect dialect,
                                 const ExpandContractPlan& plan,
                                 const std::function<LoadedProject()>& reload) {
  std::vector<fs::path> written;
  LoadedProject current = loaded;
  for (std::size_t i = 0; i < plan.phases.size(); ++i) {
    if (i > 0) current = reload();
    // An Alembic revision names its parent: the phases must revise the breaking revision's
    // parent, or deleting it (as the plan says) would leave expand revising a missing revision.
    // Until it is deleted Alembic sees two heads and refuses `upgrade head`. Flyway versions,
    // Knex and Prisma timestamps just follow the newest migration.
    if (loaded.project.framework == "alembic")
      current.project.history = without(current.project.history, plan.migration_key);
    for (auto& file : add_migration(current, dialect, plan.phases[i].migration))
      written.push_back(std::move(file));
  }
  return written;
}

}  // namespace pm::engine
