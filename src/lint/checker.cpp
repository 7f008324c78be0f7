// The walk: every migration in apply order, every step flattened into ops (from code, or read
// from SQL by the DDL reader) and statements the reader has no op for (classified by their
// tokens), checked against the schema as replayed up to that point and then applied to it.
// A table created earlier in the same migration is new: nothing reads it yet, so the rules about
// locks and old code are moot for it. A table polymigrate never saw created (by code it could not
// read) counts as existing: lint does not guess it is safe.
#include <algorithm>
#include <map>
#include <set>

#include "lint/default_expression.hpp"
#include "lint/knex_data_change.hpp"
#include "lint/lint.hpp"
#include "lint/rule_catalogue.hpp"
#include "lint/statement_kind.hpp"
#include "lint/suppressions.hpp"
#include "lint/transaction_facts.hpp"
#include "schema/replay.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/lexer.hpp"
#include "sql/splitter.hpp"

namespace pm::lint {

namespace {

using model::Dialect;

// One thing the migration does, in order, with the line it stands on.
struct Item {
  int line = 0;
  std::optional<model::Op> op;
  std::optional<StatementFacts> statement;
  std::string sql;  // a statement's text (for unreadable ones)
  const model::OpaqueStep* opaque = nullptr;
  std::string split_error;
};

std::vector<Item> flatten(const model::Script& script, Dialect dialect) {
  std::vector<Item> items;
  for (const model::Step& step : script) {
    if (const auto* op = std::get_if<model::OpStep>(&step)) {
      Item item;
      item.line = op->line;
      item.op = op->op;
      items.push_back(std::move(item));
    } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
      const int base = sql->line > 0 ? sql->line - 1 : 0;
      // A UTF-8 byte order mark (Prisma keeps the file's bytes) is not SQL; blanks keep the
      // columns where they were.
      std::string text = sql->text;
      if (text.starts_with("\xEF\xBB\xBF")) text.replace(0, 3, "   ");
      const sql::SplitResult split = sql::split_statements(text, dialect);
      for (const auto& statement : split.statements) {
        auto ops = sql::read_ddl(statement, dialect);
        if (ops.empty()) {
          Item item;
          item.line = base + statement.line;
          item.statement = classify_statement_for_lint(statement.text, dialect);
          item.sql = statement.text;
          items.push_back(std::move(item));
        }
        for (auto& read : ops) {
          Item item;
          item.line = base + read.line;
          item.op = std::move(read.op);
          items.push_back(std::move(item));
        }
      }
      if (split.error) {
        Item item;
        item.line = base + split.error->line;
        item.split_error = split.error->message;
        items.push_back(std::move(item));
      }
    } else {
      Item item;
      item.opaque = &std::get<model::OpaqueStep>(step);
      item.line = item.opaque->source.line_begin;
      items.push_back(std::move(item));
    }
  }
  return items;
}

std::string type_text(const model::ColumnType& type) {
  if (!type.native.empty()) return type.native;
  std::string text = model::to_string(type.kind);
  if (type.length) text += "(" + std::to_string(*type.length) + ")";
  if (type.precision) {
    text += "(" + std::to_string(*type.precision);
    if (type.scale) text += "," + std::to_string(*type.scale);
    text += ")";
  }
  return text + (type.array ? "[]" : "");
}

// PostgreSQL changes these in the catalog only: a varchar made longer or unbounded, or text; a
// numeric given more precision at the same scale.
bool free_type_change(const model::ColumnType& from, const model::ColumnType& to) {
  using model::LogicalType;
  if (from.array != to.array) return false;
  if (from.kind == LogicalType::string) {
    if (to.kind == LogicalType::text) return true;
    if (to.kind == LogicalType::string)
      return !to.length || (from.length && *to.length >= *from.length);
  }
  if (from.kind == LogicalType::text && to.kind == LogicalType::text) return true;
  if (from.kind == LogicalType::decimal && to.kind == LogicalType::decimal)
    return !to.precision ||
           (from.precision && *to.precision >= *from.precision && from.scale == to.scale);
  return false;
}

const char* constraint_words(model::ConstraintKind kind) {
  switch (kind) {
    case model::ConstraintKind::primary_key:
      return "a primary key";
    case model::ConstraintKind::foreign_key:
      return "a foreign key";
    case model::ConstraintKind::unique:
      return "a UNIQUE constraint";
    case model::ConstraintKind::check:
      return "a CHECK constraint";
  }
  return "a constraint";
}

std::string shorten(const std::string& sql) {
  std::string flat;
  for (char c : sql) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
    flat += c;
  }
  return flat.size() > 80 ? flat.substr(0, 77) + "..." : flat;
}

