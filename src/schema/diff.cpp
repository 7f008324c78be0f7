// Diff: compares tables by name, columns by name, constraints by what they enforce (their name
// only when the DDL gave one), indexes by name and definition; then emits ops phase by phase so
// each op only needs what earlier ones left in place.
#include "schema/diff.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "schema/table_constraints.hpp"

namespace pm::schema {

namespace {

using model::ConstraintKind;
using model::Dialect;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string action(const std::string& text) { return text.empty() ? "NO ACTION" : text; }

class Differ {
 public:
  Differ(const SchemaState& from, const SchemaState& to) : from_(from), to_(to) {}

  std::vector<model::Op> run() {
    collect_tables();
    drop_views();
    for (const auto& [key, pair] : kept_) diff_kept_table(*pair.first, *pair.second);
    emit(std::move(drop_foreign_keys_));
    emit(std::move(drop_indexes_));
    emit(std::move(drop_constraints_));
    emit(std::move(drop_columns_));
    drop_tables();
    enums();
    create_tables();
    emit(std::move(add_columns_));
    emit(std::move(alter_columns_));
    emit(std::move(add_constraints_));
    emit(std::move(create_indexes_));
    emit(std::move(add_foreign_keys_));
    create_views();
    return std::move(ops_);
  }

 private:
  using Ops = std::vector<model::Op>;

  Dialect dialect() const { return to_.dialect(); }
  bool same(std::string_view a, std::string_view b) const { return same_name(a, b, dialect()); }
  std::string name_key(std::string_view name) const {
    return dialect() == Dialect::sqlite ? lower(name) : std::string(name);
  }

  void emit(Ops ops) {
    for (auto& op : ops) ops_.push_back(std::move(op));
  }

  // What a constraint enforces, as text; two constraints with the same signature are the same.
  // A name is part of it only when the DDL chose it: the name PostgreSQL gives an unnamed
  // constraint (what a catalog reports for one) says nothing more than the constraint itself.
  std::string signature(const TableConstraint& entry, const Table& table) const {
    const auto& c = entry.constraint;
    std::string out = model::to_string(c.kind);
    for (const auto& column : c.columns) out += "|" + name_key(column);
    if (c.references) {
      out += "|>" + to_.key(referenced_table(*c.references));
      for (const auto& column : c.references->columns) out += "|" + name_key(column);
      out += "|" + action(c.references->on_delete) + "|" + action(c.references->on_update);
    }
    out += "|" + c.check;
    if (c.not_valid) out += "|not valid";
    if (entry.explicit_name &&
        name_key(c.name) != name_key(generated_constraint_name(table.name.name, c.kind, c.columns)))
      out += "|" + name_key(c.name);
    return out;
  }

  void collect_tables() {
    for (const Table* table : from_.tables()) {
      if (const Table* other = to_.find_table(table->name)) {
        kept_.emplace(to_.key(table->name), std::make_pair(table, other));
      } else {
        dropped_.push_back(table);
      }
    }
    for (const Table* table : to_.tables()) {
      if (!from_.find_table(table->name)) created_.push_back(table);
    }
  }

  void drop_views() {
    for (const View* view : from_.views()) {
      const View* other = to_.find_view(view->name);
      if (!other || other->query != view->query) {
        ops_.push_back(model::DropView{view->name, false, false});
      }
    }
  }

  void create_views() {
    for (const View* view : to_.views()) {
      const View* other = from_.find_view(view->name);
      if (!other || other->query != view->query) {
        ops_.push_back(model::CreateView{view->name, view->query, false});
      }
    }
  }

  void enums() {
    for (const Enum* type : from_.enums()) {
      const Enum* other = to_.find_enum(type->name);
      if (!other || other->values != type->values) {
        ops_.push_back(model::DropEnum{type->name, false});
      }
    }
    for (const Enum* type : to_.enums()) {
      const Enum* other = from_.find_enum(type->name);
      if (!other || other->values != type->values) {
        ops_.push_back(model::CreateEnum{type->name, type->values});
      }
    }
  }

