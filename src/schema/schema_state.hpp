// The schema of one database at one point of a history: tables, indexes, views and enums.
// Copies are O(1) and share unchanged tables, so replay can keep the state after every migration.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/op.hpp"
#include "model/script.hpp"
#include "schema/persistent_map.hpp"

namespace pm::schema {

struct Index {
  std::string name;
  std::vector<std::string> columns;  // column names, or expressions as SQL text
  bool unique = false;
  std::string where;   // partial index predicate, "" when none
  std::string method;  // USING method, "" for the default

  bool operator==(const Index&) const = default;
};

// Column-level constraints stay on the column (primary, unique, references, check) as the DDL
// said them; table-level ones stay in `constraints`. compare() and diff() see both forms.
struct Table {
  model::QualifiedName name;
  std::vector<model::Column> columns;
  std::vector<model::Constraint> constraints;
  std::vector<Index> indexes;

  const model::Column* find_column(std::string_view column, model::Dialect dialect) const;
  model::Column* find_column(std::string_view column, model::Dialect dialect);
  // The CREATE TABLE op that makes this table (without its indexes).
  model::CreateTable definition() const;

  bool operator==(const Table&) const = default;
};

struct View {
  model::QualifiedName name;
  std::string query;
};

struct Enum {
  model::QualifiedName name;
  std::vector<std::string> values;
};

// Whether two names are the same object name in a dialect. PostgreSQL names arrive folded by the
// DDL reader (or from the catalog) and compare exactly; SQLite compares ASCII case-insensitively.
bool same_name(std::string_view a, std::string_view b, model::Dialect dialect);

class SchemaState {
 public:
  explicit SchemaState(model::Dialect dialect = model::Dialect::postgresql) : dialect_(dialect) {}

  model::Dialect dialect() const { return dialect_; }

  const Table* find_table(const model::QualifiedName& name) const;
  // Index names are unique per schema (PostgreSQL) or per database (SQLite), not per table.
  const Table* find_index_table(const model::QualifiedName& index) const;
  const Index* find_index(const model::QualifiedName& index) const;
  const View* find_view(const model::QualifiedName& name) const;
  const Enum* find_enum(const model::QualifiedName& name) const;

  // Inserts or replaces a table, keeping the index-name lookup in step with its indexes.
  void put_table(Table table);
  bool remove_table(const model::QualifiedName& name);
  void put_view(View view);
  bool remove_view(const model::QualifiedName& name);
  void put_enum(Enum type);
  bool remove_enum(const model::QualifiedName& name);

  // In key order (schema, then name as the dialect compares it).
  std::vector<const Table*> tables() const;
  std::vector<const View*> views() const;
  std::vector<const Enum*> enums() const;
  std::size_t table_count() const { return tables_.size(); }

  // The lookup key of a name: default schema left out, SQLite names lower-cased.
  std::string key(const model::QualifiedName& name) const;

 private:
  model::Dialect dialect_;
  PersistentMap<std::shared_ptr<const Table>> tables_;
  PersistentMap<std::string> index_owner_;  // index key -> table key
  PersistentMap<std::shared_ptr<const View>> views_;
  PersistentMap<std::shared_ptr<const Enum>> enums_;
};

}  // namespace pm::schema
