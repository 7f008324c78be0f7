// Replay: one handler per op kind, each following what PostgreSQL and SQLite do to the catalog
// (a dropped column takes its indexes and constraints along, a renamed table keeps the foreign
// keys that point at it). Problems become diagnostics, never exceptions.
#include "schema/replay.hpp"

#include <algorithm>
#include <type_traits>

#include "schema/table_constraints.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

namespace pm::schema {

namespace {

using model::Dialect;

bool is_plain_name(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
    if (!word) return false;
  }
  return !(text[0] >= '0' && text[0] <= '9');
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  return same_name(a, b, Dialect::sqlite);
}

class Replayer {
 public:
  Replayer(SchemaState& state, const OpSource& source) : state_(state), source_(source) {}

  model::Diagnostics take() { return std::move(diagnostics_); }

  void operator()(const model::CreateTable& op) {
    if (state_.find_table(op.table)) {
      if (!op.if_not_exists) report("PM301", "table " + op.table.display() + " already exists");
      return;
    }
    Table table;
    table.name = op.table;
    table.columns = op.columns;
    table.constraints = op.constraints;
    // PostgreSQL accepts NOT VALID in CREATE TABLE and validates anyway: the table is empty.
    for (auto& constraint : table.constraints) constraint.not_valid = false;
    for (const auto& column : table.columns) check_reference(column.references, table);
    for (const auto& constraint : table.constraints) {
      check_constraint_columns(table, constraint);
      check_reference(constraint.references, table);
      apply_primary_key_nullability(table, constraint);
    }
    state_.put_table(std::move(table));
  }

  void operator()(const model::DropTable& op) {
    if (!state_.remove_table(op.table) && !op.if_exists) {
      report("PM302", "table " + op.table.display() + " does not exist");
    }
  }

  void operator()(const model::RenameTable& op) {
    const Table* found = require_table(op.table);
    if (!found) return;
    const model::QualifiedName target{op.table.schema, op.new_name};
    if (state_.find_table(target)) {
      report("PM301", "table " + target.display() + " already exists");
      return;
    }
    Table table = *found;
    const model::QualifiedName old_name = table.name;
    table.name.name = op.new_name;
    state_.remove_table(old_name);
    state_.put_table(std::move(table));
    // Both databases rewrite foreign keys that point at the renamed table.
    for_each_reference(old_name, [&](model::ForeignKeyRef& ref) {
      ref.table = op.table.schema.empty() ? op.new_name : op.table.schema + "." + op.new_name;
      return true;
    });
  }

  void operator()(const model::AddColumn& op) {
    const Table* found = require_table(op.table);
    if (!found) return;
    if (found->find_column(op.column.name, dialect())) {
      if (!op.if_not_exists) {
        report("PM304",
               "column " + op.column.name + " of " + op.table.display() + " already exists");
      }
      return;
    }
    Table table = *found;
    table.columns.push_back(op.column);
    check_reference(op.column.references, table);
    state_.put_table(std::move(table));
  }

  void operator()(const model::DropColumn& op) {
    const Table* found = op.if_exists ? state_.find_table(op.table) : require_table(op.table);
    if (!found) return;
    if (!found->find_column(op.column, dialect())) {
      if (!op.if_exists) report_missing_column(op.table, op.column);
      return;
    }
    Table table = *found;
    std::erase_if(table.columns,
                  [&](const model::Column& c) { return same_name(c.name, op.column, dialect()); });
    // PostgreSQL drops the indexes and table constraints that involve the column.
    std::erase_if(table.indexes,
                  [&](const Index& index) { return names_column(index.columns, op.column); });
    std::erase_if(table.constraints, [&](const model::Constraint& constraint) {
      return names_column(constraint.columns, op.column);
    });
    state_.put_table(std::move(table));
  }

