// Test harness: a real database (SQLite file or fresh PostgreSQL database), the SQL store, and a
// worker that tests drive either step by step (drain) or as a running loop.
import { SqlEngineStore } from "@/lib/db/engine-store";
import type { LocalNotifier } from "@/lib/engine/notifier";
import type { Worker, WorkerOptions } from "@/lib/engine/worker";
import type { EngineDeps } from "@/lib/engine/run-service";
import { createWorkerHost, type WorkerHostOptions } from "@/lib/server/worker-host";
import { createTestDb, type Dialect, type TestDatabase } from "@/tests/helpers/test-db";

export interface Harness {
  db: TestDatabase;
  store: SqlEngineStore;
  notifier: LocalNotifier;
  deps: EngineDeps;
  worker: Worker;
  /** Wait until the run reaches one of the statuses (the worker loop must be running). */
  waitFor(runId: string, statuses: string[], timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export type HarnessOptions = Omit<Partial<WorkerOptions>, "store" | "notifier"> & {
  startWorker?: boolean;
  /** Run agent nodes (the worker starts inside an agent runtime on the test database). */
  agents?: WorkerHostOptions["agents"];
};

/** A fresh database and the worker host of `npm run worker`, sized for tests (no inbox sweep, no mail). */
export async function createHarness(dialect: Dialect, opts: HarnessOptions = {}): Promise<Harness> {
  const { startWorker = true, agents = false, ...workerOptions } = opts;
  const db = await createTestDb(dialect);
  const store = new SqlEngineStore(db.sql);
  const host = createWorkerHost({
    sql: db.sql,
    store,
    concurrency: 8,
    leaseMs: 5000,
    pollMs: 50,
    httpAllowList: ["127.0.0.1"],
    log: () => undefined,
    inbox: false,
    agents,
    resolveCredential: null,
    ...workerOptions,
  });
  const notifier = host.notifier;
  const worker = host.worker;
  if (startWorker) await host.start({ register: false });
  return {
    db,
    store,
    notifier,
    deps: { store, notifier },
    worker,
    async waitFor(runId, statuses, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await store.getRun(runId);
        if (r && statuses.includes(r.status)) return r.status;
        if (Date.now() > deadline) throw new Error(`run ${runId} is ${r?.status}, expected ${statuses.join("|")}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
    async close() {
      await host.stop({ graceMs: 1000 });
      await db.drop();
    },
  };
}

/** Make every timer of the run due now (time travel without sleeping). */
export async function expireTimers(h: Harness, runId: string): Promise<void> {
  await h.db.sql.run(`UPDATE "Step" SET "wakeAtMs"=1 WHERE "runId"=? AND "status"='waiting' AND "wakeAtMs" IS NOT NULL`, [runId]);
  await h.db.sql.run(`UPDATE "Task" SET "dueAtMs"=1 WHERE "runId"=? AND "status"='open' AND "dueAtMs" IS NOT NULL`, [runId]);
  await h.db.sql.run(`UPDATE "Run" SET "readyAtMs"=1 WHERE "id"=? AND "readyAtMs" IS NOT NULL`, [runId]);
  h.notifier.notify();
}