  bool involves(const std::vector<std::string>& columns, const std::set<std::string>& names) const {
    return std::any_of(columns.begin(), columns.end(),
                       [&](const std::string& c) { return names.count(name_key(c)) > 0; });
  }

  void diff_kept_table(const Table& from, const Table& to) {
    std::set<std::string> dropped_columns;
    std::set<std::string> added_columns;
    for (const auto& column : from.columns) {
      if (!to.find_column(column.name, dialect())) {
        dropped_columns.insert(name_key(column.name));
        drop_columns_.push_back(model::DropColumn{to.name, column.name, false, false});
      }
    }
    for (const auto& column : to.columns) {
      const model::Column* old = from.find_column(column.name, dialect());
      if (!old) {
        added_columns.insert(name_key(column.name));
        add_columns_.push_back(model::AddColumn{to.name, column, false});
        continue;
      }
      model::AlterColumn base{to.name, column.name, {}, {}, {}, {}};
      if (!same_column_type(old->type, column.type)) {
        auto alter = base;
        alter.type = column.type;
        alter_columns_.push_back(alter);
      }
      if (old->nullable != column.nullable) {
        auto alter = base;
        alter.nullable = column.nullable;
        alter_columns_.push_back(alter);
      }
      if (old->default_sql != column.default_sql) {
        auto alter = base;
        alter.default_sql = column.default_sql;
        alter_columns_.push_back(alter);
      }
    }

    // Constraints: a dropped column takes its constraints along; an added column brings its
    // column-level ones in its definition.
    const auto old_constraints = table_constraints(from);
    const auto new_constraints = table_constraints(to);
    std::multiset<std::string> old_signatures;
    std::multiset<std::string> new_signatures;
    for (const auto& entry : old_constraints) old_signatures.insert(signature(entry, from));
    for (const auto& entry : new_constraints) new_signatures.insert(signature(entry, to));
    for (const auto& entry : old_constraints) {
      if (new_signatures.count(signature(entry, from))) continue;
      if (involves(entry.constraint.columns, dropped_columns)) continue;
      const auto kind = entry.constraint.kind;
      model::DropConstraint drop{to.name, entry.constraint.name, kind, false};
      (kind == ConstraintKind::foreign_key ? drop_foreign_keys_ : drop_constraints_)
          .push_back(drop);
    }
    for (const auto& entry : new_constraints) {
      if (old_signatures.count(signature(entry, to))) continue;
      if (entry.column_index &&
          added_columns.count(name_key(to.columns[*entry.column_index].name))) {
        continue;
      }
      add_constraint(to.name, entry);
    }

    for (const auto& index : from.indexes) {
      const Index* other = find_index(to, index.name);
      if (other && *other == index) continue;
      if (!other && involves(index.columns, dropped_columns)) continue;
      drop_indexes_.push_back(
          model::DropIndex{index.name, {to.name.schema, ""}, false, false, false});
    }
    for (const auto& index : to.indexes) {
      const Index* other = find_index(from, index.name);
      if (other && *other == index) continue;
      create_index(to, index);
    }
  }

  void add_constraint(const model::QualifiedName& table, const TableConstraint& entry) {
    model::Constraint constraint = entry.constraint;
    if (!entry.explicit_name) constraint.name.clear();  // let the database name it again
    (constraint.kind == ConstraintKind::foreign_key ? add_foreign_keys_ : add_constraints_)
        .push_back(model::AddConstraint{table, std::move(constraint)});
  }

  void create_index(const Table& table, const Index& index) {
    create_indexes_.push_back(model::CreateIndex{index.name, table.name, index.columns,
                                                 index.unique, false, false, index.where,
                                                 index.method});
  }

  const Index* find_index(const Table& table, const std::string& name) const {
    for (const auto& index : table.indexes) {
      if (same(index.name, name)) return &index;
    }
    return nullptr;
  }

