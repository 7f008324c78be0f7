#include "support/toy_adapter.hpp"

namespace pm::test {

namespace {

class ToyVersionTable : public adapters::VersionTable {
 public:
  std::string name() const override { return "toy_versions"; }
  bool exists(db::Connection& conn) override { return conn.table_exists("", "toy_versions"); }
  void ensure(db::Connection& conn) override {
    if (!exists(conn)) conn.exec("CREATE TABLE toy_versions (key TEXT NOT NULL, success INTEGER NOT NULL)");
  }
  std::vector<model::Applied> read(db::Connection& conn) override {
    std::vector<model::Applied> rows;
    if (!exists(conn)) return rows;
    for (const auto& row : conn.query("SELECT key, success FROM toy_versions ORDER BY rowid").rows) {
      model::Applied applied;
      applied.key = *db::as_text(row[0]);
      applied.success = *db::as_bool(row[1]);
      rows.push_back(applied);
    }
    return rows;
  }
  void lock(db::Connection&) override {}
  void unlock(db::Connection&) override {}
  void after_apply(db::Connection& conn, const model::Migration& m, const adapters::ApplyOutcome&) override {
    conn.exec("INSERT INTO toy_versions (key, success) VALUES ($1, $2)", {m.key, true});
  }
  void after_failure(db::Connection& conn, const model::Migration& m, const adapters::ApplyOutcome&,
                     bool rolled_back) override {
    if (!rolled_back) conn.exec("INSERT INTO toy_versions (key, success) VALUES ($1, $2)", {m.key, false});
  }
  void after_revert(db::Connection& conn, const model::Migration& m) override {
    conn.exec("DELETE FROM toy_versions WHERE key = $1", {m.key});
  }
};

model::Script sql_script(const std::vector<std::string>& statements) {
  model::Script script;
  int line = 1;
  for (const auto& text : statements) script.push_back(model::SqlStep{text, line++, false, false});
  return script;
}

}  // namespace

model::Migration toy_migration(std::string key, std::vector<std::string> up_sql, std::vector<std::string> down_sql,
                               std::vector<std::string> parents) {
  model::Migration m;
  m.key = std::move(key);
  m.description = "toy " + m.key;
  m.source.file = m.key + ".sql";
  m.parents = std::move(parents);
  m.up = sql_script(up_sql);
  if (!down_sql.empty()) m.down = sql_script(down_sql);
  return m;
}

model::Project toy_project(std::vector<model::Migration> migrations) {
  for (std::size_t i = 1; i < migrations.size(); ++i)
    if (migrations[i].parents.empty()) migrations[i].parents = {migrations[i - 1].key};
  model::Project project;
  project.framework = "toy";
  project.history = model::History(std::move(migrations));
  return project;
}

std::unique_ptr<adapters::VersionTable> ToyAdapter::version_table(const model::Project&, model::Dialect) const {
  return std::make_unique<ToyVersionTable>();
}

}  // namespace pm::test
