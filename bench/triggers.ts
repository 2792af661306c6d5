// `npm run bench:triggers`: trigger benchmarks, one JSON object per line, with the load average.
// SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (a fresh database is created and dropped).
// One function per scenario; `npm run bench:triggers -- <scenario>` runs one.
//   webhook — signed (Standard Webhooks) deliveries → run started, at concurrency 16, through the real
//             route handler (app/api/v1/hooks/[triggerId]/route.ts) called in-process with a Request,
//             so no HTTP server and no Next.js request handling are measured: lookup, live version,
//             rate limit, streamed body, HMAC verification, replay check, JSONata mapping, startRun
//             (start policy, input validation, idempotency key by webhook-id, one transaction) and the
//             deliveries log. No engine worker runs meanwhile. Target: ≥ 500 starts/s on SQLite, p95 ≤ 50 ms.
//   schedule — a `* * * * * *` cron (every second) on a published workflow, with the engine's Worker
//             in-process and the schedule tick wired as in production (before each claim, the loop
//             sleeping until the next fire time, default 1.5 s poll). Fire lag = the database time at
//             which the fire's run committed minus its fire time, over BENCH_SCHEDULE_FIRES (20) fires.
//             Target p95 ≤ 1 s.
//   event-resume — 10,000 runs parked on Wait for event (one correlation key each); then events are
//             published one at a time, each for one waiting run: publish called → the waiting step
//             committed as succeeded by the worker (p50/p95), plus the publish call alone. Target: p95 ≤ 20 ms.
//             Load-independent columns: CPU of this process (publisher and worker, all threads) per
//             event, and on PostgreSQL the round trips per event (publish, claim and commit, and
//             whatever the idle worker loop sent meanwhile).
import { loadavg } from "node:os";
import { randomUUID } from "node:crypto";
import { Worker } from "@/lib/engine/worker";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, publishWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import type { CommitBatch, CommitResult } from "@/lib/engine/ports";
import { startRun } from "@/lib/engine/run-service";
import { publishEvent, publishEventBody } from "@/lib/triggers/event-publish";
import { untilWaiting, waitEventGraph } from "@/tests/triggers/helpers/wait-graphs";
import { resetSecretKeyCache } from "@/lib/security/secrets";
import { credentialRunStartPolicy } from "@/lib/server/run-start-policy";
import { createWebhook } from "@/lib/triggers/webhook-service";
import { signStandard } from "@/lib/triggers/webhook-signatures";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { createTestDb, type Dialect } from "@/tests/helpers/fresh-db";
import type { PgDb } from "@/lib/db/sql";

const CONCURRENCY = 16;
const WARMUP = 300;
const DELIVERIES = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 4000);
const FIRES = Number(process.env.BENCH_SCHEDULE_FIRES ?? 20);

