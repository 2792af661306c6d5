// The PostgreSQL round trips of an event reaching its waiting run, counted exactly
// (lib/engine/ARCHITECTURE.md, "Round trips"): the publish (record, match the waiting step, write the
// delivery, wake the run, NOTIFY) and the worker's claim and commit that resume it. A change that adds
// one fails here: update the table in the note with the new count and the reason, or take it back out.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PgDb } from "@/lib/db/sql";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { startRun } from "@/lib/engine/run-service";
import { Worker } from "@/lib/engine/worker";
import { receiveCallback } from "@/lib/triggers/callback-service";
import { publishEvent, publishEventBody } from "@/lib/triggers/event-publish";
import { publish } from "@/tests/engine/helpers/graph";
import { RoundTripLedger, COUNTED_LEASE_MS } from "@/tests/helpers/round-trips";
import { createTestDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";
import { untilWaiting, waitCallbackGraph, waitEventGraph } from "./helpers/wait-graphs";

async function untilStatus(db: TestDatabase, runId: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await db.sql.all<{ status: string; leaseOwner: string | null }>(`SELECT "status","leaseOwner" FROM "Run" WHERE "id"=?`, [
      runId,
    ]);
    // a parked run counts once its worker released it (nothing more is charged to its park)
    if (r[0]?.status === status && (status !== "waiting" || r[0].leaseOwner === null)) return;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${r[0]?.status}, waiting for ${status}`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

describePostgres("event round trips", () => {
  let db: TestDatabase;
  let ledger: RoundTripLedger;
  let worker: Worker;
  const trips = { publish: 0, duplicate: 0, claim: 0, commit: 0, commits: 0, other: {} as Record<string, number>, callback: 0 };

  beforeAll(async () => {
    db = await createTestDb("postgresql");
    ledger = new RoundTripLedger(db.sql as PgDb);
    const store = ledger.wrap(new SqlEngineStore(db.sql));
    const notifier = new LocalNotifier();
    const deps = { store, notifier };
    worker = new Worker({ store, notifier, concurrency: 2, leaseMs: COUNTED_LEASE_MS, pollMs: 1000, log: () => undefined });
    await worker.start({ register: false });
    const { versionId } = await publish(db.sql, waitEventGraph({ event: "rt.paid" }));
    const warm = await startRun(deps, { versionId, input: { orderId: "warm" }, initiatorId: null });
    const run = await startRun(deps, { versionId, input: { orderId: "o1" }, initiatorId: null });
    await untilWaiting(db.sql, versionId, "wait_event", 2);
    await untilStatus(db, warm.id, "waiting");
    await untilStatus(db, run.id, "waiting");
    const send = (key: string, id: string) =>
      publishEvent({ db: db.sql, engine: deps }, publishEventBody.parse({ name: "rt.paid", key, id, data: { key } }), {
        userId: "u1",
        role: "designer",
      });
    // warm-up: the subscription cache and the worker's compiled graph
    await send("warm", "evt-warm");
    await untilStatus(db, warm.id, "succeeded");

    // a fresh clock read: the publish and the run's cycles read the database clock from it
    // (PgDb.clock re-reads it at most once a second, charged to "now", not to the event)
    await (db.sql as PgDb).now();
    ledger.reset();
    const r = await ledger.run("publish", () => send("o1", "evt-1"));
    expect(r.resumed).toEqual([{ runId: run.id, stepKey: "wait" }]);
    await untilStatus(db, run.id, "succeeded");
    const snap = ledger.snapshot();
    trips.publish = snap.trips.publish;
    trips.claim = ledger.finished.find((c) => c.op === "claimRuns" && Array.isArray(c.value) && c.value.length > 0)?.trips ?? 0;
    trips.commit = snap.trips.commit ?? 0;
    trips.commits = snap.calls.commit ?? 0;
    for (const [op, n] of Object.entries(snap.trips)) {
      if (!["publish", "claimRuns", "commit", "nextReadyAt", "now", "unattributed"].includes(op)) trips.other[op] = n;
    }
    ledger.reset();
    const again = await ledger.run("duplicate", () => send("o1", "evt-1"));
    expect(again.duplicate).toBe(true);
    trips.duplicate = ledger.snapshot().trips.duplicate;

    // a callback to a parked Wait for callback step (its version already loaded by the worker)
    const cb = await publish(db.sql, waitCallbackGraph());
    const parked = await startRun(deps, { versionId: cb.versionId, input: {}, initiatorId: null });
    await untilWaiting(db.sql, cb.versionId, "wait_callback", 1);
    await untilStatus(db, parked.id, "waiting");
    const [{ input }] = await db.sql.all<{ input: string }>(`SELECT "input" FROM "Step" WHERE "runId"=? AND "stepKey"='cb'`, [parked.id]);
    const token = String((JSON.parse(input) as { callbackPath: string }).callbackPath.split("/").pop());
    await (db.sql as PgDb).now();
    ledger.reset();
    const post = new Request("http://localhost/cb", { method: "POST", body: JSON.stringify({ ok: true }) });
    await ledger.run("callback", () => receiveCallback({ db: db.sql, store }, token, post));
    trips.callback = ledger.snapshot().trips.callback;
    await untilStatus(db, parked.id, "succeeded");
  }, 120_000);

  afterAll(async () => {
    ledger?.detach();
    await worker?.stop({ graceMs: 5000 });
    await db?.drop();
  });

  const expectTrips = (what: string, actual: number, expected: number) =>
    expect(actual, `${what}: ${actual} round trips, the ARCHITECTURE table says ${expected}`).toBe(expected);

  it("publishes an event to its waiting run in the documented number of round trips", () => {
    expectTrips("publishEvent (no event trigger on the name)", trips.publish, 1);
    expectTrips("publishEvent again with the same id", trips.duplicate, 1);
  });

  it("delivers a callback in the documented number of round trips", () => {
    expectTrips("receiveCallback (find the step by its token, then deliver)", trips.callback, 2);
  });

  it("resumes the run in one claim and one commit", () => {
    expectTrips("claimRuns (the claim that took the resumed run)", trips.claim, 1);
    expect(trips.commits, "commits of the resumed run (the wait step and the end together)").toBe(1);
    expectTrips("commit of the resumed run", trips.commit, 1);
    expect(trips.other, "store calls made for the run besides claim and commit").toEqual({});
    expectTrips("publish to resumed", trips.publish + trips.claim + trips.commit, 3);
  });
});
