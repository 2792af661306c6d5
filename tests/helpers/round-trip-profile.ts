// Round trips of one 10-node transform chain run on PostgreSQL, operation by operation: the start
// (startRun, no worker running), then one worker claiming and driving the run to its end, then one
// approval decision. Shared by tests/engine/round-trips.test.ts (exact counts) and bench:engine.
import type { Database as TestDatabase } from "@/lib/db/connection";
import type { PgDb } from "@/lib/db/sql";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { graph, publish, transformChain } from "@/tests/engine/helpers/graph";
import { RoundTripLedger, COUNTED_LEASE_MS } from "./round-trips";

/** Store calls the worker loop makes while idle (not charged to a run). */
export const IDLE_OPS = new Set(["nextReadyAt", "now", "unattributed"]);

export interface RoundTripProfile {
  start: number;
  /** The claimRuns call that took the run (a claim may take several runs). */
  claim: number;
  /** Round trips of the other, empty claims the idle loop made meanwhile (not charged to the run). */
  empty_claims: number;
  /** All commits of the run together, and how many there were. */
  commit: number;
  commits: number;
  /** Other store calls made while driving the run (by method). */
  other: Record<string, number>;
  /** start + one claim + everything the worker did for the run. */
  per_run: number;
  decision: number;
  /** After the decision: the claim that took the approval run, its commits, and any other store calls. */
  resume_claim: number;
  resume_commit: number;
  resume_other: Record<string, number>;
  /**
   * The same chain run started while a worker of this process has a free slot: written leased to it
   * (no claim). Its start, the claims that took it (0), its commits, and everything in all.
   */
  local_start: number;
  local_claim: number;
  local_commit: number;
  local_per_run: number;
  /** A decision made in the worker's process while it runs: leased to it in the decision's script. */
  local_decision: number;
  local_resume_claim: number;
  local_resume_commit: number;
}