  // Keys of the tables `table` points at through foreign keys.
  std::set<std::string> parents(const Table& table, const SchemaState& state) const {
    std::set<std::string> out;
    for (const auto& entry : table_constraints(table)) {
      if (entry.constraint.references) {
        out.insert(state.key(referenced_table(*entry.constraint.references)));
      }
    }
    out.erase(state.key(table.name));
    return out;
  }

  // Depth-first order with parents first; a cycle is cut where it closes.
  std::vector<const Table*> parents_first(const std::vector<const Table*>& tables,
                                          const SchemaState& state) const {
    std::map<std::string, const Table*> by_key;
    for (const Table* table : tables) by_key.emplace(state.key(table->name), table);
    std::vector<const Table*> out;
    std::set<std::string> visited;
    std::function<void(const Table*)> visit = [&](const Table* table) {
      if (!visited.insert(state.key(table->name)).second) return;
      for (const auto& parent : parents(*table, state)) {
        auto found = by_key.find(parent);
        if (found != by_key.end()) visit(found->second);
      }
      out.push_back(table);
    };
    for (const Table* table : tables) visit(table);
    return out;
  }

  void drop_tables() {
    auto order = parents_first(dropped_, from_);
    std::reverse(order.begin(), order.end());  // children first
    for (const Table* table : order) ops_.push_back(model::DropTable{table->name, false, false});
  }

  void create_tables() {
    std::set<std::string> created;
    for (const Table* table : parents_first(created_, to_)) {
      const std::string self = to_.key(table->name);
      // Created already, about to be, or not new at all: everything else is later in a cycle.
      auto available = [&](const std::optional<model::ForeignKeyRef>& ref) {
        if (!ref) return true;
        const std::string target = to_.key(referenced_table(*ref));
        return target == self || created.count(target) > 0 ||
               !std::any_of(created_.begin(), created_.end(),
                            [&](const Table* t) { return to_.key(t->name) == target; });
      };
      Table definition = *table;
      for (auto& column : definition.columns) {
        if (available(column.references)) continue;
        model::Constraint fk;
        fk.kind = ConstraintKind::foreign_key;
        fk.columns = {column.name};
        fk.references = column.references;
        add_foreign_keys_.push_back(model::AddConstraint{definition.name, fk});
        column.references.reset();
      }
      std::vector<model::Constraint> kept;
      for (auto& constraint : definition.constraints) {
        if (constraint.not_valid) {
          // CREATE TABLE would validate it; only ALTER TABLE ... ADD keeps it NOT VALID.
          (constraint.kind == ConstraintKind::foreign_key ? add_foreign_keys_ : add_constraints_)
              .push_back(model::AddConstraint{definition.name, constraint});
        } else if (available(constraint.references)) {
          kept.push_back(constraint);
        } else {
          add_foreign_keys_.push_back(model::AddConstraint{definition.name, constraint});
        }
      }
      definition.constraints = std::move(kept);
      ops_.push_back(definition.definition());
      created.insert(self);
      for (const auto& index : table->indexes) create_index(*table, index);
    }
  }

  const SchemaState& from_;
  const SchemaState& to_;
  std::map<std::string, std::pair<const Table*, const Table*>> kept_;
  std::vector<const Table*> dropped_;
  std::vector<const Table*> created_;
  Ops ops_;
  Ops drop_foreign_keys_, drop_indexes_, drop_constraints_, drop_columns_;
  Ops add_columns_, alter_columns_, add_constraints_, create_indexes_, add_foreign_keys_;
};

}  // namespace

bool same_column_type(const model::ColumnType& a, const model::ColumnType& b) {
  if (a.kind != b.kind || a.length != b.length || a.precision != b.precision ||
      a.scale != b.scale || a.array != b.array || a.enum_values != b.enum_values ||
      a.enum_name != b.enum_name) {
    return false;
  }
  // A logical type says all; `other` only has its spelling.
  return a.kind != model::LogicalType::other || lower(a.native) == lower(b.native);
}

std::vector<model::Op> diff(const SchemaState& from, const SchemaState& to) {
  return Differ(from, to).run();
}

}  // namespace pm::schema
