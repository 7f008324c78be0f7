// alembic_version as Alembic creates and maintains it (alembic/ddl/impl.py version_table_impl,
// alembic/runtime/migration.py HeadMaintainer): one VARCHAR(32) row per current head, rows
// moved per revision step by UPDATE, INSERT or DELETE; no lock, no history, no checksums.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/alembic/revision_graph.hpp"

namespace pm::alembic {

struct VersionTableSettings {
  std::string table = "alembic_version";
  std::string schema;  // empty: the connection's default
  bool primary_key = true;
};

// SQLAlchemy's identifier quoting: only names that need it (upper case, reserved, odd characters).
std::string sqlalchemy_quote(const std::string& name);

// The exact CREATE TABLE text SQLAlchemy compiles for the table (same on SQLite and PostgreSQL).
std::string version_table_ddl(const VersionTableSettings& settings);

class AlembicVersionTable : public adapters::VersionTable {
 public:
  AlembicVersionTable(VersionTableSettings settings, std::shared_ptr<const RevisionGraph> graph)
      : settings_(std::move(settings)), graph_(std::move(graph)) {}

  std::string name() const override;
  bool exists(db::Connection& conn) override;
  void ensure(db::Connection& conn) override;
  std::vector<model::Applied> read(db::Connection& conn) override;
  // Alembic takes no lock: concurrent runs are the user's to prevent.
  void lock(db::Connection&) override {}
  void unlock(db::Connection&) override {}
  void after_apply(db::Connection& conn, const model::Migration& migration,
                   const adapters::ApplyOutcome& outcome) override;
  void after_revert(db::Connection& conn, const model::Migration& migration) override;
  // The real Alembic moved the heads itself: read them again at the next step.
  void after_delegated(db::Connection&, const model::Migration&, bool) override { heads_.reset(); }

  // The heads as this table last read or wrote them.
  const std::set<std::string>& heads(db::Connection& conn);
  // Row writes, as HeadMaintainer's _insert_version / _delete_version / _update_version; an
  // UPDATE or DELETE that does not touch exactly one row fails as Alembic's does.
  void insert_version(db::Connection& conn, const std::string& version);
  void delete_version(db::Connection& conn, const std::string& version);
  void update_version(db::Connection& conn, const std::string& from, const std::string& to);

 private:
  void step(db::Connection& conn, const model::Migration& migration, bool upgrade);
  std::string qualified() const;

  VersionTableSettings settings_;
  std::shared_ptr<const RevisionGraph> graph_;
  std::optional<std::set<std::string>> heads_;
};

}  // namespace pm::alembic