// A CHECK (column IS NOT NULL) that is valid lets PostgreSQL 12+ SET NOT NULL without a scan:
// the last phase of the set-not-null recipe.
bool has_valid_not_null_check(const schema::Table& table, const std::string& column) {
  const std::string wanted = sql::upper(column) + " IS NOT NULL";
  auto normal = [](const std::string& check) {
    std::string words;
    for (const auto& token : sql::tokenize(check, Dialect::postgresql).tokens) {
      if (token.kind == sql::TokenKind::open_paren || token.kind == sql::TokenKind::close_paren)
        continue;
      std::string_view text = sql::token_text(check, token);
      if (token.kind == sql::TokenKind::quoted_identifier && text.size() >= 2)
        text = text.substr(1, text.size() - 2);
      words += (words.empty() ? "" : " ") + sql::upper(text);
    }
    return words;
  };
  for (const auto& constraint : table.constraints) {
    if (constraint.kind == model::ConstraintKind::check && !constraint.not_valid &&
        normal(constraint.check) == wanted)
      return true;
  }
  return false;
}

class MigrationChecker {
 public:
  MigrationChecker(const model::Project& project, const model::Migration& migration,
                   const LintOptions& options, schema::SchemaState& state,
                   Suppressions& suppressions)
      : project_(project),
        migration_(migration),
        options_(options),
        state_(state),
        suppressions_(suppressions) {}

  MigrationLint run() {
    out_.key = migration_.key;
    out_.file = migration_.source.file;
    const std::vector<Item> items = flatten(migration_.up, dialect());
    in_transaction_ = runs_in_one_transaction(project_.framework, dialect(), migration_,
                                              static_cast<int>(items.size()));
    for (const Item& item : items) {
      current_ = &item;
      if (item.opaque) {
        opaque(*item.opaque);
      } else if (!item.split_error.empty()) {
        emit(code::unreadable, "SQL that cannot be split into statements (" + item.split_error +
                                   "), so nothing after it is read");
      } else if (item.op) {
        std::visit([&](const auto& op) { check(op); }, *item.op);
        schema::apply_op(state_, *item.op);
      } else if (item.statement) {
        check_statement(*item.statement, item.sql);
      }
    }
    check_backfills();
    for (auto index = removed_.rbegin(); index != removed_.rend(); ++index)
      out_.findings.erase(out_.findings.begin() + *index);
    return std::move(out_);
  }

 private:
  Dialect dialect() const { return options_.dialect; }
  bool postgres() const { return dialect() == Dialect::postgresql; }
  // Per migration, as the tools decide it: SqlStep::no_transaction says a statement cannot run
  // in a transaction (Flyway's flag), not that it runs outside one.
  bool item_in_transaction() const { return in_transaction_; }
  std::string key(const model::QualifiedName& name) const { return state_.key(name); }
  bool is_new(const model::QualifiedName& table) const { return new_tables_.count(key(table)); }
  std::string column_key(const model::QualifiedName& table, const std::string& column) const {
    return key(table) + "." + (dialect() == Dialect::sqlite ? sql::upper(column) : column);
  }

