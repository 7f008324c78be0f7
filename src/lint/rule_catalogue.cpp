// The rule catalogue. Each entry says what the rule catches, why it hurts a running application
// (the lock it takes, the rewrite it causes, the old code it breaks) and the expand/contract
// phases that make the same change safe, as Squawk, strong_migrations and Atlas advise them.
#include "lint/rule_catalogue.hpp"

#include "sql/lexer.hpp"

namespace pm::lint {

namespace {

using model::Severity;

std::vector<Rule> build_catalogue() {
  std::vector<Rule> r;
  r.push_back(Rule{
      "PM500",
      "unreadable-statement",
      Severity::warning,
      RuleScope::any_dialect,
      "polymigrate cannot read this statement or code, so it cannot call it safe",
      "Code polymigrate does not translate and SQL the DDL reader does not understand may lock or "
      "rewrite tables; it is reported as unknown, never as safe.",
      nullptr,
      {{"review",
        "read it by hand, or write it with what polymigrate reads so the other rules can check it",
        "plain DDL (CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX, ...)",
        "op.* calls (op.add_column, op.create_index, ...) or op.execute(\"<literal SQL>\")",
        "schema-builder chains (knex.schema.alterTable, ...) or knex.raw('<literal SQL>')"},
       {"review", "once reviewed as safe, say so where it stands",
        "-- polymigrate:ignore PM500 (on its line or the line above)",
        "# polymigrate:ignore PM500 (on its line or the line above)",
        "// polymigrate:ignore PM500 (on its line or the line above)"}}});
  r.push_back(Rule{
      "PM501",
      "drop-table",
      Severity::error,
      RuleScope::any_dialect,
      "drops a table the running application may still use",
      "Application instances deployed before the migration still query the table and fail until "
      "they are all replaced, and the data is gone for good.",
      nullptr,
      {{"release", "deploy code that no longer reads or writes {table}", nullptr, nullptr, nullptr},
       {"contract", "drop it in a later migration, once no running code uses it",
        "DROP TABLE {table};", "op.drop_table(\"{table}\")", "knex.schema.dropTable('{table}')"}}});
  r.push_back(Rule{
      "PM502",
      "drop-column",
      Severity::error,
      RuleScope::any_dialect,
      "drops a column the running application may still use",
      "Code deployed before the migration still selects or inserts the column (ORMs list every "
      "column they know) and fails until it is replaced.",
      "SQLite before 3.35 cannot drop a column and the tools rebuild the table; either way code "
      "deployed before the migration still names the column.",
      {{"release", "deploy code that no longer reads or writes {table}.{column}", nullptr, nullptr,
        nullptr},
       {"contract", "drop it in a later migration", "ALTER TABLE {table} DROP COLUMN {column};",
        "op.drop_column(\"{table}\", \"{column}\")",
        "knex.schema.alterTable('{table}', (t) => t.dropColumn('{column}'))"}}});
  r.push_back(Rule{
      "PM503",
      "rename-table",
      Severity::error,
      RuleScope::any_dialect,
      "renames a table the running application still uses by its old name",
      "Between the migration and the end of the deploy, old code queries a table that no longer "
      "exists under that name.",
      nullptr,
      {{"expand",
        "rename the table and, in the same migration, create a view with the old name over it: "
        "old code reads and writes through the view (PostgreSQL writes through a simple view; "
        "SQLite needs INSTEAD OF triggers on it), new code uses the new name; `polymigrate plan` "
        "writes this migration",
        "ALTER TABLE {table} RENAME TO <new>; CREATE VIEW {table} AS SELECT * FROM <new>;",
        "op.rename_table(\"{table}\", \"<new>\"); op.execute(\"CREATE VIEW {table} AS SELECT * "
        "FROM <new>\")",
        "knex.schema.renameTable('{table}', '<new>'); knex.raw('CREATE VIEW {table} AS SELECT * "
        "FROM <new>')"},
       {"release", "deploy code that uses <new> only", nullptr, nullptr, nullptr},
       {"contract", "drop the view in a later migration", "DROP VIEW {table};",
        "op.execute(\"DROP VIEW {table}\")", "knex.schema.dropView('{table}')"}}});
  r.push_back(Rule{
      "PM504",
      "rename-column",
      Severity::error,
      RuleScope::any_dialect,
      "renames a column the running application still uses by its old name",
      "Between the migration and the end of the deploy, old code reads and writes a column that no "
      "longer exists under that name.",
      nullptr,
      {{"expand", "add the new column, nullable", "ALTER TABLE {table} ADD COLUMN <new> <type>;",
        "op.add_column(\"{table}\", sa.Column(\"<new>\", <type>, nullable=True))",
        "knex.schema.alterTable('{table}', (t) => t.<type>('<new>').nullable())"},
       {"release", "write both {column} and the new column, read {column}", nullptr, nullptr,
        nullptr},
       {"migrate", "copy {column} into the new column in batches, in a migration of its own",
        "UPDATE {table} SET <new> = {column} WHERE id BETWEEN ...;",
        "op.execute(\"UPDATE {table} SET <new> = {column} WHERE id BETWEEN ...\")",
        "knex.raw('UPDATE {table} SET <new> = {column} WHERE id BETWEEN ...')"},
       {"release", "read and write the new column only", nullptr, nullptr, nullptr},
       {"contract", "drop {column} in a later migration",
        "ALTER TABLE {table} DROP COLUMN {column};", "op.drop_column(\"{table}\", \"{column}\")",
        "knex.schema.alterTable('{table}', (t) => t.dropColumn('{column}'))"}}});
  r.push_back(Rule{
      "PM505",
      "change-column-type",
      Severity::error,
      RuleScope::any_dialect,
      "changes the type of an existing column",
      "PostgreSQL rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock (only "
      "widening a varchar or turning it into text is free), and old code may write values the new "
      "type refuses.",
      "SQLite cannot change a column's type: the table is copied into a new one and the old one "
      "dropped, holding the database's write lock, and old code may write values of the old type.",
      {{"expand", "add a new column of the new type, nullable",
        "ALTER TABLE {table} ADD COLUMN <new> <new type>;",
        "op.add_column(\"{table}\", sa.Column(\"<new>\", <new type>, nullable=True))",
        "knex.schema.alterTable('{table}', (t) => t.<new type>('<new>').nullable())"},
       {"release", "write both columns, read {column}", nullptr, nullptr, nullptr},
       {"migrate", "convert existing values in batches, in a migration of its own",
        "UPDATE {table} SET <new> = CAST({column} AS <new type>) WHERE id BETWEEN ...;",
        "op.execute(\"UPDATE {table} SET <new> = ... WHERE id BETWEEN ...\")",
        "knex.raw('UPDATE {table} SET <new> = ... WHERE id BETWEEN ...')"},
       {"release", "read and write the new column only", nullptr, nullptr, nullptr},
       {"contract", "drop {column} in a later migration",
        "ALTER TABLE {table} DROP COLUMN {column};", "op.drop_column(\"{table}\", \"{column}\")",
        "knex.schema.alterTable('{table}', (t) => t.dropColumn('{column}'))"}}});
  r.push_back(Rule{
      "PM506",
      "set-not-null",
      Severity::error,
      RuleScope::any_dialect,
      "makes an existing column NOT NULL",
      "PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock to check for NULLs, and old "
      "code that still inserts NULL starts failing.",
      "SQLite cannot change a column's nullability: the table is copied into a new one holding the "
      "database's write lock, and old code that still inserts NULL starts failing.",
      {{"release", "deploy code that always writes {column}", nullptr, nullptr, nullptr},
       {"expand", "add a CHECK constraint that is NOT VALID (no scan, brief lock)",
        "ALTER TABLE {table} ADD CONSTRAINT {column}_not_null CHECK ({column} IS NOT NULL) NOT "
        "VALID;",
        "op.execute(\"ALTER TABLE {table} ADD CONSTRAINT {column}_not_null CHECK ({column} IS NOT "
        "NULL) NOT VALID\")",
        "knex.raw('ALTER TABLE {table} ADD CONSTRAINT {column}_not_null CHECK ({column} IS NOT "
        "NULL) NOT VALID')"},
       {"migrate", "backfill NULLs in batches, then validate the constraint in a later migration",
        "ALTER TABLE {table} VALIDATE CONSTRAINT {column}_not_null;",
        "op.execute(\"ALTER TABLE {table} VALIDATE CONSTRAINT {column}_not_null\")",
        "knex.raw('ALTER TABLE {table} VALIDATE CONSTRAINT {column}_not_null')"},
       {"contract",
        "set NOT NULL (PostgreSQL 12+ uses the valid constraint and skips the scan), then drop "
        "the constraint",
        "ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL; ALTER TABLE {table} DROP "
        "CONSTRAINT {column}_not_null;",
        "op.alter_column(\"{table}\", \"{column}\", nullable=False); "
        "op.drop_constraint(\"{column}_not_null\", \"{table}\")",
        "knex.schema.alterTable('{table}', (t) => { t.dropNullable('{column}'); "
        "t.dropChecks('{column}_not_null'); })"}}});
  r.push_back(Rule{
      "PM507",
      "add-required-column",
      Severity::error,
      RuleScope::any_dialect,
      "adds a NOT NULL column without a default to an existing table",
      "The migration fails on any table that has rows, and code deployed before it inserts rows "
      "without the column, which now fail.",
      "SQLite refuses to add a NOT NULL column without a default (\"Cannot add a NOT NULL column "
      "with default value NULL\"), and old code inserts rows without it.",
      {{"expand", "add the column nullable, or with a constant default",
        "ALTER TABLE {table} ADD COLUMN {column} <type>;",
        "op.add_column(\"{table}\", sa.Column(\"{column}\", <type>, nullable=True))",
        "knex.schema.alterTable('{table}', (t) => t.<type>('{column}').nullable())"},
       {"release", "deploy code that writes {column}", nullptr, nullptr, nullptr},
       {"migrate", "backfill existing rows in batches, in a migration of its own",
        "UPDATE {table} SET {column} = ... WHERE id BETWEEN ...;",
        "op.execute(\"UPDATE {table} SET {column} = ... WHERE id BETWEEN ...\")",
        "knex.raw('UPDATE {table} SET {column} = ... WHERE id BETWEEN ...')"},
       {"contract", "make it NOT NULL the safe way (see PM506 set-not-null)", nullptr, nullptr,
        nullptr}}});
  r.push_back(Rule{
      "PM508",
      "volatile-default",
      Severity::error,
      RuleScope::any_dialect,
      "adds a column whose default must be computed row by row",
      "PostgreSQL 11+ adds a column with a constant default without touching the table, but a "
      "volatile default (random(), gen_random_uuid(), clock_timestamp(), a serial or identity, a "
      "stored generated column) rewrites the whole table under an ACCESS EXCLUSIVE lock.",
      "SQLite refuses to add a column with a non-constant default (\"Cannot add a column with "
      "non-constant default\"): CURRENT_TIMESTAMP and function calls included.",
      {{"expand", "add the column without the default (or with a constant one)",
        "ALTER TABLE {table} ADD COLUMN {column} <type>;",
        "op.add_column(\"{table}\", sa.Column(\"{column}\", <type>, nullable=True))",
        "knex.schema.alterTable('{table}', (t) => t.<type>('{column}').nullable())"},
       {"migrate",
        "set the default for new rows (a metadata change), then backfill old rows in batches",
        "ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT <expr>; UPDATE {table} SET "
        "{column} = <expr> WHERE id BETWEEN ...;",
        "op.alter_column(\"{table}\", \"{column}\", server_default=sa.text(\"<expr>\")); "
        "op.execute(\"UPDATE ... WHERE id BETWEEN ...\")",
        "knex.schema.alterTable('{table}', (t) => "
        "t.<type>('{column}').defaultTo(knex.raw('<expr>'))"
        ".alter()); knex.raw('UPDATE ... WHERE id BETWEEN ...')"}}});
  r.push_back(Rule{
      "PM509",
      "create-index-non-concurrently",
      Severity::error,
      RuleScope::postgresql_only,
      "creates an index on an existing table without CONCURRENTLY",
      "CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the "
      "table waits until the index is built.",
      nullptr,
      {{"expand",
        "create the index CONCURRENTLY, in a migration of its own that runs outside a transaction",
        "CREATE INDEX CONCURRENTLY {index} ON {table} (...); alone in its file (Flyway runs such "
        "a file outside a transaction; so does Prisma, for a one-statement migration.sql)",
        "with op.get_context().autocommit_block(): op.create_index(\"{index}\", \"{table}\", "
        "[...], postgresql_concurrently=True)",
        "exports.config = { transaction: false }; then knex.raw('CREATE INDEX CONCURRENTLY "
        "{index} ON {table} (...)')"}}});
  r.push_back(Rule{
      "PM510",
      "drop-index-non-concurrently",
      Severity::warning,
      RuleScope::postgresql_only,
      "drops an index of an existing table without CONCURRENTLY",
      "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: while it waits for running queries, "
      "every new query on the table queues behind it.",
      nullptr,
      {{"contract",
        "drop the index CONCURRENTLY, in a migration of its own that runs outside a transaction",
        "DROP INDEX CONCURRENTLY {index}; alone in its file",
        "with op.get_context().autocommit_block(): op.drop_index(\"{index}\", "
        "table_name=\"{table}\", postgresql_concurrently=True)",
        "exports.config = { transaction: false }; then knex.raw('DROP INDEX CONCURRENTLY "
        "{index}')"}}});
  r.push_back(Rule{
      "PM511",
      "concurrently-in-transaction",
      Severity::error,
      RuleScope::postgresql_only,
      "runs CREATE or DROP INDEX CONCURRENTLY inside a transaction",
      "PostgreSQL refuses it (\"cannot run inside a transaction block\"): the migration fails.",
      nullptr,
      {{"expand", "move the statement to a migration that runs outside a transaction",
        "the statement alone in its file (Flyway: or executeInTransaction=false in the file's "
        ".conf; Prisma: migration.sql with that one statement)",
        "with op.get_context().autocommit_block(): ...",
        "exports.config = { transaction: false } in that migration file"}}});
  r.push_back(Rule{
      "PM512",
      "add-foreign-key",
      Severity::error,
      RuleScope::postgresql_only,
      "adds a foreign key to an existing table and validates it at once",
      "Adding a validated foreign key scans the table while holding a SHARE ROW EXCLUSIVE lock on "
      "both tables: writes to either wait for the whole scan.",
      nullptr,
      {{"expand", "add the key NOT VALID (checked for new rows only; a brief lock)",
        "ALTER TABLE {table} ADD CONSTRAINT {constraint} FOREIGN KEY (...) REFERENCES ... NOT "
        "VALID;",
        "op.execute(\"ALTER TABLE {table} ADD CONSTRAINT {constraint} FOREIGN KEY (...) "
        "REFERENCES ... NOT VALID\")",
        "knex.raw('ALTER TABLE {table} ADD CONSTRAINT {constraint} FOREIGN KEY (...) REFERENCES "
        "... NOT VALID')"},
       {"contract", "validate it in a later migration (no lock on writes)",
        "ALTER TABLE {table} VALIDATE CONSTRAINT {constraint};",
        "op.execute(\"ALTER TABLE {table} VALIDATE CONSTRAINT {constraint}\")",
        "knex.raw('ALTER TABLE {table} VALIDATE CONSTRAINT {constraint}')"}}});
  r.push_back(Rule{
      "PM513",
      "add-check-constraint",
      Severity::error,
      RuleScope::postgresql_only,
      "adds a CHECK constraint to an existing table and validates it at once",
      "Adding a validated CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock.",
      nullptr,
      {{"expand", "add the constraint NOT VALID (checked for new rows only; a brief lock)",
        "ALTER TABLE {table} ADD CONSTRAINT {constraint} CHECK (...) NOT VALID;",
        "op.execute(\"ALTER TABLE {table} ADD CONSTRAINT {constraint} CHECK (...) NOT VALID\")",
        "knex.raw('ALTER TABLE {table} ADD CONSTRAINT {constraint} CHECK (...) NOT VALID')"},
       {"contract", "validate it in a later migration (no lock on writes)",
        "ALTER TABLE {table} VALIDATE CONSTRAINT {constraint};",
        "op.execute(\"ALTER TABLE {table} VALIDATE CONSTRAINT {constraint}\")",
        "knex.raw('ALTER TABLE {table} VALIDATE CONSTRAINT {constraint}')"}}});
  r.push_back(Rule{
      "PM514",
      "add-unique-constraint",
      Severity::error,
      RuleScope::postgresql_only,
      "adds a UNIQUE constraint to an existing table, building its index under lock",
      "ADD CONSTRAINT ... UNIQUE builds the unique index while holding an ACCESS EXCLUSIVE lock: "
      "the table is unreadable and unwritable for the whole build.",
      nullptr,
      {{"expand",
        "build the unique index CONCURRENTLY, in a migration of its own outside a transaction",
        "CREATE UNIQUE INDEX CONCURRENTLY {constraint}_idx ON {table} (...); alone in its file",
        "with op.get_context().autocommit_block(): op.create_index(\"{constraint}_idx\", "
        "\"{table}\", [...], unique=True, postgresql_concurrently=True)",
        "exports.config = { transaction: false }; knex.raw('CREATE UNIQUE INDEX CONCURRENTLY "
        "{constraint}_idx ON {table} (...)')"},
       {"contract", "attach the index as the constraint (no scan, a brief lock)",
        "ALTER TABLE {table} ADD CONSTRAINT {constraint} UNIQUE USING INDEX {constraint}_idx;",
        "op.execute(\"ALTER TABLE {table} ADD CONSTRAINT {constraint} UNIQUE USING INDEX "
        "{constraint}_idx\")",
        "knex.raw('ALTER TABLE {table} ADD CONSTRAINT {constraint} UNIQUE USING INDEX "
        "{constraint}_idx')"}}});
  r.push_back(Rule{
      "PM515",
      "add-primary-key",
      Severity::error,
      RuleScope::any_dialect,
      "adds a primary key to an existing table",
      "ADD PRIMARY KEY builds a unique index under an ACCESS EXCLUSIVE lock and, for nullable "
      "columns, scans the table to set them NOT NULL.",
      "SQLite cannot add a primary key to a table: the table is copied into a new one holding the "
      "database's write lock.",
      {{"expand", "make the key columns NOT NULL the safe way (see PM506 set-not-null)", nullptr,
        nullptr, nullptr},
       {"expand",
        "build the unique index CONCURRENTLY, in a migration of its own outside a transaction",
        "CREATE UNIQUE INDEX CONCURRENTLY {table}_pkey_idx ON {table} (...); alone in its file",
        "with op.get_context().autocommit_block(): op.create_index(\"{table}_pkey_idx\", "
        "\"{table}\", [...], unique=True, postgresql_concurrently=True)",
        "exports.config = { transaction: false }; knex.raw('CREATE UNIQUE INDEX CONCURRENTLY "
        "{table}_pkey_idx ON {table} (...)')"},
       {"contract", "attach the index as the primary key",
        "ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY USING INDEX "
        "{table}_pkey_idx;",
        "op.execute(\"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY USING INDEX "
        "{table}_pkey_idx\")",
        "knex.raw('ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY USING INDEX "
        "{table}_pkey_idx')"}}});
  r.push_back(Rule{
      "PM516",
      "rename-enum-value",
      Severity::error,
      RuleScope::postgresql_only,
      "renames a value of an enum type",
      "Rows keep the renamed value, but code deployed before the migration still writes and "
      "compares the old spelling, which the type no longer accepts.",
      nullptr,
      {{"expand", "add the new value next to the old one", "ALTER TYPE {type} ADD VALUE '<new>';",
        "op.execute(\"ALTER TYPE {type} ADD VALUE '<new>'\")",
        "knex.raw(\"ALTER TYPE {type} ADD VALUE '<new>'\")"},
       {"release", "write the new value, accept both when reading", nullptr, nullptr, nullptr},
       {"migrate", "rewrite stored values in batches, in a migration of its own",
        "UPDATE <table> SET <column> = '<new>' WHERE <column> = '<old>' AND id BETWEEN ...;",
        "op.execute(\"UPDATE <table> SET <column> = '<new>' WHERE <column> = '<old>' ...\")",
        "knex.raw(\"UPDATE <table> SET <column> = '<new>' WHERE <column> = '<old>' ...\")"},
       {"contract", "stop accepting the old value in code (removing it needs a new type)", nullptr,
        nullptr, nullptr}}});
  r.push_back(Rule{
      "PM517",
      "reorder-enum-value",
      Severity::warning,
      RuleScope::postgresql_only,
      "adds an enum value BEFORE or AFTER another, changing the type's sort order",
      "Comparisons and ORDER BY on the type follow the declaration order: a value inserted in the "
      "middle changes what old code's queries return.",
      nullptr,
      {{"expand", "append the value at the end and order explicitly in queries that need it",
        "ALTER TYPE {type} ADD VALUE '<new>';",
        "op.execute(\"ALTER TYPE {type} ADD VALUE '<new>'\")",
        "knex.raw(\"ALTER TYPE {type} ADD VALUE '<new>'\")"},
       {"review", "if the position matters, check every query that compares or sorts {type} first",
        nullptr, nullptr, nullptr}}});
  r.push_back(Rule{
      "PM518",
      "backfill-with-ddl",
      Severity::error,
      RuleScope::postgresql_only,
      "changes data in bulk in the same transaction as a schema change",
      "The schema change's lock is held until the transaction commits: every row the backfill "
      "touches extends the time the table is locked, and a failure rolls back both.",
      nullptr,
      {{"expand", "keep the schema change alone in its migration", nullptr, nullptr, nullptr},
       {"migrate", "backfill in a migration of its own that runs outside a transaction, in batches",
        "UPDATE ... WHERE id BETWEEN ...; in its own file (Flyway: executeInTransaction=false in "
        "its .conf)",
        "a revision whose upgrade() loops over batches inside op.get_context().autocommit_block()",
        "exports.config = { transaction: false }; a loop of knex.raw('UPDATE ... WHERE id BETWEEN "
        "...')"}}});
  r.push_back(Rule{
      "PM519",
      "missing-lock-timeout",
      Severity::warning,
      RuleScope::postgresql_only,
      "takes a lock on an existing table without setting lock_timeout first",
      "A DDL statement waiting for its lock behind a long query makes every later query on the "
      "table wait behind it: without lock_timeout a short migration becomes an outage.",
      nullptr,
      {{"expand", "set lock_timeout at the start of the migration, and retry it when it times out",
        "SET lock_timeout = '5s';", "op.execute(\"SET lock_timeout = '5s'\")",
        "await knex.raw(\"SET lock_timeout = '5s'\")"}}});
  r.push_back(
      Rule{"PM520",
           "sqlite-table-rebuild",
           Severity::error,
           RuleScope::sqlite_only,
           "changes a column or constraint that SQLite can only change by rebuilding the table",
           nullptr,
           "SQLite's ALTER TABLE cannot change a column's default or nullability or add or drop a "
           "constraint: the table is copied into a new one, the old one dropped and the new one "
           "renamed, "
           "holding the database's write lock, and code that still expects the old shape breaks.",
           {{"expand", "add a new column instead (ADD COLUMN is done in place)",
             "ALTER TABLE {table} ADD COLUMN <new> <type>;",
             "op.add_column(\"{table}\", sa.Column(\"<new>\", <type>))",
             "knex.schema.alterTable('{table}', (t) => t.<type>('<new>'))"},
            {"migrate", "copy values in a migration of its own", "UPDATE {table} SET <new> = ...;",
             "op.execute(\"UPDATE {table} SET <new> = ...\")",
             "knex.raw('UPDATE {table} SET <new> = ...')"},
            {"contract", "drop the old column in a later release (SQLite 3.35+ drops in place)",
             "ALTER TABLE {table} DROP COLUMN <old>;", "op.drop_column(\"{table}\", \"<old>\")",
             "knex.schema.alterTable('{table}', (t) => t.dropColumn('<old>'))"}}});
  r.push_back(Rule{
      "PM521",
      "drop-view",
      Severity::error,
      RuleScope::any_dialect,
      "drops a view the running application may still use",
      "Code deployed before the migration still queries the view (or writes through it) and "
      "fails until it is replaced.",
      nullptr,
      {{"release", "deploy code that no longer reads or writes {table}", nullptr, nullptr, nullptr},
       {"contract", "drop it in a later migration, once no running code uses it",
        "DROP VIEW {table};", "op.execute(\"DROP VIEW {table}\")",
        "knex.schema.dropView('{table}')"}}});
  r.push_back(Rule{
      "PM522",
      "drop-type",
      Severity::error,
      RuleScope::postgresql_only,
      "drops an enum type",
      "Columns of the type must be dropped or converted first, and code deployed before the "
      "migration still casts to the type or writes its values.",
      nullptr,
      {{"release", "deploy code that no longer uses {type} or its values", nullptr, nullptr,
        nullptr},
       {"contract", "drop the columns of the type, then the type, in a later migration",
        "DROP TYPE {type};", "op.execute(\"DROP TYPE {type}\")", "knex.raw('DROP TYPE {type}')"}}});
  return r;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (to.empty()) return;  // keep the placeholder: a recipe without the name still reads right
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

const std::vector<Rule>& rule_catalogue() {
  static const std::vector<Rule> catalogue = build_catalogue();
  return catalogue;
}

const Rule* find_rule(std::string_view code_or_name) {
  for (const Rule& r : rule_catalogue()) {
    if (sql::is_keyword(code_or_name, r.code) || code_or_name == r.name) return &r;
  }
  return nullptr;
}

const Rule& rule(std::string_view code) { return *find_rule(code); }

bool applies_to(const Rule& rule, model::Dialect dialect) {
  switch (rule.scope) {
    case RuleScope::any_dialect:
      return true;
    case RuleScope::postgresql_only:
      return dialect == model::Dialect::postgresql;
    case RuleScope::sqlite_only:
      return dialect == model::Dialect::sqlite;
  }
  return true;
}

std::vector<RecipeStep> recipe_for(const Rule& rule, std::string_view framework,
                                   const RecipeNames& names) {
  std::vector<RecipeStep> steps;
  bool wrote_sql = false;
  for (const RecipePhase& phase : rule.recipe) {
    std::string text = phase.text;
    const char* how = nullptr;
    if (framework == "alembic") {
      how = phase.alembic;
    } else if (framework == "knex") {
      how = phase.knex;
    } else {
      how = phase.sql;
      wrote_sql = wrote_sql || how;
    }
    if (how) text += ": " + std::string(how);
    replace_all(text, "{table}", names.table);
    replace_all(text, "{column}", names.column);
    replace_all(text, "{index}", names.index);
    replace_all(text, "{constraint}", names.constraint);
    replace_all(text, "{type}", names.type);
    replace_all(text, "<new>", names.new_name);
    replace_all(text, "<old>", names.old_name);
    steps.push_back(RecipeStep{phase.phase, std::move(text)});
  }
  // Prisma writes the SQL itself from schema.prisma; the safe form is a hand-edited migration.
  if (framework == "prisma" && wrote_sql) {
    steps.push_back(
        RecipeStep{"note",
                   "create each migration with `prisma migrate dev --create-only` and edit its "
                   "migration.sql before applying it; change schema.prisma to match"});
  }
  return steps;
}

}  // namespace pm::lint