  void operator()(const model::RenameColumn& op) {
    const Table* found = require_table(op.table);
    if (!found) return;
    Table table = *found;
    model::Column* column = table.find_column(op.column, dialect());
    if (!column) {
      report_missing_column(op.table, op.column);
      return;
    }
    if (table.find_column(op.new_name, dialect()) &&
        !same_name(op.column, op.new_name, dialect())) {
      report("PM304", "column " + op.new_name + " of " + op.table.display() + " already exists");
      return;
    }
    column->name = op.new_name;
    for (auto& constraint : table.constraints)
      rename_in(constraint.columns, op.column, op.new_name);
    for (auto& index : table.indexes) rename_in(index.columns, op.column, op.new_name);
    const model::QualifiedName name = table.name;
    state_.put_table(std::move(table));
    for_each_reference(name, [&](model::ForeignKeyRef& ref) {
      return rename_in(ref.columns, op.column, op.new_name);
    });
  }

  void operator()(const model::AlterColumn& op) {
    const Table* found = require_table(op.table);
    if (!found) return;
    Table table = *found;
    model::Column* column = table.find_column(op.column, dialect());
    if (!column) {
      report_missing_column(op.table, op.column);
      return;
    }
    if (op.type) column->type = *op.type;
    if (op.nullable) column->nullable = *op.nullable;
    if (op.default_sql) column->default_sql = *op.default_sql;
    state_.put_table(std::move(table));
  }

  void operator()(const model::CreateIndex& op) {
    const Table* found = require_table(op.table);
    Index index;
    index.name = op.name.empty() ? generated_index_name(op) : op.name;
    const model::QualifiedName index_name{op.table.schema, index.name};
    if (state_.find_index_table(index_name)) {
      if (!op.if_not_exists) report("PM305", "index " + index.name + " already exists");
      return;
    }
    if (!found) return;
    for (const auto& column : op.columns) {
      if (is_plain_name(column) && !found->find_column(column, dialect())) {
        report("PM307", "index " + index.name + " names column " + column + " which " +
                            op.table.display() + " does not have");
      }
    }
    index.columns = op.columns;
    index.unique = op.unique;
    index.where = op.where;
    index.method = op.method;
    Table table = *found;
    table.indexes.push_back(std::move(index));
    state_.put_table(std::move(table));
  }

  void operator()(const model::DropIndex& op) {
    const model::QualifiedName index_name{op.table.schema, op.name};
    const Table* found = state_.find_index_table(index_name);
    if (!found) {
      if (!op.if_exists) report("PM306", "index " + op.name + " does not exist");
      return;
    }
    Table table = *found;
    std::erase_if(table.indexes,
                  [&](const Index& index) { return same_name(index.name, op.name, dialect()); });
    state_.put_table(std::move(table));
  }

  void operator()(const model::AddConstraint& op) {
    const Table* found = require_table(op.table);
    if (!found) return;
    Table table = *found;
    check_constraint_columns(table, op.constraint);
    check_reference(op.constraint.references, table);
    apply_primary_key_nullability(table, op.constraint);
    table.constraints.push_back(op.constraint);
    state_.put_table(std::move(table));
  }

  void operator()(const model::DropConstraint& op) {
    const Table* found = op.if_exists ? state_.find_table(op.table) : require_table(op.table);
    if (!found) return;
    Table table = *found;
    if (!remove_constraint(table, op.name)) {
      if (!op.if_exists) {
        report("PM308", "constraint " + op.name + " of " + op.table.display() + " does not exist");
      }
      return;
    }
    state_.put_table(std::move(table));
  }

  void operator()(const model::ValidateConstraint& op) {
    const Table* found = require_table(op.table);
    if (!found) return;
    Table table = *found;
    for (auto& constraint : table.constraints) {
      if (same_name(constraint.name, op.name, dialect())) {
        constraint.not_valid = false;
        state_.put_table(std::move(table));
        return;
      }
    }
    if (!find_constraint(*found, op.name)) {
      report("PM308", "constraint " + op.name + " of " + op.table.display() + " does not exist");
    }
  }

  void operator()(const model::CreateView& op) {
    if (state_.find_view(op.view) && !op.or_replace) {
      report("PM310", "view " + op.view.display() + " already exists");
      return;
    }
    state_.put_view(View{op.view, op.query});
  }