async function until(db: TestDatabase, runId: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await db.sql.all<{ status: string }>(`SELECT "status" FROM "Run" WHERE "id"=?`, [runId]);
    if (r[0]?.status === status) return;
    if (r[0]?.status === "failed" || Date.now() > deadline) throw new Error(`run ${runId} is ${r[0]?.status}, waiting for ${status}`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

async function drive(db: TestDatabase, store: SqlEngineStore, notifier: LocalNotifier, runId: string, status: string): Promise<void> {
  const worker = new Worker({ store, notifier, concurrency: 1, leaseMs: COUNTED_LEASE_MS, pollMs: 1000, log: () => undefined });
  await worker.start({ register: false });
  try {
    await until(db, runId, status);
  } finally {
    await worker.stop({ graceMs: 5000 });
  }
}

export async function profileRoundTrips(db: TestDatabase): Promise<RoundTripProfile> {
  if (db.dialect !== "postgresql") throw new Error("round trips are counted on PostgreSQL only");
  const ledger = new RoundTripLedger(db.sql as PgDb);
  try {
    const store = ledger.wrap(new SqlEngineStore(db.sql));
    const notifier = new LocalNotifier();
    const deps = { store, notifier };
    const chain = await publish(db.sql, transformChain(8));
    // warm-up run: version cache, expression pool
    const warm = await startRun(deps, { versionId: chain.versionId, input: {}, initiatorId: null });
    await drive(db, store, notifier, warm.id, "succeeded");

    // a fresh clock read: the start and the run's cycles then read the database clock from it
    // (PgDb.clock re-reads it at most once a second, charged to "now", not to the run)
    await (db.sql as PgDb).now();
    ledger.reset();
    const run = await ledger.run("start", () => startRun(deps, { versionId: chain.versionId, input: {}, initiatorId: "u1" }));
    await drive(db, store, notifier, run.id, "succeeded");
    const { trips, calls } = ledger.snapshot();
    // the claim that took the run (empty claims of the idle loop cost one round trip each)
    const claim = ledger.finished.find((c) => c.op === "claimRuns" && Array.isArray(c.value) && c.value.length > 0)?.trips ?? 0;
    const emptyClaims = (trips.claimRuns ?? 0) - claim;
    const other: Record<string, number> = {};
    for (const [op, n] of Object.entries(trips)) {
      if (!["start", "claimRuns", "commit"].includes(op) && !IDLE_OPS.has(op)) other[op] = n;
    }
    const commit = trips.commit ?? 0;
    const perRun = trips.start + claim + commit + Object.values(other).reduce((a, b) => a + b, 0);

    // started in the worker's process while it runs: handed over, never claimed
    const besideWorker = async (fn: () => Promise<void>) => {
      const local = new Worker({ store, notifier, concurrency: 1, leaseMs: COUNTED_LEASE_MS, pollMs: 1000, log: () => undefined });
      await local.start({ register: false });
      try {
        await fn();
      } finally {
        await local.stop({ graceMs: 5000 });
      }
    };
    /** The claims of the ledger's last reset that took a run. */
    const claimsThatTook = () => ledger.finished.filter((c) => c.op === "claimRuns" && Array.isArray(c.value) && c.value.length > 0).length;
    await besideWorker(async () => {
      await (db.sql as PgDb).now();
      ledger.reset();
      const localRun = await ledger.run("start", () => startRun(deps, { versionId: chain.versionId, input: {}, initiatorId: "u1" }));
      await until(db, localRun.id, "succeeded");
    });
    const localTrips = ledger.snapshot().trips;
    const localClaim = claimsThatTook();
    const localPerRun = Object.entries(localTrips)
      .filter(([op]) => !IDLE_OPS.has(op) && op !== "claimRuns")
      .reduce((a, [, n]) => a + n, localClaim);

    const approval = await publish(
      db.sql,
      graph()
        .start()
        .node({
          id: "ap",
          kind: "approval",
          config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok", payload: "$.input" },
        })
        .end("end", "$.steps.ap.output.decision")
        .chain("start", "ap")
        .edge("ap", "end", "approved")
        .build(),
    );
    const parked = await startRun(deps, { versionId: approval.versionId, input: {}, initiatorId: null });
    await drive(db, store, notifier, parked.id, "waiting");
    const [task] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Task" WHERE "runId"=?`, [parked.id]);
    ledger.reset();
    await ledger.run("decision", () => decideTask(deps, { taskId: task.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" }));
    const decision = ledger.snapshot().trips.decision ?? 0;
    ledger.reset();
    await drive(db, store, notifier, parked.id, "succeeded");
    const resumed = ledger.snapshot().trips;
    const resumeClaim = ledger.finished.find((c) => c.op === "claimRuns" && Array.isArray(c.value) && c.value.length > 0)?.trips ?? 0;
    const resumeOther: Record<string, number> = {};
    for (const [op, n] of Object.entries(resumed)) {
      if (!["claimRuns", "commit"].includes(op) && !IDLE_OPS.has(op)) resumeOther[op] = n;
    }

    // decided in the worker's process while it runs: the decision leases the run to it
    const parkedHere = await startRun(deps, { versionId: approval.versionId, input: {}, initiatorId: null });
    await drive(db, store, notifier, parkedHere.id, "waiting");
    const [taskHere] = await db.sql.all<{ id: string }>(`SELECT "id" FROM "Task" WHERE "runId"=?`, [parkedHere.id]);
    await besideWorker(async () => {
      await (db.sql as PgDb).now();
      ledger.reset();
      await ledger.run("decision", () =>
        decideTask(deps, { taskId: taskHere.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" }),
      );
      await until(db, parkedHere.id, "succeeded");
    });
    const decidedHere = ledger.snapshot().trips;

    return {
      start: trips.start,
      claim,
      empty_claims: emptyClaims,
      commit,
      commits: calls.commit ?? 0,
      other,
      per_run: perRun,
      decision,
      resume_claim: resumeClaim,
      resume_commit: resumed.commit ?? 0,
      resume_other: resumeOther,
      local_start: localTrips.start ?? 0,
      local_claim: localClaim,
      local_commit: localTrips.commit ?? 0,
      local_per_run: localPerRun,
      local_decision: decidedHere.decision ?? 0,
      local_resume_claim: claimsThatTook(),
      local_resume_commit: decidedHere.commit ?? 0,
    };
  } finally {
    ledger.detach();
  }
}
