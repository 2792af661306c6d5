// `npm run bench:burst`: behaviour under bursts, one JSON object per line (with the load average).
// SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (a fresh database is created and dropped).
// One function per scenario; `npm run bench:burst -- <scenario>` runs one.
//   expr-isolation — 10 runs evaluating hostile expressions (catastrophic-backtracking regexes and a
//                    quadratic builtin call) on the in-process engine worker, while a loop requests
//                    GET /health from an HTTP server in the same process: p95/max of those requests
//                    (target p95 < 100 ms), and how the runs ended.
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { createTestDb, type Dialect, type TestDatabase } from "@/tests/helpers/fresh-db";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { startRun } from "@/lib/engine/run-service";
import { graph, publish } from "@/tests/engine/helpers/graph";

function emit(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...o, load_avg_1m: Math.round(os.loadavg()[0] * 100) / 100 })}\n`);
}

const round = (x: number) => Math.round(x * 10) / 10;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** An HTTP health endpoint in this process and a client loop measuring its latency until stopped. */
async function healthLoop(): Promise<{ stop(): Promise<number[]> }> {
  const server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const lat: number[] = [];
  let running = true;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      http
        .get({ host: "127.0.0.1", port, path: "/health", agent }, (res) => {
          res.resume();
          res.on("end", () => {
            lat.push(performance.now() - t0);
            resolve();
          });
        })
        .on("error", reject);
    });
  const loop = (async () => {
    while (running) {
      await get();
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      await new Promise((r) => server.close(r));
      return lat;
    },
  };
}

async function exprIsolation(db: TestDatabase, dialect: Dialect): Promise<void> {
  const RUNS = 10;
  const store = new SqlEngineStore(db.sql);
  const notifier = new LocalNotifier();
  const worker = new Worker({ store, notifier, concurrency: 16, leaseMs: 30_000, pollMs: 1000, log: () => undefined });
  await worker.start({ register: false });
  const doc = (expr: string) => graph().start().transform("t", expr).end("end", "$.steps.t.output").chain("start", "t", "end").build();
  const hostile = [
    await publish(db.sql, doc("$match($.input.s, /(a+)+$/)")),
    await publish(db.sql, doc("$count($split($.input.s, /(a|aa)+$/))")),
    await publish(db.sql, doc("$distinct([1..100000])")),
  ];
  try {
    const health = await healthLoop();
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { versionId } = hostile[i % hostile.length];
      ids.push((await startRun({ store, notifier }, { versionId, input: { s: "a".repeat(5000) + "!" }, initiatorId: null })).id);
    }
    const status: Record<string, number> = {};
    const deadline = Date.now() + 300_000;
    for (const id of ids) {
      for (;;) {
        const r = await store.getRun(id);
        if (r && (r.status === "succeeded" || r.status === "failed")) {
          status[r.status] = (status[r.status] ?? 0) + 1;
          break;
        }
        if (Date.now() > deadline) throw new Error(`run ${id} did not finish`);
        await new Promise((res) => setTimeout(res, 20));
      }
    }
    const ms = performance.now() - t0;
    const lat = await health.stop();
    emit({
      scenario: "expr-isolation",
      db: dialect,
      runs: RUNS,
      health_requests: lat.length,
      health_p95_ms: round(pct(lat, 95)),
      health_max_ms: round(Math.max(...lat)),
      runs_succeeded: status.succeeded ?? 0,
      runs_failed: status.failed ?? 0,
      ms: Math.round(ms),
    });
  } finally {
    await worker.stop({ graceMs: 5000 });
  }
}

const SCENARIOS: Record<string, (db: TestDatabase, dialect: Dialect) => Promise<void>> = {
  "expr-isolation": exprIsolation,
};

async function main(): Promise<void> {
  const dialects: Dialect[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
  const only = process.argv[2];
  if (only && !SCENARIOS[only]) throw new Error(`unknown scenario ${only}; one of ${Object.keys(SCENARIOS).join(", ")}`);
  for (const dialect of dialects) {
    for (const [name, fn] of Object.entries(SCENARIOS)) {
      if (only && only !== name) continue;
      const db = await createTestDb(dialect);
      try {
        await fn(db, dialect);
      } finally {
        await db.drop();
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
