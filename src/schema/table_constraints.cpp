// Lifting column-level constraints into table constraints, with PostgreSQL's generated names
// (ChooseConstraintName: table, columns joined by '_', then pkey / key / fkey / check).
#include "schema/table_constraints.hpp"

namespace pm::schema {

std::string generated_constraint_name(const std::string& table, model::ConstraintKind kind,
                                      const std::vector<std::string>& columns) {
  if (kind == model::ConstraintKind::primary_key) return table + "_pkey";
  std::string name = table;
  for (const auto& column : columns) name += "_" + column;
  switch (kind) {
    case model::ConstraintKind::unique:
      return name + "_key";
    case model::ConstraintKind::foreign_key:
      return name + "_fkey";
    default:
      return name + "_check";
  }
}

model::QualifiedName referenced_table(const model::ForeignKeyRef& ref) {
  const auto dot = ref.table.find('.');
  if (dot == std::string::npos) return {"", ref.table};
  return {ref.table.substr(0, dot), ref.table.substr(dot + 1)};
}

std::vector<TableConstraint> table_constraints(const Table& table) {
  std::vector<TableConstraint> out;
  const std::string& t = table.name.name;
  std::vector<std::string> pk_columns;
  std::optional<std::size_t> pk_column_index;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const auto& column = table.columns[i];
    if (column.primary) {
      pk_columns.push_back(column.name);
      if (!pk_column_index) pk_column_index = i;
    }
  }
  if (!pk_columns.empty()) {
    TableConstraint pk;
    pk.constraint.kind = model::ConstraintKind::primary_key;
    pk.constraint.columns = pk_columns;
    pk.constraint.name = generated_constraint_name(t, pk.constraint.kind, pk_columns);
    pk.column_index = pk_column_index;
    out.push_back(std::move(pk));
  }
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const auto& column = table.columns[i];
    const std::vector<std::string> columns{column.name};
    if (column.unique) {
      TableConstraint unique;
      unique.constraint.kind = model::ConstraintKind::unique;
      unique.constraint.columns = columns;
      unique.constraint.name = generated_constraint_name(t, unique.constraint.kind, columns);
      unique.column_index = i;
      out.push_back(std::move(unique));
    }
    if (column.references) {
      TableConstraint fk;
      fk.constraint.kind = model::ConstraintKind::foreign_key;
      fk.constraint.columns = columns;
      fk.constraint.references = column.references;
      fk.constraint.name = generated_constraint_name(t, fk.constraint.kind, columns);
      fk.column_index = i;
      out.push_back(std::move(fk));
    }
    if (column.check) {
      TableConstraint check;
      check.constraint.kind = model::ConstraintKind::check;
      check.constraint.columns = columns;
      check.constraint.check = *column.check;
      check.constraint.name = generated_constraint_name(t, check.constraint.kind, columns);
      check.column_index = i;
      out.push_back(std::move(check));
    }
  }
  for (std::size_t i = 0; i < table.constraints.size(); ++i) {
    TableConstraint entry;
    entry.constraint = table.constraints[i];
    entry.explicit_name = !entry.constraint.name.empty();
    if (!entry.explicit_name) {
      entry.constraint.name =
          generated_constraint_name(t, entry.constraint.kind, entry.constraint.columns);
    }
    entry.table_index = i;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace pm::schema
