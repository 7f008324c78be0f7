#include "adapters/alembic/stamp.hpp"

#include <algorithm>
#include <set>

#include "adapters/alembic/alembic_adapter.hpp"
#include "adapters/alembic/targets.hpp"
#include "adapters/alembic/version_table.hpp"

namespace pm::alembic {

StampResult stamp(db::Connection& conn, const model::Project& project,
                  const std::vector<std::string>& revisions, bool purge) {
  RevisionGraph graph(project.history.migrations());
  auto table_base = alembic_adapter().version_table(project, conn.dialect());
  auto& table = static_cast<AlembicVersionTable&>(*table_base);

  // Resolve every target before touching the table.
  std::vector<std::string> wanted;
  bool to_base = false;
  for (const auto& revision : revisions) {
    std::string resolved = resolve_alembic_target(graph, {}, revision, true);
    if (resolved == "base")
      to_base = true;
    else if (resolved == "latest")
      wanted.insert(wanted.end(), graph.heads().begin(), graph.heads().end());
    else
      wanted.push_back(resolved);
  }

  StampResult result;
  const bool transaction = !conn.in_transaction();
  if (transaction) conn.begin();
  try {
    table.ensure(conn);
    for (const auto& row : table.read(conn)) result.before.push_back(row.key);
    std::set<std::string> current(result.before.begin(), result.before.end());
    if (purge) {
      conn.exec("DELETE FROM " +
                (project.config.version_schema.empty()
                     ? std::string()
                     : sqlalchemy_quote(project.config.version_schema) + ".") +
                sqlalchemy_quote(project.config.version_table.empty()
                                     ? "alembic_version"
                                     : project.config.version_table));
      table.read(conn);
      current.clear();
    }
    if (to_base)
      for (const auto& head : std::set<std::string>(current)) {
        table.delete_version(conn, head);
        current.erase(head);
      }
    for (const auto& target : wanted) {
      // The heads on the target's lineage (its ancestors or descendants) give way to it.
      auto lineage = graph.ancestors({target});
      auto below = graph.descendants({target});
      lineage.insert(below.begin(), below.end());
      std::vector<std::string> replaced;
      for (const auto& head : current)
        if (lineage.count(head)) replaced.push_back(head);
      if (std::find(replaced.begin(), replaced.end(), target) != replaced.end())
        continue;  // already there
      if (replaced.empty()) {
        table.insert_version(conn, target);
      } else {
        for (std::size_t i = 0; i + 1 < replaced.size(); ++i) {
          table.delete_version(conn, replaced[i]);
          current.erase(replaced[i]);
        }
        table.update_version(conn, replaced.back(), target);
        current.erase(replaced.back());
      }
      current.insert(target);
    }
    if (transaction) conn.commit();
  } catch (...) {
    if (transaction && conn.in_transaction()) conn.rollback();
    throw;
  }
  for (const auto& row : table.read(conn)) result.after.push_back(row.key);
  return result;
}

}  // namespace pm::alembic
