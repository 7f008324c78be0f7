#include "engine/expand_contract.hpp"

#include <algorithm>
#include <ctime>
#include <optional>

#include "engine/new_migration.hpp"
#include "engine/plan_phase_builders.hpp"
#include "lint/lint.hpp"
#include "lint/rule_catalogue.hpp"
#include "lint/statement_kind.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::engine {

namespace {

namespace fs = std::filesystem;
using model::Dialect;
using planning::not_planned;
using planning::op_step;
using planning::primary_key;
using planning::sql_step;
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

// The first step of the migration that is neither an op nor a session setting (code polymigrate
// does not translate, a data change): plan cannot carry it into the phases.
std::optional<std::pair<int, std::string>> unplanned_statement(const model::Script& script,
                                                               Dialect dialect) {
  for (const model::Step& step : script) {
    if (const auto* opaque = std::get_if<model::OpaqueStep>(&step))
      return std::pair{opaque->source.line_begin, "code polymigrate does not translate"};
    const auto* sql = std::get_if<model::SqlStep>(&step);
    if (!sql) continue;
    const int base = sql->line > 0 ? sql->line - 1 : 0;
    for (const auto& statement : sql::split_statements(sql->text, dialect).statements) {
      if (!sql::read_ddl(statement, dialect).empty()) continue;
      const auto facts = lint::classify_statement_for_lint(statement.text, dialect);
      if (facts.kind != lint::StatementKind::harmless &&
          facts.kind != lint::StatementKind::sets_lock_timeout)
        return std::pair{
            base + statement.line,
            "the statement " + facts.verb + (facts.object.empty() ? "" : " " + facts.object)};
    }
  }
  return std::nullopt;
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

std::string finding_text(const lint::Finding& finding) {
  return finding.diagnostic.code + " " +
         finding.diagnostic.message.substr(0, finding.diagnostic.message.find(". "));
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

// The three phases of renamed or retyped columns.
planning::Phases column_move_phases(const planning::PlanContext& context,
                                    const std::vector<ColumnMove>& moves) {
  const Dialect dialect = context.dialect;
  const bool batched = context.batched;
  const std::string& key = context.target.key;
  planning::Phases out;
  PlanPhase expand{"expand", {}};
  PlanPhase backfill{"backfill", {}};
  PlanPhase contract{"contract", {}};
  for (const auto& m : moves) {
    expand.migration.up.push_back(op_step(model::AddColumn{m.table, m.new_column, false}));
    for (auto& text : dialect == Dialect::postgresql ? postgres_sync(m) : sqlite_sync(m))
      expand.migration.up.push_back(sql_step(std::move(text)));
    backfill.migration.up.push_back(planning::backfill_step(
        context, m.table, m.key,
        quote_identifier(m.new_column.name) + " = " +
            cast(quote_identifier(m.old_column.name), m.new_column, m.type_change, dialect),
        unfilled(m)));
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
      out.notes.push_back(
          "the triggers cast between the old and the new type both ways: a value the old type "
          "cannot hold makes the write fail while both columns exist");
    }
    if (!m.old_column.nullable)
      out.notes.push_back("contract makes " + m.table.display() + "." +
                          (m.type_change ? m.old_column.name : m.new_column.name) +
                          " NOT NULL again (lint's PM-rule for SET NOT NULL applies to it)");
    if (m.old_column.unique || m.old_column.references || m.old_column.check ||
        m.old_column.default_sql)
      out.notes.push_back("the constraints of " + where +
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
  expand.migration.notes.push_back("phase 1 of 3 replacing " + key +
                                   " (polymigrate plan): deploy code that writes both columns "
                                   "after this runs");
  backfill.migration.notes.push_back("phase 2 of 3 replacing " + key + ": " +
                                     planning::backfill_note(context));
  contract.migration.notes.push_back("phase 3 of 3 replacing " + key +
                                     ": run it once no deployed code reads the old column");
  if (!batched)
    out.notes.push_back(
        dialect == Dialect::sqlite
            ? "SQLite has no loops in SQL: the backfill is one UPDATE (its phase holds nothing "
              "else, so its transaction is the statement's own)"
            : "Prisma runs a migration file as one transaction, where a DO block cannot commit "
              "between batches: the backfill is one UPDATE");
  out.phases = {std::move(expand), std::move(backfill), std::move(contract)};
  return out;
}

// Which builder a finding goes to: one kind of change per plan.
enum class ChangeKind { column_move, not_null, constraint, index, rename_table };

const char* kind_words(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::column_move:
      return "renamed or retyped columns";
    case ChangeKind::not_null:
      return "a column made NOT NULL";
    case ChangeKind::constraint:
      return "constraints added";
    case ChangeKind::index:
      return "indexes created";
    case ChangeKind::rename_table:
      return "a renamed table";
  }
  return "changes";
}

// Whether `op` is what a finding of `code` is about, and the kind of plan it takes.
std::optional<ChangeKind> kind_of(std::string_view code, const model::Op& op) {
  namespace c = lint::code;
  if (code == c::rename_column && std::holds_alternative<model::RenameColumn>(op))
    return ChangeKind::column_move;
  if (const auto* alter = std::get_if<model::AlterColumn>(&op)) {
    if (code == c::change_column_type && alter->type) return ChangeKind::column_move;
    if (code == c::set_not_null && alter->nullable && !*alter->nullable)
      return ChangeKind::not_null;
  }
  if (code == c::add_foreign_key || code == c::add_check) {
    const auto wanted = code == c::add_foreign_key ? model::ConstraintKind::foreign_key
                                                   : model::ConstraintKind::check;
    if (const auto* add = std::get_if<model::AddConstraint>(&op);
        add && add->constraint.kind == wanted)
      return ChangeKind::constraint;
    if (const auto* add = std::get_if<model::AddColumn>(&op);
        add &&
        (code == c::add_foreign_key ? bool(add->column.references) : bool(add->column.check)))
      return ChangeKind::constraint;
  }
  if (code == c::create_index && std::holds_alternative<model::CreateIndex>(op))
    return ChangeKind::index;
  if (code == c::rename_table && std::holds_alternative<model::RenameTable>(op))
    return ChangeKind::rename_table;
  return std::nullopt;
}

// An ADD COLUMN's REFERENCES or CHECK as the table constraint NOT VALID adds.
std::vector<planning::ConstraintAdd> column_constraints(const model::AddColumn& add) {
  std::vector<planning::ConstraintAdd> out;
  if (add.column.references) {
    model::Constraint fk;
    fk.kind = model::ConstraintKind::foreign_key;
    fk.columns = {add.column.name};
    fk.references = add.column.references;
    out.push_back({add.table, fk, add.column});
  }
  if (add.column.check) {
    model::Constraint check;
    check.kind = model::ConstraintKind::check;
    check.columns = {add.column.name};
    check.check = *add.column.check;
    out.push_back(
        {add.table, check, out.empty() ? std::optional<model::Column>(add.column) : std::nullopt});
  }
  return out;
}

// A DEFAULT the migration gives the column it makes NOT NULL (on the same ALTER or another one),
// else the column's own: the backfill's value.
planning::NotNullFill fill_value(const model::AlterColumn& alter, const std::vector<LinedOp>& ops,
                                 const schema::SchemaState& before, Dialect dialect,
                                 std::vector<bool>& used) {
  if (alter.default_sql && *alter.default_sql) return {**alter.default_sql, true};
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto* other = std::get_if<model::AlterColumn>(&ops[i].op);
    if (!other || used[i] || !(other->table == alter.table) || other->column != alter.column ||
        other->type || other->nullable || !other->default_sql || !*other->default_sql)
      continue;
    used[i] = true;
    return {**other->default_sql, true};
  }
  const schema::Table* table = before.find_table(alter.table);
  const model::Column* column = table ? table->find_column(alter.column, dialect) : nullptr;
  if (column && column->default_sql) return {column->default_sql, false};
  return {};
}

// Each phase's `before`: the schema the one before it leaves (its ops, and the DDL of its SQL).
void chain_states(std::vector<PlanPhase>& phases, schema::SchemaState state, Dialect dialect) {
  for (PlanPhase& phase : phases) {
    phase.migration.before = std::make_shared<const schema::SchemaState>(state);
    for (const auto& step : phase.migration.up) {
      if (const auto* op = std::get_if<model::OpStep>(&step)) schema::apply_op(state, op->op);
      if (const auto* sql = std::get_if<model::SqlStep>(&step))
        for (const auto& statement : sql::split_statements(sql->text, dialect).statements)
          for (const auto& read : sql::read_ddl(statement, dialect))
            schema::apply_op(state, read.op);
    }
  }
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
  const planning::PlanContext context{
      project, dialect, *target,
      *before, options, dialect == Dialect::postgresql && project.framework != "prisma"};
  const auto ops = ops_of(target->up, dialect);
  std::vector<bool> used(ops.size(), false);
  std::optional<ChangeKind> kind;
  std::vector<ColumnMove> moves;
  std::vector<planning::ConstraintAdd> constraints;
  std::vector<model::CreateIndex> indexes;
  std::optional<planning::Phases> single;  // NOT NULL and table renames: one change a plan
  for (const auto& finding : linted ? linted->findings : std::vector<lint::Finding>{}) {
    if (finding.diagnostic.severity != model::Severity::error) continue;
    const std::string& code = finding.diagnostic.code;
    // The finding's op: the first on its line of the kind the rule is about and not yet taken.
    // One already taken is the same op again (a column's REFERENCES and CHECK are two findings).
    std::optional<std::size_t> at;
    std::optional<ChangeKind> found;
    bool taken = false;
    for (std::size_t i = 0; i < ops.size() && !at; ++i) {
      if (ops[i].line != finding.diagnostic.line) continue;
      const auto op_kind = kind_of(code, ops[i].op);
      if (op_kind && used[i]) taken = true;
      if (op_kind && !used[i]) at = i, found = op_kind;
    }
    if (!at && taken) {
      plan.changes.push_back(finding_text(finding));
      continue;
    }
    if (!at)
      not_planned(finding,
                  "plan writes phases for PM503, PM504, PM505, PM506, PM509, PM512 and PM513 "
                  "only");
    if (kind && *kind != *found)
      throw NotPlanned(finding.diagnostic.file + ":" + std::to_string(finding.diagnostic.line) +
                       ": " + code + ": " + target->key + " holds " + kind_words(*kind) + " and " +
                       kind_words(*found) +
                       ": plan writes one kind of change at a time; split "
                       "the migration, then plan each part");
    if (single)
      throw NotPlanned(finding.diagnostic.file + ":" + std::to_string(finding.diagnostic.line) +
                       ": " + code + ": plan writes " + kind_words(*found) +
                       " one at a time; split the migration, then plan each part");
    kind = found;
    used[*at] = true;
    const model::Op& op = ops[*at].op;
    switch (*found) {
      case ChangeKind::column_move:
        if (const auto* rename = std::get_if<model::RenameColumn>(&op)) {
          ColumnMove move = column_move(*before, rename->table, rename->column, finding, dialect);
          move.new_column = added_column(move.old_column);
          move.new_column.name = rename->new_name;
          moves.push_back(std::move(move));
        } else {
          const auto& alter = std::get<model::AlterColumn>(op);
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
        break;
      case ChangeKind::not_null: {
        const auto& alter = std::get<model::AlterColumn>(op);
        if (alter.type) not_planned(finding, "the same ALTER changes the type too");
        single = planning::not_null_phases(context, finding, alter,
                                           fill_value(alter, ops, *before, dialect, used));
        break;
      }
      case ChangeKind::constraint:
        if (const auto* add = std::get_if<model::AddConstraint>(&op)) {
          constraints.push_back({add->table, add->constraint, std::nullopt});
        } else {
          for (auto& c : column_constraints(std::get<model::AddColumn>(op)))
            constraints.push_back(std::move(c));
        }
        break;
      case ChangeKind::index:
        indexes.push_back(std::get<model::CreateIndex>(op));
        break;
      case ChangeKind::rename_table:
        single = planning::rename_table_phases(context, finding, std::get<model::RenameTable>(op));
        break;
    }
    plan.changes.push_back(finding_text(finding));
  }
  if (!kind)
    throw InputError("lint finds no breaking change in " + target->key +
                     ": there is nothing to plan");
  // Deleting the breaking migration must not lose what else it does.
  if (const auto other = unplanned_statement(target->up, dialect))
    throw InputError(target->source.file + ":" + std::to_string(other->first) + ": " + target->key +
                     " also holds " + other->second +
                     ", which the phases would not hold once it is deleted: move it to a "
                     "migration of its own, then plan again");
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (!used[i])
      throw InputError(target->source.file + ":" + std::to_string(ops[i].line) + ": " +
                       target->key + " also does " + model::op_name(ops[i].op) +
                       ", which the phases would not hold once it is deleted: move it to a "
                       "migration of its own, then plan again");

  planning::Phases phases;
  switch (*kind) {
    case ChangeKind::column_move:
      phases = column_move_phases(context, moves);
      break;
    case ChangeKind::constraint:
      phases = planning::constraint_phases(context, constraints);
      break;
    case ChangeKind::index:
      phases = planning::index_phases(context, indexes);
      break;
    case ChangeKind::not_null:
    case ChangeKind::rename_table:
      phases = std::move(*single);
      break;
  }
  const std::time_t created = options.created ? options.created : std::time(nullptr);
  for (std::size_t i = 0; i < phases.phases.size(); ++i)
    phases.phases[i].migration.created = created + static_cast<std::time_t>(i);
  chain_states(phases.phases, *before, dialect);
  plan.phases = std::move(phases.phases);
  plan.notes = std::move(phases.notes);
  // A Prisma migration is its folder: a folder left without migration.sql stops `migrate deploy`.
  if (project.framework == "prisma")
    plan.notes.push_back("the phases replace " + fs::path(plan.file).parent_path().string() +
                         ": delete that folder before you run them");
  else
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
