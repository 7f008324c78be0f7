// Runs the real Knex's migrate.latest() for a project and prints, one JSON string per line, the
// SQL Knex sent for the migrations themselves, bindings written in as Knex's toQuery() writes
// them. Knex's own bookkeeping (knex_migrations, its lock table, hasTable probes) is left out.
// Usage: node capture_knex_sql.js KNEXFILE ENVIRONMENT [CLIENT] (knexfile.js or knexfile.ts)
const path = require('path');

const [knexfile, environment, client] = process.argv.slice(2);
process.chdir(path.dirname(path.resolve(knexfile)));
// Knex, rechoir and interpret as the project installed them (its node_modules), not next to this
// script.
const local = (name) => require(require.resolve(name, { paths: [process.cwd()] }));
// What the Knex CLI does before it requires a knexfile (bin/cli.js): rechoir registers the loader
// interpret names for its extension (ts-node/register for .ts), which then loads .ts migrations.
local('rechoir').prepare(local('interpret').jsVariants, path.resolve(knexfile), process.cwd(), true);
let all = require(path.resolve(knexfile));
if (all && all.default) all = all.default;
let config = all[environment] || all;
if (client) config = { ...config, client };
const table = (config.migrations && config.migrations.tableName) || 'knex_migrations';

const knex = local('knex')(config);
const statements = [];
knex.on('query', (query) => {
  const sql = query.sql.replace(/\$\d+/g, '?');
  const text = sql + ' ' + JSON.stringify(query.bindings || []);
  if (text.includes(table) || /^(pragma |begin|commit|rollback)/i.test(sql)) return;
  statements.push(knex.raw(sql, query.bindings || []).toQuery());
});

knex.migrate
  .latest()
  .then(() => {
    for (const s of statements) console.log(JSON.stringify(s));
    return knex.destroy();
  })
  .catch((error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
  });
