// `npm run bench:engine -- workers` (or `tsx bench/workers.ts`): 1, 2 and 4 real worker processes
// (scripts/worker.ts, as `npm run worker` starts it) against one fresh PostgreSQL database
// (TEST_DATABASE_URL; BENCH_PG_RTT_MS puts the latency proxy in between). A closed loop of CLIENTS
// callers in this process each starts a 10-node transform chain run and waits for it, RUNS runs in all.
// One JSON line per worker count:
//   steps_per_s      10 × runs finished / wall time
//   p95_ms           run latency, start → succeeded (Run.startedAtMs → finishedAtMs, database clock)
//   lease_losses     claims beyond the first (Σ fencingToken − 1): a chain run finishes within one
//                    claim, so every extra claim means a lease expired or was lost
//   claim_conflicts  runs claimed more than once (by any worker); SKIP LOCKED makes contended claims
//                    skip rows rather than wait, so contention shows up only as re-claims
// with the 1-minute load average. On a 2-core machine expect the curve to flatten at the cores.
import os from "node:os";
import { createPostgresTestDb, type TestDatabase } from "@/tests/helpers/fresh-db";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { startRun } from "@/lib/engine/run-service";
import { publish, transformChain } from "@/tests/engine/helpers/graph";
import { spawnWorker, type WorkerProcess } from "@/tests/engine/helpers/processes";
import { startLatencyProxy, viaProxy, type LatencyProxy } from "./latency-proxy";

const RUNS = Number(process.env.BENCH_WORKER_RUNS ?? 400);
const CLIENTS = 32;
const RTT_MS = Number(process.env.BENCH_PG_RTT_MS ?? 0);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function once(db: TestDatabase, workers: number): Promise<void> {
  const procs: WorkerProcess[] = [];
  for (let i = 0; i < workers; i++)
    procs.push(spawnWorker(db.url, { SWITCHYARD_LEASE_MS: "30000", SWITCHYARD_POLL_MS: "1000", SWITCHYARD_WORKER_CONCURRENCY: "32" }));
  try {
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) if (p.child.exitCode !== null) throw new Error(`worker exited: ${p.output()}`);
    const store = new SqlEngineStore(db.sql);
    const deps = { store, notifier: new LocalNotifier() };
    const { versionId } = await publish(db.sql, transformChain(8));
    const warm = await publish(db.sql, transformChain(8));
    const drive = async (vid: string, n: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(CLIENTS, n) }, async () => {
          while (next < n) {
            next++;
            const run = await startRun(deps, { versionId: vid, input: {}, initiatorId: null });
            for (;;) {
              const r = await db.sql.all<{ status: string }>(`SELECT "status" FROM "Run" WHERE "id"=?`, [run.id]);
              if (r[0]?.status === "succeeded") break;
              if (r[0]?.status === "failed") throw new Error(`run ${run.id} failed`);
              await new Promise((res) => setTimeout(res, 5));
            }
          }
        }),
      );
    };
    await drive(warm.versionId, 4 * workers * 4);
    const t0 = performance.now();
    await drive(versionId, RUNS);
    const s = (performance.now() - t0) / 1000;
    const rows = await db.sql.all<{ ms: number; tok: number }>(
      `SELECT "finishedAtMs" - "startedAtMs" AS ms, "fencingToken" AS tok FROM "Run" WHERE "versionId"=?`,
      [versionId],
    );
    const lat = rows.map((r) => Number(r.ms));
    process.stdout.write(
      `${JSON.stringify({
        scenario: "workers",
        db: "postgresql",
        rtt_ms: RTT_MS,
        workers,
        runs: RUNS,
        clients: CLIENTS,
        steps_per_s: Math.round((RUNS * 10) / s),
        p50_ms: Math.round(pct(lat, 50) * 10) / 10,
        p95_ms: Math.round(pct(lat, 95) * 10) / 10,
        lease_losses: rows.reduce((a, r) => a + Math.max(0, Number(r.tok) - 1), 0),
        claim_conflicts: rows.filter((r) => Number(r.tok) > 1).length,
        cores: os.cpus().length,
        load1: Math.round(os.loadavg()[0] * 100) / 100,
      })}\n`,
    );
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

export async function workersBenchmark(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) throw new Error("bench workers needs TEST_DATABASE_URL (PostgreSQL)");
  let proxy: LatencyProxy | null = null;
  if (RTT_MS > 0 && !process.env.BENCH_PROXIED) {
    const u = new URL(process.env.TEST_DATABASE_URL);
    proxy = await startLatencyProxy({ targetHost: u.hostname, targetPort: Number(u.port || 5432), rttMs: RTT_MS });
    process.env.TEST_DATABASE_URL = viaProxy(process.env.TEST_DATABASE_URL, proxy.port);
  }
  try {
    for (const n of [1, 2, 4]) {
      const db = await createPostgresTestDb({ poolMax: 40 });
      try {
        await once(db, n);
      } finally {
        await db.drop();
      }
    }
  } finally {
    await proxy?.close();
  }
}

if (process.argv[1]?.endsWith("workers.ts")) {
  workersBenchmark().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
