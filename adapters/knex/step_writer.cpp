#include "adapters/knex/step_writer.hpp"

#include <stdexcept>
#include <type_traits>

#include "adapters/knex/builder_chains.hpp"
#include "adapters/knex/column_builders.hpp"
#include "adapters/knex/js_text.hpp"
#include "schema/replay.hpp"
#include "schema/table_constraints.hpp"
#include "sql/ddl_reader.hpp"
#include "sql/renderer.hpp"
#include "sql/splitter.hpp"

namespace pm::knex {

namespace {

using model::ConstraintKind;
using model::Dialect;

std::string schema_call(const model::QualifiedName& name) {
  std::string out = "await knex.schema";
  if (!name.schema.empty()) out += ".withSchema(" + js_string(name.schema) + ")";
  return out;
}

}  // namespace

StepWriter::StepWriter(model::Dialect dialect, schema::SchemaState state, std::string file)
    : dialect_(dialect), state_(std::move(state)), file_(std::move(file)) {}

// ---- output ---------------------------------------------------------------------------------

void StepWriter::flush() {
  if (!open_) return;
  const auto& call = *open_;
  std::string code = "await knex.schema";
  if (!call.table.schema.empty()) code += ".withSchema(" + js_string(call.table.schema) + ")";
  code += "." + call.method + "(" + js_string(call.table.name) + ", (table) => {\n";
  for (const auto& line : call.lines) code += "  " + line + ";\n";
  statements_.push_back(code + "});");
  open_.reset();
}

void StepWriter::table_line(const model::QualifiedName& table, Phase phase, std::string line) {
  if (!open_ || !(open_->table == table) || open_->method != "alterTable" || open_->phase > phase) {
    flush();
    open_ = TableCall{table, "alterTable", {}, phase};
  }
  open_->phase = phase;
  open_->lines.push_back(std::move(line));
}

void StepWriter::statement_line(std::string code) {
  flush();
  statements_.push_back(std::move(code));
}

// Indents the code lines of `code`; the lines inside a template literal are the string's text
// and stay as they are.
static std::string indented(const std::string& code, const std::string& indent) {
  enum class In { code, single, template_, comment } in = In::code;
  std::string out = indent;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    out += c;
    if (c == '\n') {
      if (in == In::comment || in == In::single) in = In::code;
      if (in == In::code && i + 1 < code.size()) out += indent;
      continue;
    }
    if (in == In::code) {
      if (c == '\'') in = In::single;
      if (c == '`') in = In::template_;
      if (c == '/' && i + 1 < code.size() && code[i + 1] == '/') in = In::comment;
    } else if (in == In::single || in == In::template_) {
      if (c == '\\' && i + 1 < code.size()) {
        out += code[++i];
      } else if ((in == In::single && c == '\'') || (in == In::template_ && c == '`')) {
        in = In::code;
      }
    }
  }
  return out + "\n";
}

std::string StepWriter::body(const std::string& indent) {
  flush();
  std::string out;
  for (const auto& statement : statements_) out += indented(statement, indent);
  return out;
}

void StepWriter::comment(const std::string& text) {
  std::string lines = js_comment(text, "");
  lines.pop_back();
  statement_line(std::move(lines));
}

void StepWriter::stop(const std::string& message) {
  std::string one_line;
  for (char c : message) one_line += c == '\n' ? ' ' : c;
  statement_line("throw new Error(" + js_string("polymigrate: " + one_line) + ");");
}

// The text Knex must get so that the database receives `sql`: on PostgreSQL every query passes
// positionBindings, which makes `?` a parameter unless written `\?`.
static std::string knex_text(const std::string& sql, Dialect dialect, const std::string& where) {
  if (dialect != Dialect::postgresql || sql.find('?') == std::string::npos) return sql;
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '?') {
      if (i > 0 && sql[i - 1] == '\\')
        throw std::invalid_argument(where +
                                    ": SQL with `\\?` cannot pass Knex on PostgreSQL "
                                    "(positionBindings drops the backslash)");
      out += '\\';
    }
    out += sql[i];
  }
  return out;
}

void StepWriter::raw_sql(const std::string& sql) {
  statement_line("await knex.raw(" + js_string(knex_text(sql, dialect_, file_)) + ");");
}

// An op Knex has no faithful builder for: polymigrate's SQL for it, one knex.raw per statement.
void StepWriter::raw(const model::Op& op, int line) {
  std::vector<std::string> statements;
  try {
    statements = sql::render(op, dialect_, {&state_, true});
  } catch (const sql::RenderError& error) {
    throw std::invalid_argument(file_ + ":" + std::to_string(line) + ": cannot write " +
                                model::op_name(op) + " for Knex: " + error.what());
  }
  for (const auto& statement : statements) {
    // The SQLite rebuild turns foreign keys off, which SQLite ignores inside a transaction.
    if (statement.starts_with("PRAGMA foreign_keys")) no_transaction_ = true;
    raw_sql(statement);
  }
}

// ---- steps ----------------------------------------------------------------------------------

