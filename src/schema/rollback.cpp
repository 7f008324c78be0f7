// Rollback generation: first decide whether the migration's effects are all in the schema states
// (anything else makes the inverse unknowable), then diff after -> before, render each op against
// the state it applies to, and check that the ops lead back to the state before.
#include "schema/rollback.hpp"

#include <map>
#include <type_traits>

#include "schema/compare.hpp"
#include "schema/diff.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/lexer.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::schema {

namespace {

using model::Dialect;

// The first words of a statement, upper-cased, and the name after INSERT INTO when there is one.
struct StatementHead {
  std::vector<std::string> words;  // leading word tokens, up to the first non-word
  std::optional<model::QualifiedName> insert_target;
};

std::string unquote(std::string_view token) {
  if (token.size() >= 2 && (token.front() == '"' || token.front() == '`' || token.front() == '[')) {
    std::string out;
    const char close = token.front() == '[' ? ']' : token.front();
    for (std::size_t i = 1; i + 1 < token.size(); ++i) {
      out += token[i];
      if (token[i] == close && token[i + 1] == close) ++i;
    }
    return out;
  }
  return std::string(token);
}

StatementHead head_of(const std::string& text, Dialect dialect) {
  StatementHead head;
  std::vector<sql::Token> tokens;
  for (const auto& token : sql::tokenize(text, dialect).tokens)
    if (!token.is_comment()) tokens.push_back(token);
  for (const auto& token : tokens) {
    if (token.kind != sql::TokenKind::word) break;
    head.words.push_back(sql::upper(sql::token_text(text, token)));
  }
  if (head.words.size() >= 2 && head.words[0] == "INSERT" && head.words[1] == "INTO") {
    // INSERT INTO name [. name]: the word after INTO may be quoted, so read tokens again.
    std::size_t i = 2;
    auto name_at = [&](std::size_t at) -> std::optional<std::string> {
      if (at >= tokens.size()) return std::nullopt;
      const auto kind = tokens[at].kind;
      if (kind != sql::TokenKind::word && kind != sql::TokenKind::quoted_identifier)
        return std::nullopt;
      std::string name = unquote(sql::token_text(text, tokens[at]));
      // PostgreSQL folds unquoted names to lower case, as the DDL reader does.
      if (kind == sql::TokenKind::word && dialect == Dialect::postgresql)
        for (char& c : name)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return name;
    };
    if (auto first = name_at(i)) {
      model::QualifiedName target{"", *first};
      if (i + 2 < tokens.size() && tokens[i + 1].kind == sql::TokenKind::dot) {
        if (auto second = name_at(i + 2)) target = {*first, *second};
      }
      head.insert_target = target;
    }
  }
  return head;
}

// Statements that change neither the schema nor any row: they need no inverse.
bool is_neutral(const StatementHead& head, Dialect dialect) {
  if (head.words.empty()) return false;
  const std::string& first = head.words[0];
  if (first == "BEGIN" || first == "COMMIT" || first == "END" || first == "START") return true;
  if (dialect == Dialect::sqlite && first == "PRAGMA" && head.words.size() >= 2) {
    // Prisma's RedefineTables wraps the rebuild in these; "main." arrives as a separate token.
    const std::string& pragma = head.words[1];
    return pragma == "FOREIGN_KEYS" || pragma == "DEFER_FOREIGN_KEYS" || pragma == "MAIN";
  }
  return false;
}

std::string summary(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
    if (out.size() >= 60) return out + "...";
  }
  return out;
}

// What the migration does that the states before and after it do not capture.
class EffectScanner {
 public:
  EffectScanner(const model::Migration& migration, const SchemaState& before, Dialect dialect)
      : migration_(migration), before_(before), dialect_(dialect) {}