  // Adds a finding unless its rule is off on this dialect, disabled, or ignored at its line.
  // Returns the finding's index, or -1.
  int emit(std::string_view code, const std::string& what, RecipeNames names = {}) {
    const Rule& rule = lint::rule(code);
    if (!applies_to(rule, dialect()) || options_.disabled.count(rule.code)) return -1;
    const std::string file = current_->opaque && !current_->opaque->source.file.empty()
                                 ? current_->opaque->source.file
                                 : migration_.source.file;
    if (suppressions_.ignored(file, current_->line, rule.code)) {
      ++out_.suppressed;
      return -1;
    }
    const char* why = dialect() == Dialect::sqlite && rule.why_sqlite ? rule.why_sqlite : rule.why;
    Finding finding;
    finding.rule = &rule;
    finding.diagnostic =
        model::Diagnostic{rule.severity, rule.code, what + ". " + why, file, current_->line};
    finding.recipe = recipe_for(rule, project_.framework, names);
    out_.findings.push_back(std::move(finding));
    return static_cast<int>(out_.findings.size()) - 1;
  }

  // A statement that locks an existing table: it needs lock_timeout set before it, and it holds
  // its lock until the transaction ends (what a backfill in the same transaction prolongs).
  void takes_lock(const std::string& table) {
    if (item_in_transaction()) schema_change_in_transaction_ = true;
    if (!postgres() || lock_timeout_set_ || lock_reported_) return;
    lock_reported_ = true;
    emit(code::missing_lock_timeout,
         "locks " + table + " with no SET lock_timeout earlier in the migration", {table});
  }

  void opaque(const model::OpaqueStep& step) {
    if (const auto facts = knex_data_change(step)) {
      if (item_in_transaction()) data_changes_.push_back({current_, *facts});
      return;
    }
    emit(code::unreadable, std::string("code polymigrate does not translate (") + step.reason +
                               "): " + shorten(step.code));
  }

  void check_statement(const StatementFacts& facts, const std::string& sql) {
    switch (facts.kind) {
      case StatementKind::unreadable:
        emit(code::unreadable, "SQL polymigrate cannot read: " + shorten(sql));
        break;
      case StatementKind::harmless:
      case StatementKind::enum_add_value:
      case StatementKind::data_insert:
        break;
      case StatementKind::sets_lock_timeout:
        lock_timeout_set_ = true;
        break;
      case StatementKind::enum_rename_value:
        emit(code::rename_enum_value, "renames a value of enum type " + facts.object,
             {.type = facts.object, .new_name = facts.new_value, .old_name = facts.old_value});
        break;
      case StatementKind::enum_add_value_positioned:
        emit(code::reorder_enum_value,
             "adds a value to enum type " + facts.object + " BEFORE or AFTER another",
             {.type = facts.object, .new_name = facts.new_value});
        break;
      case StatementKind::data_change:
        if (item_in_transaction()) data_changes_.push_back({current_, facts});
        break;
      case StatementKind::constraint_using_index:
        takes_lock(facts.object);
        break;
    }
  }

  // Data changes in the same transaction as a schema change of an existing table.
  void check_backfills() {
    if (!schema_change_in_transaction_) return;
    for (const auto& [item, facts] : data_changes_) {
      current_ = item;
      std::string what = facts.verb + (facts.object.empty() ? "" : " " + facts.object);
      what += facts.bounded ? "" : " without WHERE (every row)";
      emit(code::backfill_with_ddl,
           what + " runs in the same transaction as the migration's schema changes",
           {.table = facts.object});
    }
  }

  void check(const model::CreateTable& op) { new_tables_.insert(key(op.table)); }

  void check(const model::DropTable& op) {
    if (new_tables_.erase(key(op.table))) return;
    takes_lock(op.table.display());
    const int index =
        emit(code::drop_table, "drops table " + op.table.display(), {.table = op.table.display()});
    if (index >= 0) dropped_[key(op.table)] = index;
  }

  void check(const model::RenameTable& op) {
    const model::QualifiedName target{op.table.schema, op.new_name};
    if (new_tables_.erase(key(op.table))) {
      new_tables_.insert(key(target));
      rebuilt(target);
      return;
    }
    takes_lock(op.table.display());
    const int index =
        emit(code::rename_table, "renames table " + op.table.display() + " to " + op.new_name,
             {.table = op.table.display(), .new_name = op.new_name});
    if (index >= 0) renamed_away_[key(op.table)] = index;
  }

