// The history archive (lib/db/history-archive-store.ts): finished runs older than the threshold move
// their steps, events and model calls to the archive tables and nothing else moves; every read of a
// run (run view, step inspector, engine reads, SSE backfill, evidence pack, task detail, dashboard,
// callback lookups) answers the same before and after; rerun from a step, redrive, erasure and the
// retention purge work on archived runs; a batch that fails half-way leaves every row where it was.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createAgentHarness, type AgentHarness } from "@/tests/ai/helpers/agent-harness";
import { agentConfig, agentGraph, final } from "@/tests/ai/helpers/agent-graph";
import { decideTask } from "@/lib/engine/run-service";
import { rerunFromStep } from "@/lib/engine/rerun";
import { archiveFinishedRunBatch, countArchiveBacklog, restoreArchivedRun } from "@/lib/db/history-archive-store";
import { loadRunView, loadStepDetail, loadOlderEvents } from "@/lib/db/run-view-read";
import { eventsAfter, runEventsAfter } from "@/lib/db/run-event-read";
import { readTaskRunRows } from "@/lib/db/task-detail-read";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { buildEvidencePack } from "@/lib/governance/evidence-pack";
import { signingKeyFrom } from "@/lib/audit/signing-key";
import { requestErasure, runErasureJobs } from "@/lib/governance/erasure";
import { purgeExpiredRunBatch } from "@/lib/db/retention-store";
import type { SqlDb } from "@/lib/db/sql";
import { HistoryArchiver } from "@/lib/server/history-archiver";

const HOUR = 3_600_000;

async function rowsOf(db: SqlDb, runId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ["Step", "RunEvent", "ModelCall", "StepArchive", "RunEventArchive", "ModelCallArchive"]) {
    const [r] = await db.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${t}" WHERE "runId"=?`, [runId]);
    out[t] = Number(r.n);
  }
  return out;
}

/** Pretend the run finished `ms` ago. */
const finishedAgo = (db: SqlDb, runId: string, ms: number) =>
  db.run(`UPDATE "Run" SET "finishedAtMs"=? WHERE "id"=?`, [Date.now() - ms, runId]);