  void operator()(const model::DropView& op) {
    if (!state_.remove_view(op.view) && !op.if_exists) {
      report("PM311", "view " + op.view.display() + " does not exist");
    }
  }

  void operator()(const model::CreateEnum& op) {
    if (state_.find_enum(op.type)) {
      report("PM310", "type " + op.type.display() + " already exists");
      return;
    }
    state_.put_enum(Enum{op.type, op.values});
  }

  void operator()(const model::DropEnum& op) {
    if (!state_.remove_enum(op.type) && !op.if_exists) {
      report("PM311", "type " + op.type.display() + " does not exist");
    }
  }

  void operator()(const model::InsertRows& op) { require_table(op.table); }

 private:
  Dialect dialect() const { return state_.dialect(); }

  void report(std::string code, std::string message) {
    diagnostics_.push_back(model::Diagnostic{model::Severity::error, std::move(code),
                                             std::move(message), source_.file, source_.line});
  }

  void report_missing_column(const model::QualifiedName& table, const std::string& column) {
    report("PM303", "column " + column + " of " + table.display() + " does not exist");
  }

  const Table* require_table(const model::QualifiedName& name) {
    const Table* table = state_.find_table(name);
    if (!table) report("PM302", "table " + name.display() + " does not exist");
    return table;
  }

  // A table may point at itself, before it is in the state.
  void check_reference(const std::optional<model::ForeignKeyRef>& ref, const Table& self) {
    if (!ref) return;
    const model::QualifiedName target = referenced_table(*ref);
    if (state_.key(target) == state_.key(self.name)) return;
    if (!state_.find_table(target)) {
      report("PM309", "foreign key of " + self.name.display() + " references table " +
                          target.display() + " which does not exist");
    }
  }

  void check_constraint_columns(const Table& table, const model::Constraint& constraint) {
    for (const auto& column : constraint.columns) {
      if (!table.find_column(column, dialect())) report_missing_column(table.name, column);
    }
  }

  // PostgreSQL makes primary key columns NOT NULL; SQLite only does so for the rowid alias, a
  // lone column declared exactly INTEGER.
  void apply_primary_key_nullability(Table& table, const model::Constraint& constraint) {
    if (constraint.kind != model::ConstraintKind::primary_key) return;
    for (const auto& name : constraint.columns) {
      model::Column* column = table.find_column(name, dialect());
      if (!column) continue;
      if (dialect() == Dialect::postgresql ||
          (constraint.columns.size() == 1 && iequals_ascii(column->type.native, "INTEGER"))) {
        column->nullable = false;
      }
    }
  }

  bool names_column(const std::vector<std::string>& columns, const std::string& column) const {
    return std::any_of(columns.begin(), columns.end(),
                       [&](const std::string& c) { return same_name(c, column, dialect()); });
  }

  bool rename_in(std::vector<std::string>& columns, const std::string& from,
                 const std::string& to) const {
    bool changed = false;
    for (auto& c : columns) {
      if (same_name(c, from, dialect())) {
        c = to;
        changed = true;
      }
    }
    return changed;
  }

  // Calls `edit` on every foreign key (column or table level) pointing at `target`; tables whose
  // keys `edit` changed are stored back.
  template <typename Edit>
  void for_each_reference(const model::QualifiedName& target, Edit edit) {
    const std::string target_key = state_.key(target);
    auto points_here = [&](const std::optional<model::ForeignKeyRef>& ref) {
      return ref && state_.key(referenced_table(*ref)) == target_key;
    };
    for (const Table* table : state_.tables()) {
      const bool any =
          std::any_of(table->columns.begin(), table->columns.end(),
                      [&](const model::Column& c) { return points_here(c.references); }) ||
          std::any_of(table->constraints.begin(), table->constraints.end(),
                      [&](const model::Constraint& c) { return points_here(c.references); });
      if (!any) continue;
      Table copy = *table;
      bool changed = false;
      for (auto& column : copy.columns) {
        if (points_here(column.references)) changed |= edit(*column.references);
      }
      for (auto& constraint : copy.constraints) {
        if (points_here(constraint.references)) changed |= edit(*constraint.references);
      }
      if (changed) state_.put_table(std::move(copy));
    }
  }