  // SQLite's twelve-step rebuild (what Prisma writes as RedefineTables): the old table dropped,
  // a new one renamed to its name in the same migration. On SQLite that is a rebuild, not a drop.
  void rebuilt(const model::QualifiedName& table) {
    auto dropped = dropped_.find(key(table));
    if (dropped == dropped_.end() || dialect() != Dialect::sqlite) return;
    Finding& finding = out_.findings[static_cast<std::size_t>(dropped->second)];
    const Rule& rebuild = lint::rule(code::sqlite_table_rebuild);
    if (options_.disabled.count(rebuild.code) ||
        suppressions_.ignored(finding.diagnostic.file, finding.diagnostic.line, rebuild.code)) {
      removed_.insert(dropped->second);
      ++out_.suppressed;
    } else {
      finding.rule = &rebuild;
      finding.diagnostic.code = rebuild.code;
      finding.diagnostic.severity = rebuild.severity;
      finding.diagnostic.message = "rebuilds table " + table.display() +
                                   " (copied into a new table, dropped, renamed). " +
                                   rebuild.why_sqlite;
      finding.recipe = recipe_for(rebuild, project_.framework, {.table = table.display()});
    }
    dropped_.erase(dropped);
  }

  void check(const model::AddColumn& op) {
    if (is_new(op.table)) return;
    const model::Column& c = op.column;
    const std::string where = op.table.display() + "." + c.name;
    const RecipeNames names{.table = op.table.display(), .column = c.name};
    new_columns_.insert(column_key(op.table, c.name));
    takes_lock(op.table.display());
    const bool generated_values = c.autoincrement || c.generated ||
                                  c.type.kind == model::LogicalType::serial ||
                                  c.type.kind == model::LogicalType::bigserial;
    if (!c.nullable && !c.default_sql && !generated_values && !c.primary)
      emit(code::add_required_column, "adds " + where + " NOT NULL without a default", names);
    if (const std::string reason = row_by_row_default(c, dialect()); !reason.empty())
      emit(code::volatile_default, "adds " + where + " with " + reason, names);
    if (c.primary) emit(code::add_primary_key, "adds " + where + " as a primary key", names);
    if (c.unique && postgres())
      emit(code::add_unique, "adds " + where + " UNIQUE",
           {.table = op.table.display(), .column = c.name, .constraint = c.name + "_key"});
    // The constraint of a column added to an existing table is validated over every row, as ADD
    // CONSTRAINT is, holding the same locks; PostgreSQL names it as below.
    if (c.references && postgres())
      emit(code::add_foreign_key, "adds " + where + " REFERENCES " + c.references->table,
           {.table = op.table.display(),
            .column = c.name,
            .constraint = op.table.name + "_" + c.name + "_fkey"});
    if (c.check && postgres())
      emit(code::add_check, "adds " + where + " with CHECK (" + *c.check + ")",
           {.table = op.table.display(),
            .column = c.name,
            .constraint = op.table.name + "_" + c.name + "_check"});
  }

  void check(const model::DropColumn& op) {
    if (is_new(op.table) || new_columns_.erase(column_key(op.table, op.column))) return;
    takes_lock(op.table.display());
    emit(code::drop_column, "drops column " + op.table.display() + "." + op.column,
         {.table = op.table.display(), .column = op.column});
  }

  void check(const model::RenameColumn& op) {
    if (is_new(op.table)) return;
    if (new_columns_.erase(column_key(op.table, op.column))) {
      new_columns_.insert(column_key(op.table, op.new_name));
      return;
    }
    takes_lock(op.table.display());
    emit(code::rename_column,
         "renames column " + op.table.display() + "." + op.column + " to " + op.new_name,
         {.table = op.table.display(), .column = op.column, .new_name = op.new_name});
  }

