// `npm run worker`: a standalone engine worker process (more workers need PostgreSQL; SQLite allows
// one worker process per database file). Applies pending migrations, starts the worker, and on
// SIGTERM/SIGINT stops claiming, finishes or hands back what it holds, then exits.
//
// Test hooks (cost nothing when unset): SWITCHYARD_CRASH_AT=after_claim|after_effect|before_commit|after_commit
// SIGKILLs this process the SWITCHYARD_CRASH_AFTER_N-th time (default 1) that point is reached.
// SWITCHYARD_LEASE_MS / SWITCHYARD_POLL_MS tune lease length and the fallback poll interval.
import path from "node:path";
import { env, isPostgresUrl, sqlitePath } from "@/lib/env";
import { openDatabase } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { WorkerConflictError } from "@/lib/engine/worker";
import type { CrashPoint } from "@/lib/engine/run-processor";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { createWorkerHost, workerHostSettings } from "@/lib/server/worker-host";
import { credentialRunStartPolicy } from "@/lib/server/run-start-policy";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";

const tuning = env();

function crashHook(): ((p: CrashPoint) => void) | undefined {
  const at = tuning.SWITCHYARD_CRASH_AT;
  if (!at) return undefined;
  let seen = 0;
  return (point) => {
    if (point !== at) return;
    seen++;
    if (seen >= tuning.SWITCHYARD_CRASH_AFTER_N) {
      process.stdout.write(`crashing at ${point}\n`);
      process.kill(process.pid, "SIGKILL");
    }
  };
}

/** The SQLite file as the user wrote it relative to the working directory, else absolute. */
function sqliteLabel(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith("..") ? path.resolve(file) : rel;
}

async function main(): Promise<void> {
  const e = env();
  const db = openDatabase(e.DATABASE_URL, {
    synchronous: e.SQLITE_SYNCHRONOUS,
    poolMax: Math.min(20, e.SWITCHYARD_WORKER_CONCURRENCY + 4),
  });
  const r = await migrate(db.sql);
  if (r.applied.length) console.log(`[worker] applied migrations: ${r.applied.join(", ")}`);
  const store = new SqlEngineStore(db.sql, { listen: e.SWITCHYARD_PG_LISTEN === "on" });
  const notifier = new LocalNotifier();
  const schedules = new ScheduleTicker({ sql: db.sql, store, notifier, policy: credentialRunStartPolicy(db.sql) });
  const host = createWorkerHost({
    ...workerHostSettings(e),
    sql: db.sql,
    store,
    notifier,
    // due schedules, after the inbox sweep, before every claim
    beforeClaim: () => schedules.tick(),
    nextDueAt: schedules.nextDueAt,
    crash: crashHook(),
    databaseLabel: isPostgresUrl(e.DATABASE_URL) ? undefined : sqliteLabel(sqlitePath(e.DATABASE_URL)),
  });
  try {
    await host.start();
  } catch (err) {
    if (err instanceof WorkerConflictError) {
      console.error(err.message);
      await host.stop();
      await db.close();
      process.exit(2);
    }
    throw err;
  }
  console.log(`[worker] ${host.worker.id} ready (${db.dialect})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing in-flight work`);
    host
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error("[worker] shutdown failed", err);
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
