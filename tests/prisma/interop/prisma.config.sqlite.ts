// prisma.config.ts for the interop tests on SQLite: the wasm schema engine through
// @prisma/adapter-better-sqlite3, so no engine binary is downloaded. The test writes this file
// into each project and passes the database file as POLYMIGRATE_SQLITE_URL ("file:/abs/x.db").
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.POLYMIGRATE_SQLITE_URL! })
  },
})