  void check(const model::AlterColumn& op) {
    if (is_new(op.table)) return;
    const schema::Table* table = state_.find_table(op.table);
    const model::Column* current = table ? table->find_column(op.column, dialect()) : nullptr;
    const std::string where = op.table.display() + "." + op.column;
    const RecipeNames names{.table = op.table.display(), .column = op.column};
    takes_lock(op.table.display());
    bool reported = false;
    if (op.type && !(current && current->type == *op.type)) {
      const bool free = postgres() && current && free_type_change(current->type, *op.type);
      if (!free) {
        // The new column's name is the one `polymigrate plan` gives it.
        emit(code::change_column_type,
             "changes the type of " + where +
                 (current ? " from " + type_text(current->type) : std::string()) + " to " +
                 type_text(*op.type),
             {.table = op.table.display(), .column = op.column, .new_name = op.column + "_new"});
        reported = true;
      }
    }
    if (op.nullable && !*op.nullable && !(current && !current->nullable) &&
        !(table && has_valid_not_null_check(*table, op.column))) {
      emit(code::set_not_null, "makes " + where + " NOT NULL", names);
      reported = true;
    }
    const bool nullable_change = op.nullable && (!current || current->nullable != *op.nullable);
    const bool default_change =
        op.default_sql && (!current || current->default_sql != *op.default_sql);
    if (!reported && (nullable_change || default_change))
      emit(code::sqlite_table_rebuild,
           std::string("changes the ") + (default_change ? "default" : "nullability") + " of " +
               where,
           names);
  }

  void check(const model::CreateIndex& op) {
    const std::string name = op.name.empty() ? op.table.name + "_idx" : op.name;
    new_indexes_.insert(key({op.table.schema, name}));
    if (op.concurrently && item_in_transaction()) {
      emit(code::concurrently_in_transaction,
           "creates index " + name + " CONCURRENTLY inside the migration's transaction",
           {.table = op.table.display(), .index = name});
    }
    if (op.concurrently || is_new(op.table)) return;
    takes_lock(op.table.display());
    emit(code::create_index,
         std::string("creates ") + (op.unique ? "unique " : "") + "index " + name + " on " +
             op.table.display() + " without CONCURRENTLY",
         {.table = op.table.display(), .index = name});
  }

  void check(const model::DropIndex& op) {
    const model::QualifiedName index{op.table.schema, op.name};
    const schema::Table* table = state_.find_index_table(index);
    const std::string table_name = table ? table->name.display() : op.table.display();
    if (op.concurrently && item_in_transaction()) {
      emit(code::concurrently_in_transaction,
           "drops index " + op.name + " CONCURRENTLY inside the migration's transaction",
           {.table = table_name, .index = op.name});
    }
    if (new_indexes_.erase(key(index)) || (table && is_new(table->name)) || op.concurrently) return;
    takes_lock(table_name.empty() ? "the table of index " + op.name : table_name);
    emit(code::drop_index, "drops index " + op.name + " without CONCURRENTLY",
         {.table = table_name, .index = op.name});
  }

  void check(const model::AddConstraint& op) {
    if (is_new(op.table)) return;
    const model::Constraint& c = op.constraint;
    const std::string name = c.name.empty() ? "(unnamed)" : c.name;
    const std::string what =
        "adds " + std::string(constraint_words(c.kind)) + " " + name + " to " + op.table.display();
    const RecipeNames names{.table = op.table.display(),
                            .column = c.columns.empty() ? "" : c.columns.front(),
                            .constraint = c.name};
    takes_lock(op.table.display());
    if (c.not_valid) not_valid_added_[key(op.table) + "." + c.name] = c.kind;
    if (c.kind == model::ConstraintKind::primary_key) {
      emit(code::add_primary_key, what, names);
    } else if (!postgres()) {
      emit(code::sqlite_table_rebuild, what, names);
    } else if (c.kind == model::ConstraintKind::foreign_key && !c.not_valid) {
      emit(code::add_foreign_key, what + " without NOT VALID", names);
    } else if (c.kind == model::ConstraintKind::check && !c.not_valid) {
      emit(code::add_check, what + " without NOT VALID", names);
    } else if (c.kind == model::ConstraintKind::unique) {
      emit(code::add_unique, what + " without an index built CONCURRENTLY first", names);
    }
  }

  void check(const model::DropConstraint& op) {
    if (is_new(op.table)) return;
    takes_lock(op.table.display());
    emit(code::sqlite_table_rebuild, "drops constraint " + op.name + " of " + op.table.display(),
         {.table = op.table.display(), .constraint = op.name});
  }

