// Prisma CLI config for PostgreSQL. The pool reports catalog `name` columns as text to work around
// prisma/orm#27403 in the wasm schema engine (needed by the CLI only, never at runtime).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

class CatalogSafePool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async query(...args: any[]): Promise<any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const res = await (super.query as any)(...args);
    for (const f of res?.fields ?? []) if (f.dataTypeID === 19) f.dataTypeID = 25;
    return res;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgres/schema.prisma",
  async adapter() {
    const url = process.env.DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/switchyard";
    return new PrismaPg(new CatalogSafePool({ connectionString: url }));
  },
});
