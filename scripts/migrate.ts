// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default: the embedded SQLite file).
import { env } from "@/lib/env";
import { openDatabase } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";

async function main() {
  const e = env();
  const db = openDatabase(e.DATABASE_URL, { synchronous: e.SQLITE_SYNCHRONOUS });
  try {
    const r = await migrate(db.sql);
    console.log(r.applied.length ? `Applied ${r.applied.length} migration(s): ${r.applied.join(", ")}` : "Database is up to date.");
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
