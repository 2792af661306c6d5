// Opens the configured database: one raw SqlDb (engine hot path, migrations) and one Prisma client
// (everything else), both on the same SQLite file or PostgreSQL database.
import "server-only";
import { PrismaClient as SqlitePrisma } from "@/generated/prisma-sqlite/client";
import { PrismaClient as PgPrisma } from "@/generated/prisma-postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { isPostgresUrl, sqlitePath } from "@/lib/env";
import { PgDb, SqliteDb, type SqlDb } from "./sql";

/** Both generated clients have the same model API; the app is typed against the SQLite one. */
export type Prisma = SqlitePrisma;

export interface Database {
  url: string;
  dialect: SqlDb["dialect"];
  sql: SqlDb;
  prisma: Prisma;
  close(): Promise<void>;
}

export function openDatabase(
  url: string,
  opts: { synchronous?: "NORMAL" | "FULL"; walCheckpoint?: "thread" | "inline"; poolMax?: number } = {},
): Database {
  if (isPostgresUrl(url)) {
    const sql = new PgDb(url, { max: opts.poolMax ?? 10 });
    const prisma = new PgPrisma({ adapter: new PrismaPg({ connectionString: url, max: opts.poolMax ?? 10 }) });
    return {
      url,
      dialect: "postgresql",
      sql,
      prisma: prisma as unknown as Prisma,
      close: async () => {
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }
  const file = sqlitePath(url);
  const sql = new SqliteDb(file, { synchronous: opts.synchronous, walCheckpoint: opts.walCheckpoint });
  const prisma = new SqlitePrisma({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 }) });
  return {
    url,
    dialect: "sqlite",
    sql,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}