describeEachDb("history archive", (dialect) => {
  let h: AgentHarness;
  let versionId: string;
  let workflowId: string;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    const doc = agentGraph(agentConfig(h.providerId, { user: "Assess {{ $.input.name }}" })) as { nodes: { id: string; config: object }[] };
    const start = doc.nodes.find((n) => n.id === "start")!;
    start.config = { ...start.config, subjectExpression: "$.input.applicantId" };
    ({ versionId, workflowId } = await h.publish(doc));
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  async function okRun(name: string, applicantId = `APP-${name}`) {
    h.model.script([final(`${name} approved`, 0.95, `${name} is fine`)]);
    const run = await h.start(versionId, { applicantId, name });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    return run.id;
  }

  /** A run parked on a review task (active: waiting). */
  async function waitingRun(name: string) {
    h.model.script([final(`${name} unsure`, 0.2, `${name} needs a look`)]);
    const run = await h.start(versionId, { applicantId: `APP-${name}`, name });
    expect(await h.waitFor(run.id, ["waiting", "failed"])).toBe("waiting");
    return run.id;
  }

  async function decidedRun(name: string) {
    const id = await waitingRun(name);
    const [task] = await h.store.getTasks(id);
    await decideTask(h.deps, { taskId: task.id, userId: "rev-1", userRoles: ["reviewer"], decision: "approve", comment: "ok" });
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
    return id;
  }

  const archiveAll = (nowMs = Date.now()) => archiveFinishedRunBatch(h.db.sql, { cutoffMs: nowMs - HOUR, limit: 1000, nowMs });

  it("each archive table has its hot table's columns in the same order (rows move with SELECT *)", async () => {
    const columns = async (t: string) =>
      dialect === "sqlite"
        ? (await h.db.sql.all<{ name: string }>(`SELECT "name" FROM pragma_table_info(?) ORDER BY "cid"`, [t])).map((c) => c.name)
        : (
            await h.db.sql.all<{ name: string }>(
              `SELECT column_name AS "name" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
              [t],
            )
          ).map((c) => c.name);
    for (const t of ["Step", "RunEvent", "ModelCall"]) {
      const hot = await columns(t);
      expect(hot.length).toBeGreaterThan(5);
      expect(await columns(`${t}Archive`)).toEqual(hot);
      expect(await columns(`${t}History`)).toEqual(hot);
    }
  });

  it("moves only finished runs older than the threshold, and never an active run's rows", async () => {
    const old = await okRun("Oldie");
    const recent = await okRun("Recent");
    const active = await waitingRun("Active");
    await finishedAgo(h.db.sql, old, 2 * HOUR);
    // an active run that carries an old finish time (as a run being retried might) is still not moved
    await finishedAgo(h.db.sql, active, 2 * HOUR);
    const before = { old: await rowsOf(h.db.sql, old), recent: await rowsOf(h.db.sql, recent), active: await rowsOf(h.db.sql, active) };
    expect(before.old.ModelCall).toBeGreaterThan(0);
    expect(await countArchiveBacklog(h.db.sql, Date.now() - HOUR)).toBeGreaterThanOrEqual(1);

    const res = await archiveAll();
    expect(res.runs).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(h.db.sql, old)).toEqual({
      Step: 0,
      RunEvent: 0,
      ModelCall: 0,
      StepArchive: before.old.Step,
      RunEventArchive: before.old.RunEvent,
      ModelCallArchive: before.old.ModelCall,
    });
    expect(await rowsOf(h.db.sql, recent)).toEqual(before.recent);
    expect(await rowsOf(h.db.sql, active)).toEqual(before.active);
    const marks = await h.db.sql.all<{ id: string; archivedAtMs: number | null }>(
      `SELECT "id","archivedAtMs" FROM "Run" WHERE "id" IN (?,?,?)`,
      [old, recent, active],
    );
    expect(marks.find((m) => m.id === old)?.archivedAtMs).not.toBeNull();
    expect(marks.filter((m) => m.id !== old).every((m) => m.archivedAtMs === null)).toBe(true);
    // nothing left to do: a second batch moves nothing
    expect((await archiveAll()).runs).toBe(0);

    // the active run finishes; it is archived once its finish is old enough
    const [task] = await h.store.getTasks(active);
    await decideTask(h.deps, { taskId: task.id, userId: "rev-1", userRoles: ["reviewer"], decision: "approve", comment: "ok" });
    expect(await h.waitFor(active, ["succeeded"])).toBe("succeeded");
    expect((await archiveAll()).runs).toBe(0);
    await finishedAgo(h.db.sql, active, 2 * HOUR);
    expect((await archiveAll()).runs).toBe(1);
    expect((await rowsOf(h.db.sql, active)).Step).toBe(0);
  });

  it("an evidence pack is built without a signing key too: its chain runs to the head, with no checkpoint", async () => {
    const id = await decidedRun("Unsigned");
    const pack = (await buildEvidencePack(h.db.sql, h.store, id, { id: "admin-1", role: "admin" })) as {
      audit: { chainProof: { checkpoint: unknown; links: [number, string, string][]; head: { id: number } | null } };
    };
    expect(pack.audit.chainProof.checkpoint).toBeNull();
    expect(pack.audit.chainProof.links.length).toBeGreaterThan(0);
    expect(pack.audit.chainProof.links.at(-1)?.[0]).toBe(pack.audit.chainProof.head?.id);
  });

  it("every read of a run answers the same before and after it is archived", async () => {
    const id = await decidedRun("Readme");
    const nowMs = Date.now() + 1000;
    const [task] = await h.store.getTasks(id);
    const viewer = { id: "admin-1", role: "admin" as const };
    const key = signingKeyFrom(Buffer.alloc(32, 7).toString("base64"));
    const reads = async () => {
      const view = await loadRunView(h.db.sql, id, nowMs);
      const details = await Promise.all(view.steps.map((s) => loadStepDetail(h.db.sql, id, s.stepKey)));
      const pack = await buildEvidencePack(h.db.sql, h.store, id, viewer, key);
      return {
        view,
        details,
        older: await loadOlderEvents(h.db.sql, id, view.cursor + 1, 2),
        steps: await h.store.getSteps(id),
        events: await h.store.getEvents(id),
        sse: await runEventsAfter(h.db.sql, [id], 0, 1000),
        backfill: (await eventsAfter(h.db.sql, 0, 100_000, true)).filter((e) => e.runId === id),
        task: await readTaskRunRows(h.db.sql, task),
        dashboard: await loadDashboard(h.db.sql, "24h", nowMs),
        pack: { ...pack, generatedAt: null },
      };
    };
    const before = await reads();
    expect(before.details.some((d) => d.modelCalls.length > 0)).toBe(true);
    expect(before.events.length).toBeGreaterThan(4);
    await finishedAgo(h.db.sql, id, 2 * HOUR);
    // the dashboard bins by finish time: read it again after moving the finish back, before archiving
    const moved = await reads();
    expect((await archiveAll()).runs).toBeGreaterThanOrEqual(1);
    expect((await rowsOf(h.db.sql, id)).Step).toBe(0);
    const after = await reads();
    expect({ ...after, view: { ...after.view, run: { ...after.view.run, finishedAtMs: null } } }).toEqual({
      ...moved,
      view: { ...moved.view, run: { ...moved.view.run, finishedAtMs: null } },
    });
    expect(after.steps).toEqual(before.steps);
    expect(after.events).toEqual(before.events);
    expect(after.details).toEqual(before.details);
    expect(after.pack).toEqual(moved.pack);
  });

  it("reruns from a step of an archived run as from the same run before archiving", async () => {
    const id = await okRun("Rerunme");
    const first = await rerunFromStep(h.deps, { runId: id, stepKey: "done", version: "original", userId: "u2" });
    expect(await h.waitFor(first.run.id, ["succeeded", "failed"])).toBe("succeeded");
    await finishedAgo(h.db.sql, id, 2 * HOUR);
    await archiveAll();
    expect((await rowsOf(h.db.sql, id)).Step).toBe(0);
    const second = await rerunFromStep(h.deps, { runId: id, stepKey: "done", version: "original", userId: "u2" });
    expect(second.reusedSteps.sort()).toEqual(first.reusedSteps.sort());
    expect(second.reusedSteps).toContain("agent");
    expect(await h.waitFor(second.run.id, ["succeeded", "failed"])).toBe("succeeded");
    const out = async (runId: string) => (await h.store.getRun(runId))!.output;
    expect(await out(second.run.id)).toEqual(await out(first.run.id));
    // the model was not called again: the archived agent step's output was reused
    expect(h.model.callCount).toBe(1);
  });

  it("a restored run has its rows back in the hot tables, unchanged", async () => {
    const id = await okRun("Restoreme");
    const steps = await h.store.getSteps(id);
    const counts = await rowsOf(h.db.sql, id);
    await finishedAgo(h.db.sql, id, 2 * HOUR);
    await archiveAll();
    expect(await h.db.sql.tx((q) => restoreArchivedRun(q, dialect, id))).toBe(true);
    expect(await rowsOf(h.db.sql, id)).toEqual(counts);
    expect(await h.store.getSteps(id)).toEqual(steps);
    expect(await h.db.sql.tx((q) => restoreArchivedRun(q, dialect, id))).toBe(false);
    // and it is archived again by the next batch
    expect((await archiveAll()).runs).toBeGreaterThanOrEqual(1);
  });

  it("a batch that fails half-way loses nothing: every row stays where it was", async () => {
    const id = await okRun("Crashme");
    await finishedAgo(h.db.sql, id, 2 * HOUR);
    const counts = await rowsOf(h.db.sql, id);
    const steps = await h.store.getSteps(id);
    await expect(
      archiveFinishedRunBatch(h.db.sql, {
        cutoffMs: Date.now() - HOUR,
        limit: 1000,
        nowMs: Date.now(),
        beforeMark: () => Promise.reject(new Error("process died here")),
      }),
    ).rejects.toThrow("process died here");
    expect(await rowsOf(h.db.sql, id)).toEqual(counts);
    expect(counts.StepArchive).toBe(0);
    const [run] = await h.db.sql.all<{ archivedAtMs: number | null }>(`SELECT "archivedAtMs" FROM "Run" WHERE "id"=?`, [id]);
    expect(run.archivedAtMs).toBeNull();
    expect(await h.store.getSteps(id)).toEqual(steps);
    // the next batch does it
    await archiveAll();
    expect((await rowsOf(h.db.sql, id)).StepArchive).toBe(counts.Step);
  });

  it("erasure redacts archived rows, and reports the same counts as for hot rows", async () => {
    const hot = await okRun("Hotname", "APP-ERASE-HOT");
    const cold = await okRun("Coldname", "APP-ERASE-COLD");
    await finishedAgo(h.db.sql, cold, 2 * HOUR);
    await archiveAll();
    expect((await rowsOf(h.db.sql, cold)).StepArchive).toBeGreaterThan(0);
    const erase = async (subject: string) => {
      await requestErasure(h.db.sql, { subject, actorId: "admin-1" });
      return (await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w1" }))!.counts;
    };
    const hotCounts = await erase("APP-ERASE-HOT");
    const coldCounts = await erase("APP-ERASE-COLD");
    expect(coldCounts.Step).toBe(hotCounts.Step);
    expect(coldCounts.ModelCall).toBe(hotCounts.ModelCall);
    expect(coldCounts.RunEvent).toBe(hotCounts.RunEvent);
    for (const t of ["StepArchive", "RunEventArchive", "ModelCallArchive"]) {
      const text = JSON.stringify(await h.db.sql.all(`SELECT * FROM "${t}" WHERE "runId"=?`, [cold]));
      expect(text).not.toContain("Coldname");
      expect(text).not.toContain("APP-ERASE-COLD");
    }
    expect(JSON.stringify(await loadRunView(h.db.sql, cold))).not.toContain("Coldname");
    expect((await h.store.getSteps(cold)).map((s) => s.status)).toEqual((await h.store.getSteps(hot)).map((s) => s.status));
  });

  it("the worker's archiver works the backlog in batches on its timer and stops cleanly", async () => {
    const ids = [await okRun("Timer1"), await okRun("Timer2"), await okRun("Timer3")];
    for (const id of ids) await finishedAgo(h.db.sql, id, 2 * HOUR);
    const archiver = new HistoryArchiver({ db: h.db.sql, afterMs: HOUR, intervalMs: 20, batchRuns: 1 });
    archiver.start();
    await expect
      .poll(async () => (await Promise.all(ids.map((id) => rowsOf(h.db.sql, id)))).every((c) => c.Step === 0 && c.StepArchive > 0), {
        timeout: 10_000,
      })
      .toBe(true);
    await archiver.stop();
    expect(await countArchiveBacklog(h.db.sql, Date.now() - HOUR)).toBe(0);
  });

  it("the retention purge deletes archived rows with their run", async () => {
    const id = await okRun("Purgeme");
    await finishedAgo(h.db.sql, id, 2 * HOUR);
    await archiveAll();
    const counts = await rowsOf(h.db.sql, id);
    expect(counts.StepArchive).toBeGreaterThan(0);
    let purged = 0;
    const totals: Record<string, number> = {};
    for (;;) {
      const r = await h.db.sql.tx((q) => purgeExpiredRunBatch(q, dialect, workflowId, Date.now() - HOUR, 100));
      for (const [k, v] of Object.entries(r.counts)) totals[k] = (totals[k] ?? 0) + v;
      purged += r.runs;
      if (!r.runs) break;
    }
    expect(purged).toBeGreaterThan(0);
    expect(await rowsOf(h.db.sql, id)).toEqual({
      Step: 0,
      RunEvent: 0,
      ModelCall: 0,
      StepArchive: 0,
      RunEventArchive: 0,
      ModelCallArchive: 0,
    });
    expect(totals.Step).toBeGreaterThanOrEqual(counts.StepArchive);
    expect(totals).not.toHaveProperty("StepArchive");
    expect(await h.db.sql.all(`SELECT 1 FROM "Run" WHERE "id"=?`, [id])).toEqual([]);
  });
});
