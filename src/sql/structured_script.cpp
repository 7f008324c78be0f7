#include "sql/structured_script.hpp"

#include <stdexcept>

#include "sql/ddl_reader.hpp"
#include "sql/splitter.hpp"

namespace pm::sql {

model::Script structured_script(const model::Script& script, model::Dialect dialect,
                                const std::string& file) {
  model::Script out;
  for (const auto& step : script) {
    const auto* sql = std::get_if<model::SqlStep>(&step);
    if (!sql) {
      out.push_back(step);
      continue;
    }
    const int base = sql->line > 0 ? sql->line - 1 : 0;
    const SplitResult split = split_statements(sql->text, dialect);
    if (split.error)
      throw std::invalid_argument(file + ":" + std::to_string(base + split.error->line) + ": " +
                                  split.error->message);
    for (const auto& statement : split.statements) {
      auto ops = read_ddl(statement, dialect);
      if (ops.empty()) {
        // A step marked to run outside a transaction keeps the mark on each of its statements.
        out.push_back(model::SqlStep{statement.text, base + statement.line, false,
                                     statement.no_transaction || sql->no_transaction});
        continue;
      }
      for (auto& op : ops) {
        op.sql.clear();
        op.line = base + statement.line;
        out.push_back(std::move(op));
      }
    }
  }
  return out;
}

}  // namespace pm::sql
