// A run started (or, on PostgreSQL, resumed by a decision) in the process of a worker with a free
// slot is written leased to that worker and handed to it, never claimed (SqlEngineStore.createLeasedRun;
// lib/engine/ARCHITECTURE.md, "Round trips"). The lease is an ordinary one: if the process dies before
// the run is driven, the run is claimed by another worker once the lease expires, under the next
// fencing token. On SQLite the claim a start saves is a write transaction of its own.
import { expect, it } from "vitest";
import { describeEachDb, describePostgres } from "@/tests/helpers/test-db";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { decideTask, startRun } from "@/lib/engine/run-service";
import type { ClaimedRun, StartSlot } from "@/lib/engine/ports";
import { graph, publish, transformChain } from "./helpers/graph";
import type { Harness } from "./helpers/engine";
import { useEngine } from "./helpers/fixture";

/** The claims made while fn runs, and the runs they took. */
async function claimsDuring(h: Harness, fn: () => Promise<void>): Promise<string[]> {
  const taken: string[] = [];
  const claim = h.store.claimRuns.bind(h.store);
  h.store.claimRuns = async (...args) => {
    const runs = await claim(...args);
    taken.push(...runs.map((r) => r.run.id));
    return runs;
  };
  try {
    await fn();
  } finally {
    h.store.claimRuns = claim;
  }
  return taken;
}

describeEachDb("runs started beside a worker", (dialect) => {
  const { h } = useEngine(dialect, { concurrency: 2 });

  it("are leased to it in the start and driven without a claim", async () => {
    const { versionId } = await publish(h.db.sql, transformChain(8));
    const ids: string[] = [];
    const claimed = await claimsDuring(h, async () => {
      // one at a time, so a slot is free for each
      for (let i = 0; i < 5; i++) {
        ids.push((await startRun(h.deps, { versionId, input: { i }, initiatorId: "u1" })).id);
        expect(await h.waitFor(ids[i], ["succeeded", "failed"])).toBe("succeeded");
      }
    });
    expect(claimed.filter((id) => ids.includes(id))).toEqual([]);
    const rows = await h.db.sql.all<{ fencingToken: number; leaseOwner: string | null; readyAtMs: number | null }>(
      `SELECT "fencingToken","leaseOwner","readyAtMs" FROM "Run" WHERE "versionId"=?`,
      [versionId],
    );
    expect(rows).toEqual(ids.map(() => ({ fencingToken: 1, leaseOwner: null, readyAtMs: null })));
  });

  it("hand the worker the rows they wrote, exactly as a claim would read them back", async () => {
    const { versionId } = await publish(h.db.sql, transformChain(3));
    const store = h.store as { createLeasedRun?: SqlEngineStore["createLeasedRun"] };
    const leased = store.createLeasedRun!;
    const compared: { handed: ClaimedRun; stored: ClaimedRun }[] = [];
    store.createLeasedRun = async (run, lease) => {
      const handed = await leased(run, lease);
      // read before the worker is handed the run: nothing has changed the rows yet
      const stored = { run: (await h.store.getRun(run.id))!, steps: await h.store.getSteps(run.id), tasks: [] };
      compared.push({ handed, stored });
      return handed;
    };
    try {
      const run = await startRun(h.deps, { versionId, input: { n: 1, s: "it's \\ \u00e9", list: [null, true] }, initiatorId: "u1" });
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    } finally {
      store.createLeasedRun = leased;
    }
    expect(compared).toHaveLength(1);
    expect(compared[0].handed.run.leaseOwner).not.toBeNull();
    expect(compared[0].handed).toEqual(compared[0].stored);
  });

  it("are started unleased and claimed when every slot is taken", async () => {
    const { versionId } = await publish(h.db.sql, transformChain(3));
    const held: StartSlot[] = [];
    for (let s = h.notifier.reserveStart(); s; s = h.notifier.reserveStart()) held.push(s);
    expect(held).toHaveLength(2); // the worker's concurrency
    let id = "";
    const claimed = await claimsDuring(h, async () => {
      id = (await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" })).id;
      const [row] = await h.db.sql.all<{ leaseOwner: string | null; status: string }>(
        `SELECT "leaseOwner","status" FROM "Run" WHERE "id"=?`,
        [id],
      );
      expect(row).toEqual({ leaseOwner: null, status: "queued" });
      for (const s of held) s.cancel(); // slots free again: the worker claims the run
      expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    });
    expect(claimed).toContain(id);
  });

  it("a run leased to a process that died before driving it is claimed by another worker when the lease expires", async () => {
    const { versionId } = await publish(h.db.sql, transformChain(3));
    // a process whose worker reserves a slot and dies right after the start committed
    const dying = new LocalNotifier();
    let adopted: ClaimedRun | null = null;
    dying.offerStarts(() => ({ workerId: "dead-worker", leaseMs: 300, adopt: (c) => (adopted = c), cancel: () => undefined }));
    const run = await startRun({ store: h.store, notifier: dying }, { versionId, input: {}, initiatorId: "u1" });
    expect(adopted!.run).toMatchObject({ id: run.id, status: "running", fencingToken: 1, leaseOwner: "dead-worker" });
    expect(adopted!.steps.map((s) => s.stepKey)).toEqual(["start"]);

    const other = new Worker({ store: new SqlEngineStore(h.db.sql), concurrency: 1, leaseMs: 30_000, pollMs: 50, log: () => undefined });
    await other.start({ register: false });
    try {
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    } finally {
      await other.stop({ graceMs: 1000 });
    }
    const [row] = await h.db.sql.all<{ fencingToken: number }>(`SELECT "fencingToken" FROM "Run" WHERE "id"=?`, [run.id]);
    expect(row.fencingToken).toBeGreaterThanOrEqual(2);
  });
});

describePostgres("a decision made beside a worker", () => {
  const { h } = useEngine("postgresql", { concurrency: 2 });

  it("a decision made beside the worker leases the run it resolves to it: resumed without a claim or a wake-up", async () => {
    const { versionId } = await publish(
      h.db.sql,
      graph()
        .start()
        .node({ id: "ap", kind: "approval", config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$" } })
        .transform("t", "$.steps.ap.output.decision")
        .end("end", "$.steps.t.output")
        .chain("start", "ap")
        .edge("ap", "t", "approved")
        .edge("t", "end")
        .build(),
    );
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: "u1" });
    expect(await h.waitFor(run.id, ["waiting"])).toBe("waiting");
    const [task] = await h.store.getTasks(run.id);
    const [before] = await h.db.sql.all<{ fencingToken: number }>(`SELECT "fencingToken" FROM "Run" WHERE "id"=?`, [run.id]);
    const claimed = await claimsDuring(h, async () => {
      await decideTask(h.deps, { taskId: task.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    });
    expect(claimed).not.toContain(run.id);
    const [after] = await h.db.sql.all<{ fencingToken: number }>(`SELECT "fencingToken" FROM "Run" WHERE "id"=?`, [run.id]);
    expect(after.fencingToken).toBe(before.fencingToken + 1); // one lease: the decision's
    expect((await h.store.getRun(run.id))?.output).toBe("approved");
  });
});