  std::optional<TableConstraint> find_constraint(const Table& table,
                                                 const std::string& name) const {
    for (const auto& entry : table_constraints(table)) {
      if (same_name(entry.constraint.name, name, dialect())) return entry;
      // PostgreSQL names an unnamed table CHECK after the first column its expression uses.
      if (!entry.explicit_name && entry.constraint.kind == model::ConstraintKind::check &&
          entry.table_index && name.starts_with(table.name.name + "_") &&
          name.ends_with("_check")) {
        const std::string middle =
            name.substr(table.name.name.size() + 1, name.size() - table.name.name.size() - 7);
        if (table.find_column(middle, dialect()) &&
            entry.constraint.check.find(middle) != std::string::npos) {
          return entry;
        }
      }
    }
    return std::nullopt;
  }

  bool remove_constraint(Table& table, const std::string& name) const {
    auto entry = find_constraint(table, name);
    if (!entry) return false;
    if (entry->table_index) {
      table.constraints.erase(table.constraints.begin() +
                              static_cast<std::ptrdiff_t>(*entry->table_index));
      return true;
    }
    switch (entry->constraint.kind) {
      case model::ConstraintKind::primary_key:
        for (auto& column : table.columns) column.primary = false;
        break;
      case model::ConstraintKind::unique:
        table.columns[*entry->column_index].unique = false;
        break;
      case model::ConstraintKind::foreign_key:
        table.columns[*entry->column_index].references.reset();
        break;
      case model::ConstraintKind::check:
        table.columns[*entry->column_index].check.reset();
        break;
    }
    return true;
  }

  // PostgreSQL's name for CREATE INDEX ON t (a, b): t_a_b_idx.
  static std::string generated_index_name(const model::CreateIndex& op) {
    std::string name = op.table.name;
    for (const auto& column : op.columns) name += "_" + (is_plain_name(column) ? column : "expr");
    return name + "_idx";
  }

  SchemaState& state_;
  const OpSource& source_;
  model::Diagnostics diagnostics_;
};

}  // namespace

model::Diagnostics apply_op(SchemaState& state, const model::Op& op, const OpSource& source) {
  Replayer replayer(state, source);
  std::visit(replayer, op);
  return replayer.take();
}

HistoryReplay replay_history(const model::History& history, model::Dialect dialect) {
  HistoryReplay result;
  result.state = SchemaState(dialect);
  result.migrations.reserve(history.order().size());
  for (const std::size_t index : history.order()) {
    const model::Migration& migration = history.migrations()[index];
    MigrationReplay replay;
    replay.key = migration.key;
    replay.before = result.state;
    SchemaState& state = result.state;
    auto apply = [&](const model::Op& op, int line) {
      auto found = apply_op(state, op, OpSource{migration.source.file, line});
      result.diagnostics.insert(result.diagnostics.end(), std::make_move_iterator(found.begin()),
                                std::make_move_iterator(found.end()));
      ++replay.ops;
    };
    for (const model::Step& step : migration.up) {
      if (const auto* op_step = std::get_if<model::OpStep>(&step)) {
        apply(op_step->op, op_step->line);
      } else if (const auto* sql = std::get_if<model::SqlStep>(&step)) {
        const int base = sql->line > 0 ? sql->line - 1 : 0;
        sql::SplitResult split = sql::split_statements(sql->text, dialect);
        if (split.error) {
          result.diagnostics.push_back(
              model::Diagnostic{model::Severity::error, "PM312", split.error->message,
                                migration.source.file, base + split.error->line});
        }
        for (const auto& statement : split.statements) {
          auto steps = sql::read_ddl(statement, dialect);
          if (steps.empty()) ++replay.skipped_sql;
          for (const auto& read : steps) apply(read.op, base + read.line);
        }
      } else {
        ++replay.opaque_steps;
      }
    }
    result.skipped_sql += replay.skipped_sql;
    result.opaque_steps += replay.opaque_steps;
    replay.after = state;
    result.migrations.push_back(std::move(replay));
  }
  return result;
}

}  // namespace pm::schema
