// prisma.config.ts for the interop tests on PostgreSQL: the wasm schema engine through
// @prisma/adapter-pg, so no engine binary is downloaded. The test writes this file into each
// project and passes the server's fields in POLYMIGRATE_PG_* (adapter-pg must get them as
// separate fields: given a connection string, `migrate dev` would use the main database as its
// shadow database).
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'

// The engine's catalog queries return PostgreSQL `name` columns (type OID 19), which
// adapter-pg 6.19 rejects as UnsupportedNativeDataType: report them as text (OID 25).
const NAME_OID = 19
const TEXT_OID = 25
function nameAsText(result: any): any {
  for (const part of Array.isArray(result) ? result : [result])
    for (const field of part?.fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID
  return result
}
// pg.Pool calls client.query(text, values, callback); the adapter's own calls use promises.
class NameAsTextClient extends pg.Client {
  query(...args: any[]): any {
    const callback = args[args.length - 1]
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: any, result: any) => callback(error, error ? result : nameAsText(result))
      return (super.query as any)(...args)
    }
    const result = (super.query as any)(...args)
    return typeof result?.then === 'function' ? result.then(nameAsText) : result
  }
}

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaPg({
      host: process.env.POLYMIGRATE_PG_HOST,
      port: Number(process.env.POLYMIGRATE_PG_PORT),
      user: process.env.POLYMIGRATE_PG_USER,
      database: process.env.POLYMIGRATE_PG_DATABASE,
      Client: NameAsTextClient,
    } as any)
  },
})