  model::Diagnostics scan() {
    for (const auto& step : migration_.up) {
      std::visit(
          [&](const auto& s) {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, model::OpStep>) {
              check_op(s.op, s.line);
            } else if constexpr (std::is_same_v<T, model::SqlStep>) {
              scan_sql(s);
            } else {
              refuse(s.source.line_begin, s.language + " code polymigrate cannot read (" +
                                              s.reason + "): its inverse cannot be known");
            }
          },
          step);
    }
    return std::move(blockers_);
  }

  // Where the up script dropped a table or a column (for the data-loss warnings).
  int line_of_drop(const std::string& table_key, const std::string& column) const {
    auto it = drop_lines_.find(table_key + "\n" + column);
    return it == drop_lines_.end() ? 0 : it->second;
  }

 private:
  void scan_sql(const model::SqlStep& step) {
    const int base = step.line > 0 ? step.line - 1 : 0;
    const auto split = sql::split_statements(step.text, dialect_);
    if (split.error) refuse(base + split.error->line, split.error->message);
    for (const auto& statement : split.statements) {
      const int line = base + statement.line;
      const auto ops = sql::read_ddl(statement, dialect_);
      if (!ops.empty()) {
        for (const auto& read : ops) check_op(read.op, line);
        continue;
      }
      const StatementHead head = head_of(statement.text, dialect_);
      if (is_neutral(head, dialect_)) continue;
      if (head.insert_target && !before_.find_table(*head.insert_target)) continue;
      const bool data =
          !head.words.empty() && (head.words[0] == "INSERT" || head.words[0] == "UPDATE" ||
                                  head.words[0] == "DELETE" || head.words[0] == "WITH");
      refuse(line, std::string(data ? "a data change"
                                    : "a statement the DDL reader does not "
                                      "understand") +
                       " (" + summary(statement.text) + "): its inverse cannot be known");
    }
  }

  void check_op(const model::Op& op, int line) {
    if (const auto* insert = std::get_if<model::InsertRows>(&op)) {
      // Rows put into a table the migration creates go with the table; rows put into an older
      // table would have to be found and deleted, which the rollback cannot know how to do.
      if (before_.find_table(insert->table))
        refuse(line, "a data change (INSERT INTO " + insert->table.display() +
                         ", a table older than this migration): its inverse cannot be known");
    } else if (const auto* drop = std::get_if<model::DropTable>(&op)) {
      drop_lines_.emplace(before_.key(drop->table) + "\n", line);
    } else if (const auto* column = std::get_if<model::DropColumn>(&op)) {
      drop_lines_.emplace(before_.key(column->table) + "\n" + column->column, line);
    }
  }

  void refuse(int line, std::string message) {
    blockers_.push_back({model::Severity::error, kRollbackUnknowable,
                         "cannot generate the rollback of '" + migration_.key + "': " + message,
                         migration_.source.file, line});
  }

  const model::Migration& migration_;
  const SchemaState& before_;
  Dialect dialect_;
  model::Diagnostics blockers_;
  std::map<std::string, int> drop_lines_;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "; ") + line;
  return out;
}

}  // namespace

RollbackGenerator::RollbackGenerator(const model::History& history, model::Dialect dialect)
    : dialect_(dialect), replay_(replay_history(history, dialect)) {
  for (std::size_t i = 0; i < replay_.migrations.size(); ++i)
    index_.emplace(replay_.migrations[i].key, i);
}

Rollback RollbackGenerator::rollback(const model::Migration& migration) const {
  Rollback result;
  result.key = migration.key;
  const std::string& file = migration.source.file;
  auto block = [&](int line, const std::string& message) {
    result.blockers.push_back(
        {model::Severity::error, kRollbackInconsistent,
         "cannot generate the rollback of '" + migration.key + "': " + message, file, line});
  };
  auto found = index_.find(migration.key);
  if (found == index_.end()) {
    block(0, "the migration is not in the replayed history");
    return result;
  }
  const MigrationReplay& replay = replay_.migrations[found->second];

  // Replay problems in this migration's file mean the states are not what the database holds.
  for (const auto& diagnostic : replay_.diagnostics)
    if (diagnostic.file == file && !file.empty())
      block(diagnostic.line, "its replay reports " + diagnostic.code + " (" + diagnostic.message +
                                 "), so the schema before it is not known");
  EffectScanner scanner(migration, replay.before, dialect_);
  for (auto& blocker : scanner.scan()) result.blockers.push_back(std::move(blocker));
  if (!result.ok()) return result;

  SchemaState state = replay.after;
  for (auto& op : diff(replay.after, replay.before)) {
    RollbackStep step{op, {}};
    try {
      step.statements = sql::render(op, dialect_, {&state, true});
    } catch (const sql::RenderError& error) {
      block(0, error.what());
      return result;
    }
    if (auto problems = apply_op(state, op); !problems.empty()) {
      block(0, "the inverse op " + std::string(model::op_name(op)) +
                   " does not apply: " + problems.front().message);
      return result;
    }
    auto warn = [&](int line, const std::string& message) {
      result.warnings.push_back({model::Severity::warning, kRollbackDataLoss,
                                 "rollback of '" + migration.key + "' " + message, file, line});
    };
    if (const auto* create = std::get_if<model::CreateTable>(&op)) {
      warn(scanner.line_of_drop(state.key(create->table), ""),
           "re-creates table " + create->table.display() +
               " from its definition before the migration: the rows it held are not restored");
    } else if (const auto* add = std::get_if<model::AddColumn>(&op)) {
      std::string message = "re-adds column " + add->column.name + " of " + add->table.display() +
                            " from its definition before the migration: its values are not "
                            "restored";
      if (!add->column.nullable && !add->column.default_sql)
        message +=
            ", and as NOT NULL without a default it cannot be added while the table has rows";
      warn(scanner.line_of_drop(state.key(add->table), add->column.name), message);
    } else if (const auto* alter = std::get_if<model::AlterColumn>(&op); alter && alter->type) {
      warn(0, "changes the type of " + alter->table.display() + "." + alter->column +
                  " back: values that do not fit the old type make it fail or are converted");
    }
    result.steps.push_back(std::move(step));
  }

  // diff() is specified to lead back exactly; this keeps a wrong rollback from ever running.
  if (auto differences = compare(state, replay.before, {.column_order = false});
      !differences.empty())
    block(0, "the generated ops do not lead back to the schema before it: " + joined(differences));
  return result;
}

}  // namespace pm::schema