  // VALIDATE in the transaction that added the constraint NOT VALID keeps the ADD's lock for the
  // whole scan: the two statements must be in different migrations.
  void check(const model::ValidateConstraint& op) {
    auto added = not_valid_added_.find(key(op.table) + "." + op.name);
    if (added == not_valid_added_.end() || !item_in_transaction()) return;
    const auto rule = added->second == model::ConstraintKind::foreign_key ? code::add_foreign_key
                                                                          : code::add_check;
    emit(rule,
         "validates " + op.name + " of " + op.table.display() +
             " in the same transaction that adds it NOT VALID",
         {.table = op.table.display(), .constraint = op.name});
  }

  // A view with the name a table was renamed away from, in the same migration, is the expand
  // phase of a rename (what `polymigrate plan` writes): old code keeps reading and writing
  // through the view, so the rename is not reported.
  void check(const model::CreateView& op) {
    new_views_.insert(key(op.view));
    // DROP VIEW then CREATE VIEW of the same name replaces it (a repeatable migration's idiom):
    // in one transaction readers only wait for it.
    if (auto dropped = dropped_views_.find(key(op.view)); dropped != dropped_views_.end()) {
      removed_.insert(dropped->second);
      dropped_views_.erase(dropped);
      return;
    }
    auto renamed = renamed_away_.find(key(op.view));
    if (renamed == renamed_away_.end()) return;
    removed_.insert(renamed->second);
    renamed_away_.erase(renamed);
  }

  void check(const model::DropView& op) {
    if (new_views_.erase(key(op.view))) return;
    const int index =
        emit(code::drop_view, "drops view " + op.view.display(), {.table = op.view.display()});
    if (index >= 0) dropped_views_[key(op.view)] = index;
  }

  void check(const model::CreateEnum& op) { new_types_.insert(key(op.type)); }

  void check(const model::DropEnum& op) {
    if (new_types_.erase(key(op.type))) return;
    emit(code::drop_type, "drops type " + op.type.display(), {.type = op.type.display()});
  }
  void check(const model::InsertRows&) {}

  const model::Project& project_;
  const model::Migration& migration_;
  const LintOptions& options_;
  schema::SchemaState& state_;
  Suppressions& suppressions_;
  MigrationLint out_;
  const Item* current_ = nullptr;
  bool in_transaction_ = false;
  bool lock_timeout_set_ = false;
  bool lock_reported_ = false;
  bool schema_change_in_transaction_ = false;
  std::set<std::string> new_tables_, new_columns_, new_indexes_, new_views_, new_types_;
  std::map<std::string, int> renamed_away_;   // old table key -> its rename-table finding
  std::map<std::string, int> dropped_views_;  // view key -> its drop-view finding
  std::map<std::string, int> dropped_;        // table key -> its drop-table finding
  std::set<int> removed_;                     // findings a rebuild turned into a disabled rule
  std::map<std::string, model::ConstraintKind> not_valid_added_;
  std::vector<std::pair<const Item*, StatementFacts>> data_changes_;
};

Classification classify(const MigrationLint& migration) {
  bool unknown = false;
  for (const Finding& finding : migration.findings) {
    if (finding.diagnostic.severity == model::Severity::error) return Classification::breaking;
    unknown = unknown || finding.diagnostic.code == code::unreadable;
  }
  return unknown ? Classification::unknown : Classification::additive;
}

}  // namespace

LintResult lint_project(const model::Project& project, const LintOptions& options) {
  LintResult result;
  result.framework = project.framework;
  result.dialect = options.dialect;
  result.disabled = options.disabled;
  result.diagnostics = project.all_diagnostics();
  Suppressions suppressions(project.root);
  schema::SchemaState state(options.dialect);
  for (const std::size_t index : project.history.order()) {
    const model::Migration& migration = project.history.migrations()[index];
    MigrationLint lint = MigrationChecker(project, migration, options, state, suppressions).run();
    lint.classification = classify(lint);
    result.migrations.push_back(std::move(lint));
  }
  const auto& problems = suppressions.problems();
  result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
  return result;
}

}  // namespace pm::lint
