// Schema state storage: persistent maps of immutable tables. A change replaces one table's
// shared pointer; every earlier snapshot keeps pointing at the old table.
#include "schema/schema_state.hpp"

namespace pm::schema {

namespace {

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

// The schema a statement without one lands in; writing it out names the same object.
bool is_default_schema(std::string_view schema, model::Dialect dialect) {
  if (schema.empty()) return true;
  return dialect == model::Dialect::postgresql ? schema == "public"
                                               : same_name(schema, "main", dialect);
}

template <typename T>
std::vector<const T*> values_of(const PersistentMap<std::shared_ptr<const T>>& map) {
  std::vector<const T*> out;
  out.reserve(map.size());
  map.for_each([&](const std::string&, const std::shared_ptr<const T>& value) {
    out.push_back(value.get());
    return true;
  });
  return out;
}

}  // namespace

bool same_name(std::string_view a, std::string_view b, model::Dialect dialect) {
  if (dialect == model::Dialect::postgresql) return a == b;
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

const model::Column* Table::find_column(std::string_view column, model::Dialect dialect) const {
  for (const auto& c : columns) {
    if (same_name(c.name, column, dialect)) return &c;
  }
  return nullptr;
}

model::Column* Table::find_column(std::string_view column, model::Dialect dialect) {
  for (auto& c : columns) {
    if (same_name(c.name, column, dialect)) return &c;
  }
  return nullptr;
}

model::CreateTable Table::definition() const {
  model::CreateTable op;
  op.table = name;
  op.columns = columns;
  op.constraints = constraints;
  return op;
}

std::string SchemaState::key(const model::QualifiedName& name) const {
  std::string out;
  if (!is_default_schema(name.schema, dialect_)) {
    out = dialect_ == model::Dialect::sqlite ? lower(name.schema) : name.schema;
    out += '\x1f';  // cannot occur in a name the reader produces, unlike '.'
  }
  out += dialect_ == model::Dialect::sqlite ? lower(name.name) : name.name;
  return out;
}

const Table* SchemaState::find_table(const model::QualifiedName& name) const {
  const auto* found = tables_.find(key(name));
  return found ? found->get() : nullptr;
}

const Table* SchemaState::find_index_table(const model::QualifiedName& index) const {
  const std::string* owner = index_owner_.find(key(index));
  if (!owner) return nullptr;
  const auto* table = tables_.find(*owner);
  return table ? table->get() : nullptr;
}

const Index* SchemaState::find_index(const model::QualifiedName& index) const {
  const Table* table = find_index_table(index);
  if (!table) return nullptr;
  for (const auto& candidate : table->indexes) {
    if (same_name(candidate.name, index.name, dialect_)) return &candidate;
  }
  return nullptr;
}

const View* SchemaState::find_view(const model::QualifiedName& name) const {
  const auto* found = views_.find(key(name));
  return found ? found->get() : nullptr;
}

const Enum* SchemaState::find_enum(const model::QualifiedName& name) const {
  const auto* found = enums_.find(key(name));
  return found ? found->get() : nullptr;
}

void SchemaState::put_table(Table table) {
  const std::string table_key = key(table.name);
  if (const auto* old = tables_.find(table_key)) {
    for (const auto& index : (*old)->indexes) {
      index_owner_.erase(key({table.name.schema, index.name}));
    }
  }
  for (const auto& index : table.indexes) {
    index_owner_.set(key({table.name.schema, index.name}), table_key);
  }
  tables_.set(table_key, std::make_shared<const Table>(std::move(table)));
}

bool SchemaState::remove_table(const model::QualifiedName& name) {
  const std::string table_key = key(name);
  const auto* old = tables_.find(table_key);
  if (!old) return false;
  for (const auto& index : (*old)->indexes) {
    index_owner_.erase(key({(*old)->name.schema, index.name}));
  }
  tables_.erase(table_key);
  return true;
}

void SchemaState::put_view(View view) {
  const std::string view_key = key(view.name);
  views_.set(view_key, std::make_shared<const View>(std::move(view)));
}

bool SchemaState::remove_view(const model::QualifiedName& name) { return views_.erase(key(name)); }

void SchemaState::put_enum(Enum type) {
  const std::string enum_key = key(type.name);
  enums_.set(enum_key, std::make_shared<const Enum>(std::move(type)));
}

bool SchemaState::remove_enum(const model::QualifiedName& name) { return enums_.erase(key(name)); }

std::vector<const Table*> SchemaState::tables() const { return values_of(tables_); }

std::vector<const View*> SchemaState::views() const { return values_of(views_); }

std::vector<const Enum*> SchemaState::enums() const { return values_of(enums_); }

}  // namespace pm::schema