void StepWriter::script(const model::Script& script) {
  for (const auto& step : script) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, model::OpStep>) {
            if (s.sql.empty())
              op(s.op, s.line);
            else
              sql_statement({s}, s.sql, false);
          } else if constexpr (std::is_same_v<T, model::SqlStep>) {
            sql_step(s);
          } else {
            const std::string where = s.source.file + ":" + std::to_string(s.source.line_begin);
            comment("polymigrate: " + s.language + " code it could not translate (" + s.reason +
                    "), from " + where + ":");
            comment(s.code);
            stop("untranslated " + s.language + " code from " + where + " (" + s.reason +
                 "): translate it by hand");
          }
        },
        step);
  }
}

// As sql/structured_script.hpp reads SQL, statement by statement, but keeping each statement's
// text: one the builders cannot write whole is written as it was, not as polymigrate renders it.
void StepWriter::sql_step(const model::SqlStep& step) {
  const int base = step.line > 0 ? step.line - 1 : 0;
  const sql::SplitResult split = sql::split_statements(step.text, dialect_);
  if (split.error)
    throw std::invalid_argument(file_ + ":" + std::to_string(base + split.error->line) + ": " +
                                split.error->message);
  for (const auto& s : split.statements) {
    auto ops = sql::read_ddl(s, dialect_);
    for (auto& o : ops) o.line = base + s.line;
    // A step marked to run outside a transaction keeps the mark on each of its statements.
    sql_statement(ops, s.text, s.no_transaction || step.no_transaction);
  }
}

// One SQL statement and the ops it reads into: builder chains for all of them, or the statement
// as it is when one of them has no builder form (or it reads into none).
void StepWriter::sql_statement(const std::vector<model::OpStep>& ops, const std::string& text,
                               bool no_transaction) {
  // Builders only append statements: undoing them is cutting back to the count before.
  const std::size_t written_before = statements_.size();
  const auto open = open_;
  const auto state = state_;  // O(1): schema states share what they do not change
  const bool flag = no_transaction_;
  bool written = !ops.empty();
  for (const auto& o : ops) {
    if (!builder(o.op)) {
      written = false;
      break;
    }
    schema::apply_op(state_, o.op);
  }
  if (written) {
    no_transaction_ = no_transaction_ || no_transaction;
    return;
  }
  statements_.resize(written_before);
  open_ = open;
  state_ = state;
  no_transaction_ = flag || no_transaction;
  raw_sql(text);
  for (const auto& o : ops) schema::apply_op(state_, o.op);
}

void StepWriter::op(const model::Op& op, int line) {
  if (const auto* index = std::get_if<model::CreateIndex>(&op); index && index->concurrently)
    no_transaction_ = true;
  if (const auto* index = std::get_if<model::DropIndex>(&op); index && index->concurrently)
    no_transaction_ = true;
  if (!builder(op)) raw(op, line);
  schema::apply_op(state_, op);
}