const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const round = (x: number) => Math.round(x * 10) / 10;
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function benchWebhook(dialect: Dialect): Promise<void> {
  const db = await createTestDb(dialect, { poolMax: CONCURRENCY });
  try {
    const notifier = new LocalNotifier();
    const engine = {
      store: new SqlEngineStore(db.sql),
      notifier,
      policy: credentialRunStartPolicy(db.sql),
      notify: () => notifier.notify(),
    };
    (globalThis as unknown as { __switchyard?: unknown }).__switchyard = { db, engine };
    const { POST } = await import("@/app/api/v1/hooks/[triggerId]/route");

    const { workflowId } = await publish(db.sql, graph().start().end().edge("start", "end").build());
    const hook = await createWebhook({ sql: db.sql, engine }, workflowId, { id: "bench", role: "admin" });
    const inputSchema = { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] };
    const trigger = {
      kind: "webhook",
      id: hook.triggerId,
      mapping: "{ 'amount': body.order.total, 'ref': body.order.id }",
      rateLimitPerMinute: 100_000,
    };
    const doc = graph()
      .node({ id: "start", kind: "start", name: "Start", config: { inputSchema, triggers: [trigger] } })
      .end("end", "$.input")
      .edge("start", "end")
      .build();
    await publish(db.sql, doc, workflowId);

    let n = 0;
    const deliver = async (): Promise<number> => {
      const i = n++;
      const body = JSON.stringify({ order: { id: `o-${i}`, total: i, lines: [{ sku: "a", qty: 1 }] } });
      const headers = { ...signStandard(hook.secret, `msg_${i}`, Math.floor(Date.now() / 1000), body), "content-type": "application/json" };
      const t0 = performance.now();
      const res = await POST(new Request(`http://localhost${hook.path}`, { method: "POST", headers, body }), {
        params: Promise.resolve({ triggerId: hook.triggerId }),
      });
      const ms = performance.now() - t0;
      if (res.status !== 202) throw new Error(`delivery ${i}: ${res.status} ${await res.text()}`);
      return ms;
    };
    const runBatch = async (count: number): Promise<number[]> => {
      const out: number[] = [];
      let left = count;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (left > 0) {
            left--;
            out.push(await deliver());
          }
        }),
      );
      return out;
    };

    await runBatch(WARMUP);
    const t0 = performance.now();
    const latencies = await runBatch(DELIVERIES);
    const seconds = (performance.now() - t0) / 1000;
    const runs = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=?`, [workflowId]);
    if (Number(runs[0].n) !== WARMUP + DELIVERIES) throw new Error(`expected ${WARMUP + DELIVERIES} runs, found ${runs[0].n}`);
    emit({
      scenario: "webhook",
      db: dialect,
      mode: "route handler in-process",
      concurrency: CONCURRENCY,
      deliveries: DELIVERIES,
      starts_per_s: Math.round(DELIVERIES / seconds),
      p50_ms: round(pct(latencies, 50)),
      p95_ms: round(pct(latencies, 95)),
      p99_ms: round(pct(latencies, 99)),
      load_avg_1m: round(loadavg()[0]),
    });
  } finally {
    (globalThis as unknown as { __switchyard?: unknown }).__switchyard = undefined;
    await db.drop();
  }
}

async function scheduleScenario(dialect: Dialect): Promise<void> {
  const db = await createTestDb(dialect, { poolMax: 8 });
  const store = new SqlEngineStore(db.sql);
  const notifier = new LocalNotifier();
  const ticker = new ScheduleTicker({ sql: db.sql, store, notifier, log: () => undefined });
  const worker = new Worker({
    store,
    notifier,
    beforeClaim: ticker.tick,
    nextDueAt: ticker.nextDueAt,
    log: () => undefined,
  });
  try {
    const userId = randomUUID();
    await db.prisma.user.create({ data: { id: userId, name: "Bench", email: `${userId}@example.com`, role: "designer" } });
    const { id: workflowId } = await createWorkflow(db, { name: "Every second", description: "", graph: defaultGraph() }, userId);
    const g = defaultGraph();
    const triggers = [{ kind: "schedule", id: "every-second", cron: "* * * * * *", overlap: "allow" }];
    const graph = { ...g, nodes: [{ ...g.nodes[0], config: { ...g.nodes[0].config, triggers } }, g.nodes[1]] };
    await saveDraft(db, workflowId, { graph, expectedRevision: 0 }, userId);
    await worker.start({ register: false });
    await publishWorkflow(db, workflowId, { message: "bench" }, { id: userId, authMethod: "session" });
    notifier.notify(); // as the publish route does
    const t0 = Date.now();
    let rows: { fireAtMs: number; startedAtMs: number }[] = [];
    while (rows.length < FIRES && Date.now() - t0 < FIRES * 1000 + 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      rows = await db.sql.all<{ fireAtMs: number; startedAtMs: number }>(
        `SELECT f."fireAtMs", r."startedAtMs" FROM "ScheduleFire" f JOIN "Run" r ON r."id"=f."runId" WHERE f."outcome"='started' ORDER BY f."fireAtMs"`,
      );
    }
    const lags = rows.slice(0, FIRES).map((r) => Number(r.startedAtMs) - Number(r.fireAtMs));
    emit({
      scenario: "schedule",
      db: dialect,
      fires: lags.length,
      fire_lag_ms_p50: Math.round(pct(lags, 50)),
      fire_lag_ms_p95: Math.round(pct(lags, 95)),
      fire_lag_ms_max: Math.round(Math.max(...lags)),
      ...(process.env.BENCH_VERBOSE ? { lags: lags.map(Math.round) } : {}),
      load_avg_1m: round(loadavg()[0]),
    });
  } finally {
    await worker.stop({ graceMs: 1000 });
    await db.drop();
  }
}

/** Resolves when a commit writes the given step of the given run as succeeded. */
class TimedStore extends SqlEngineStore {
  private waiters = new Map<string, () => void>();
  until(runId: string, stepKey: string): Promise<void> {
    return new Promise((resolve) => this.waiters.set(`${runId}/${stepKey}`, resolve));
  }
  override async commit(b: CommitBatch): Promise<CommitResult> {
    const r = await super.commit(b);
    for (const s of b.steps) {
      if (s.status !== "succeeded") continue;
      const k = `${s.runId}/${s.stepKey}`;
      const w = this.waiters.get(k);
      if (w) {
        this.waiters.delete(k);
        w();
      }
    }
    return r;
  }
}

async function benchEventResume(dialect: Dialect): Promise<void> {
  const db = await createTestDb(dialect, { poolMax: 16 });
  const WAITING = 10_000;
  const EVENTS = 300;
  const store = new TimedStore(db.sql);
  const notifier = new LocalNotifier();
  const worker = new Worker({ store, notifier, concurrency: 32, leaseMs: 30_000, pollMs: 1000, log: () => undefined });
  await worker.start({ register: false });
  const deps = { store, notifier };
  try {
    const { versionId } = await publish(db.sql, waitEventGraph({ event: "bench.paid" }));
    const runIds: string[] = [];
    for (let i = 0; i < WAITING; i++) runIds.push((await startRun(deps, { versionId, input: { orderId: `o${i}` }, initiatorId: null })).id);
    await untilWaiting(db.sql, versionId, "wait_event", WAITING, 600_000);
    // wait until every run is released (parked, not leased), like runs that have waited for a while
    for (;;) {
      const rows = await db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "versionId"=? AND "status"='waiting'`, [
        versionId,
      ]);
      if (Number(rows[0].n) >= WAITING) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const total: number[] = [];
    const publishOnly: number[] = [];
    const order = Array.from({ length: EVENTS }, (_, i) => Math.floor((i * 7919) % WAITING));
    const trips = () => (dialect === "postgresql" ? (db.sql as PgDb).roundTrips.total : 0);
    let cpuUs = 0;
    let tripCount = 0;
    for (const [n, i] of order.entries()) {
      const cpu0 = process.cpuUsage();
      const trips0 = trips();
      const resumed = store.until(runIds[i], "wait");
      const t0 = performance.now();
      const r = await publishEvent(
        { db: db.sql, engine: deps },
        publishEventBody.parse({ name: "bench.paid", key: `o${i}`, id: `evt-${n}`, data: { i } }),
        { userId: "bench", role: "designer" },
      );
      const t1 = performance.now();
      if (r.resumed.length !== 1) throw new Error(`event for o${i} resumed ${r.resumed.length} steps`);
      await resumed;
      const t2 = performance.now();
      if (n >= 20) {
        // the first 20 warm the caches (compiled graph, expression pool, statements)
        publishOnly.push(t1 - t0);
        total.push(t2 - t0);
        const cpu = process.cpuUsage(cpu0);
        cpuUs += cpu.user + cpu.system;
        tripCount += trips() - trips0;
      }
    }
    emit({
      scenario: "event-resume",
      db: dialect,
      waiting: WAITING,
      events: total.length,
      p50_ms: round(pct(total, 50)),
      p95_ms: round(pct(total, 95)),
      max_ms: round(Math.max(...total)),
      publish_p95_ms: round(pct(publishOnly, 95)),
      cpu_ms_per_event: Math.round(cpuUs / total.length) / 1000,
      ...(dialect === "postgresql" ? { round_trips_per_event: round(tripCount / total.length) } : {}),
      load_avg_1m: round(loadavg()[0]),
    });
  } finally {
    await worker.stop({ graceMs: 5000 });
    await db.drop();
  }
}

const scenarios: Record<string, (d: Dialect) => Promise<void>> = {
  webhook: benchWebhook,
  schedule: scheduleScenario,
  "event-resume": benchEventResume,
};

async function main(): Promise<void> {
  process.env.SWITCHYARD_SECRET_KEY ??= Buffer.alloc(32, 3).toString("base64");
  resetSecretKeyCache();
  const dialects: Dialect[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
  const only = process.argv[2];
  for (const [name, fn] of Object.entries(scenarios)) {
    if (only && only !== name) continue;
    for (const d of dialects) await fn(d);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
