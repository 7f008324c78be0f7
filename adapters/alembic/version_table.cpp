#include "adapters/alembic/version_table.hpp"

#include <algorithm>
#include <cctype>

namespace pm::alembic {

namespace {

// The words SQLAlchemy's compiler quotes in both dialects we run (a subset of RESERVED_WORDS that
// a table or schema name plausibly hits).
bool reserved(const std::string& name) {
  static const std::set<std::string> words = {"all",
                                              "analyse",
                                              "analyze",
                                              "and",
                                              "any",
                                              "array",
                                              "as",
                                              "asc",
                                              "both",
                                              "case",
                                              "cast",
                                              "check",
                                              "collate",
                                              "column",
                                              "constraint",
                                              "create",
                                              "current_date",
                                              "current_time",
                                              "current_timestamp",
                                              "current_user",
                                              "default",
                                              "deferrable",
                                              "desc",
                                              "distinct",
                                              "do",
                                              "else",
                                              "end",
                                              "except",
                                              "false",
                                              "for",
                                              "foreign",
                                              "from",
                                              "grant",
                                              "group",
                                              "having",
                                              "in",
                                              "initially",
                                              "intersect",
                                              "into",
                                              "leading",
                                              "limit",
                                              "localtime",
                                              "localtimestamp",
                                              "new",
                                              "not",
                                              "null",
                                              "of",
                                              "off",
                                              "offset",
                                              "old",
                                              "on",
                                              "only",
                                              "or",
                                              "order",
                                              "placing",
                                              "primary",
                                              "references",
                                              "select",
                                              "session_user",
                                              "some",
                                              "symmetric",
                                              "table",
                                              "then",
                                              "to",
                                              "trailing",
                                              "true",
                                              "union",
                                              "unique",
                                              "user",
                                              "using",
                                              "when",
                                              "where"};
  return words.count(name) > 0;
}

std::string step_error(const std::string& what, const std::string& table, std::int64_t found) {
  return "Online migration expected to match one row when " + what + " in '" + table + "'; " +
         std::to_string(found) + " found";
}

}  // namespace

std::string sqlalchemy_quote(const std::string& name) {
  bool legal =
      !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name)
    legal = legal && (std::islower(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '$');
  if (legal && !reserved(name)) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string version_table_ddl(const VersionTableSettings& s) {
  std::string table =
      (s.schema.empty() ? "" : sqlalchemy_quote(s.schema) + ".") + sqlalchemy_quote(s.table);
  std::string ddl = "CREATE TABLE " + table + " (\n\tversion_num VARCHAR(32) NOT NULL";
  if (s.primary_key)
    ddl += ", \n\tCONSTRAINT " + sqlalchemy_quote(s.table + "_pkc") + " PRIMARY KEY (version_num)";
  return ddl + "\n)";
}

std::string AlembicVersionTable::name() const {
  return settings_.schema.empty() ? settings_.table : settings_.schema + "." + settings_.table;
}

std::string AlembicVersionTable::qualified() const {
  return (settings_.schema.empty() ? "" : sqlalchemy_quote(settings_.schema) + ".") +
         sqlalchemy_quote(settings_.table);
}

bool AlembicVersionTable::exists(db::Connection& conn) {
  return conn.table_exists(settings_.schema, settings_.table);
}

void AlembicVersionTable::ensure(db::Connection& conn) {
  // _ensure_version_table: CREATE with checkfirst, never dropped afterwards.
  if (!exists(conn)) conn.exec(version_table_ddl(settings_));
}

std::vector<model::Applied> AlembicVersionTable::read(db::Connection& conn) {
  std::vector<model::Applied> rows;
  heads_.emplace();
  if (!exists(conn)) return rows;
  // MigrationContext.get_current_heads: SELECT version_num, no ORDER BY.
  auto result = conn.query("SELECT " + qualified() + ".version_num FROM " + qualified());
  for (const auto& row : result.rows) {
    model::Applied applied;
    applied.key = db::as_text(row.at(0)).value_or("");
    applied.extras["version_num"] = applied.key;
    heads_->insert(applied.key);
    rows.push_back(std::move(applied));
  }
  return rows;
}

const std::set<std::string>& AlembicVersionTable::heads(db::Connection& conn) {
  if (!heads_) read(conn);
  return *heads_;
}

void AlembicVersionTable::insert_version(db::Connection& conn, const std::string& version) {
  heads(conn);
  heads_->insert(version);
  conn.exec("INSERT INTO " + qualified() + " (version_num) VALUES ($1)", {version});
}

void AlembicVersionTable::delete_version(db::Connection& conn, const std::string& version) {
  heads(conn);
  heads_->erase(version);
  auto n = conn.exec("DELETE FROM " + qualified() + " WHERE " + qualified() + ".version_num = $1",
                     {version});
  if (n != 1) throw db::DatabaseError(step_error("deleting '" + version + "'", settings_.table, n));
}

void AlembicVersionTable::update_version(db::Connection& conn, const std::string& from,
                                         const std::string& to) {
  heads(conn);
  heads_->erase(from);
  heads_->insert(to);
  auto n = conn.exec(
      "UPDATE " + qualified() + " SET version_num=$1 WHERE " + qualified() + ".version_num = $2",
      {to, from});
  if (n != 1)
    throw db::DatabaseError(
        step_error("updating '" + from + "' to '" + to + "'", settings_.table, n));
}

void AlembicVersionTable::after_apply(db::Connection& conn, const model::Migration& migration,
                                      const adapters::ApplyOutcome& outcome) {
  (void)outcome;
  step(conn, migration, true);
}

void AlembicVersionTable::after_revert(db::Connection& conn, const model::Migration& migration) {
  step(conn, migration, false);
}

// HeadMaintainer.update_to_step with RevisionStep's rules.
void AlembicVersionTable::step(db::Connection& conn, const model::Migration& migration,
                               bool upgrade) {
  const std::string& rev = migration.key;
  const std::set<std::string> current = heads(conn);
  const std::vector<std::string> downrevs = graph_->normalized_down_revisions(rev);
  std::vector<std::string> down_heads;
  for (const auto& d : downrevs)
    if (current.count(d)) down_heads.push_back(d);

  auto ancestors_of_others = [&](const std::set<std::string>& exclude) {
    std::vector<std::string> others;
    for (const auto& h : current)
      if (!exclude.count(h)) others.push_back(h);
    return std::make_pair(!others.empty(), graph_->ancestors(others));
  };
  // _unmerge_to_revisions: the down revisions no remaining head already implies.
  auto unmerge_to = [&]() {
    auto [has_others, ancestors] = ancestors_of_others({rev});
    if (!has_others) {
      ancestors.clear();
      for (const auto& to : downrevs)
        for (const auto& a : graph_->ancestors({to}))
          if (a != to) ancestors.insert(a);
    }
    std::vector<std::string> out;
    for (const auto& d : downrevs)
      if (!ancestors.count(d)) out.push_back(d);
    return out;
  };
  auto scalar_down = [&]() -> std::string {
    if (downrevs.size() == 1) return downrevs.front();
    if (down_heads.size() != 1)
      throw db::DatabaseError("Can't do an UPDATE because downrevision is ambiguous (revision " +
                              rev + ")");
    return down_heads.front();
  };

  if (upgrade) {
    if (downrevs.empty() || down_heads.empty()) {
      insert_version(conn, rev);  // a new branch (or a base)
    } else if (downrevs.size() > 1 && down_heads.size() > 1) {
      // A merge: the down revisions no other head implies collapse into this revision.
      std::set<std::string> from(downrevs.begin(), downrevs.end());
      auto [has_others, ancestors] = ancestors_of_others(from);
      std::vector<std::string> merged;
      for (const auto& d : downrevs)
        if (!has_others || !ancestors.count(d)) merged.push_back(d);
      for (std::size_t i = 0; i + 1 < merged.size(); ++i) delete_version(conn, merged[i]);
      update_version(conn, merged.back(), rev);
    } else {
      update_version(conn, scalar_down(), rev);
    }
    return;
  }

  if (current.count(rev) && (downrevs.empty() || unmerge_to().empty())) {
    delete_version(conn, rev);  // past a base, or onto a revision another head implies
  } else if (current.count(rev) && downrevs.size() > 1) {
    auto to = unmerge_to();
    for (std::size_t i = 0; i + 1 < to.size(); ++i) insert_version(conn, to[i]);
    update_version(conn, rev, to.back());
  } else {
    update_version(conn, rev, scalar_down());
  }
}

}  // namespace pm::alembic