bool StepWriter::builder(const model::Op& any) {
  const BuilderChains chains(dialect_, state_);
  const bool pg = dialect_ == Dialect::postgresql;
  auto open_create = [&](const model::QualifiedName& table) {
    return open_ && open_->table == table && open_->method != "alterTable";
  };
  return std::visit(
      [&](const auto& op) -> bool {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, model::CreateTable>) {
          auto lines = chains.create_table(op);
          if (!lines) return false;
          flush();
          open_ = TableCall{op.table, op.if_not_exists ? "createTableIfNotExists" : "createTable",
                            std::move(*lines), statement};
          return true;
        } else if constexpr (std::is_same_v<T, model::DropTable>) {
          if (op.cascade) return false;
          statement_line(schema_call(op.table) +
                         (op.if_exists ? ".dropTableIfExists(" : ".dropTable(") +
                         js_string(op.table.name) + ");");
          return true;
        } else if constexpr (std::is_same_v<T, model::RenameTable>) {
          statement_line(schema_call(op.table) + ".renameTable(" + js_string(op.table.name) + ", " +
                         js_string(op.new_name) + ");");
          return true;
        } else if constexpr (std::is_same_v<T, model::AddColumn>) {
          if (op.if_not_exists) return false;
          const auto& c = op.column;
          if (!pg && (c.primary || c.unique || c.check)) return false;
          auto chain = chains.column(op.table, c, chains.has_primary_key(op.table));
          if (!chain) return false;
          std::optional<std::string> check;
          if (c.check) {
            check = chains.check(
                op.table, *c.check,
                schema::generated_constraint_name(op.table.name, ConstraintKind::check, {c.name}),
                false);
            if (!check) return false;
          }
          table_line(op.table, add_column, *chain);
          // Knex runs what .primary(), .unique() and .references() add after every column.
          if (c.primary || c.unique || c.references) open_->phase = statement;
          if (check) table_line(op.table, statement, *check);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropColumn>) {
          if (op.if_exists || op.cascade) return false;
          table_line(op.table, statement, "table.dropColumn(" + js_string(op.column) + ")");
          return true;
        } else if constexpr (std::is_same_v<T, model::RenameColumn>) {
          table_line(
              op.table, statement,
              "table.renameColumn(" + js_string(op.column) + ", " + js_string(op.new_name) + ")");
          return true;
        } else if constexpr (std::is_same_v<T, model::AlterColumn>) {
          if (op.using_expr) return false;
          if (!op.type && !op.default_sql) {
            if (op.nullable)
              table_line(op.table, statement,
                         std::string(*op.nullable ? "table.setNullable(" : "table.dropNullable(") +
                             js_string(op.column) + ")");
            return true;
          }
          // .alter() restates the whole column (Knex drops its default and NOT NULL first), so
          // what the op leaves alone comes from the schema before it.
          const schema::Table* table = state_.find_table(op.table);
          const model::Column* current = table ? table->find_column(op.column, dialect_) : nullptr;
          if (!current || current->autoincrement || current->generated) return false;
          model::Column shape = *current;
          shape.primary = shape.unique = false;
          shape.references.reset();
          shape.check.reset();
          if (op.type) shape.type = *op.type;
          if (op.nullable) shape.nullable = *op.nullable;
          if (op.default_sql) shape.default_sql = *op.default_sql;
          auto chain = chains.column(op.table, shape, false);
          if (!chain) return false;
          table_line(op.table, alter_column, *chain + ".alter()");
          return true;
        } else if constexpr (std::is_same_v<T, model::CreateIndex>) {
          auto line = chains.index(op);
          if (!line) return false;
          if (open_create(op.table))
            open_->lines.push_back(*line);
          else
            table_line(op.table, statement, *line);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropIndex>) {
          if (op.if_exists || op.concurrently || op.cascade) return false;
          const schema::Table* table = op.table.name.empty()
                                           ? state_.find_index_table({op.table.schema, op.name})
                                           : state_.find_table(op.table);
          if (!table) return false;
          std::vector<std::string> columns;
          if (const schema::Index* index = state_.find_index({table->name.schema, op.name}))
            columns = index->columns;
          table_line(table->name, statement,
                     "table.dropIndex(" + js_array(columns) + ", " + js_string(op.name) + ")");
          return true;
        } else if constexpr (std::is_same_v<T, model::AddConstraint>) {
          const auto& c = op.constraint;
          const bool in_create = open_create(op.table);
          // SQLite: Knex adds a primary or foreign key to a table by rebuilding it; a unique key
          // would be an index, and a check has no rebuild in Knex.
          if (!pg && !in_create &&
              (c.kind == ConstraintKind::unique || c.kind == ConstraintKind::check))
            return false;
          auto line = chains.constraint(op.table, c, in_create);
          if (!line) return false;
          if (in_create)
            open_->lines.push_back(*line);
          else
            table_line(op.table, statement, *line);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropConstraint>) {
          if (op.if_exists) return false;
          std::optional<ConstraintKind> kind = op.kind;
          std::vector<std::string> columns;
          bool named_in_sql = true;
          if (const schema::Table* table = state_.find_table(op.table))
            for (const auto& e : schema::table_constraints(*table))
              if (schema::same_name(e.constraint.name, op.name, dialect_)) {
                if (!kind) kind = e.constraint.kind;
                columns = e.constraint.columns;
                named_in_sql = e.explicit_name;
              }
          if (!kind) return false;
          std::string line;
          switch (*kind) {
            case ConstraintKind::primary_key:
              line = "table.dropPrimary(" + js_string(op.name) + ")";
              break;
            case ConstraintKind::foreign_key:
              if (columns.empty()) return false;
              // SQLite's Knex finds an unnamed key by its columns, a named one by its name.
              line = "table.dropForeign(" + js_array(columns) +
                     (!pg && !named_in_sql ? std::string() : ", " + js_string(op.name)) + ")";
              break;
            case ConstraintKind::unique:
              if (!pg || columns.empty()) return false;
              line = "table.dropUnique(" + js_array(columns) + ", " + js_string(op.name) + ")";
              break;
            case ConstraintKind::check:
              if (!pg) return false;
              line = "table.dropChecks([" + js_string(knex_raw_name(op.name)) + "])";
              break;
          }
          table_line(op.table, statement, line);
          return true;
        } else if constexpr (std::is_same_v<T, model::DropView>) {
          if (op.cascade) return false;
          statement_line(schema_call(op.view) +
                         (op.if_exists ? ".dropViewIfExists(" : ".dropView(") +
                         js_string(op.view.name) + ");");
          return true;
        } else if constexpr (std::is_same_v<T, model::InsertRows>) {
          if (op.rows.empty()) return true;  // Knex sends nothing for an empty insert
          auto statements = chains.insert(op);
          if (!statements) return false;
          for (auto& s : *statements) statement_line(std::move(s));
          return true;
        } else {
          // ValidateConstraint, CreateView, CreateEnum, DropEnum: Knex's builders have no
          // standalone form (a view's builder takes a query builder, an enum type belongs to a
          // column); their SQL is written as knex.raw.
          return false;
        }
      },
      any);
}

}  // namespace pm::knex
