// Runs the real Knex's migrate.latest() for a project and prints, one JSON string per line, the
// SQL Knex sent for the migrations themselves, bindings written in as Knex's toQuery() writes
// them. Knex's own bookkeeping (knex_migrations, its lock table, hasTable probes) is left out.
// Usage: node capture_knex_sql.js KNEXFILE ENVIRONMENT [CLIENT]
const path = require('path');

const [knexfile, environment, client] = process.argv.slice(2);
process.chdir(path.dirname(path.resolve(knexfile)));
let all = require(path.resolve(knexfile));
if (all && all.default) all = all.default;
let config = all[environment] || all;
if (client) config = { ...config, client };
const table = (config.migrations && config.migrations.tableName) || 'knex_migrations';

// Knex as the project installed it (its node_modules), not next to this script.
const knex = require(require.resolve('knex', { paths: [process.cwd()] }))(config);
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
