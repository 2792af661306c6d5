// Schedules on both databases: publish registers them, a due fire time starts exactly one run
// (several tickers at once included), catch-up after an outage, overlap policies, pause/resume
// (audited) and delete. Time is moved, never slept: "the clock moves forward by d" is every
// schedule time column moved back by d, so the database clock is past them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { PgDb } from "@/lib/db/sql";
import { cancelRun } from "@/lib/engine/run-service";
import type { ScheduleTrigger } from "@/lib/model/triggers";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";
import { listSchedules, setSchedulePaused } from "@/lib/triggers/schedule-service";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, deleteWorkflow, publishWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

type Sched = Partial<ScheduleTrigger> & { id: string };

describeEachDb("schedules", (dialect) => {
  let db: TestDatabase;
  let store: SqlEngineStore;
  let ticker: ScheduleTicker;
  const userId = randomUUID();
  const actor = { id: userId, authMethod: "session" as const };

  beforeAll(async () => {
    db = await createTestDb(dialect);
    store = new SqlEngineStore(db.sql);
    ticker = new ScheduleTicker({ sql: db.sql, store, log: () => undefined });
    await db.prisma.user.create({ data: { id: userId, name: "Dana Designer", email: `${userId}@example.com`, role: "designer" } });
  });
  afterAll(async () => {
    await db?.drop();
  });

  function graphWith(schedules: Sched[], inputSchema: Record<string, unknown> = { type: "object", properties: {} }) {
    const g = defaultGraph();
    const start = g.nodes[0];
    return {
      ...g,
      nodes: [{ ...start, config: { inputSchema, triggers: schedules.map((s) => ({ kind: "schedule", ...s })) } }, g.nodes[1]],
    };
  }

  async function publishSchedules(schedules: Sched[], opts: { workflowId?: string; inputSchema?: Record<string, unknown> } = {}) {
    const workflowId =
      opts.workflowId ?? (await createWorkflow(db, { name: "Renewals", description: "", graph: defaultGraph() }, userId)).id;
    const rev = await db.sql.all<{ draftRevision: number }>(`SELECT "draftRevision" FROM "Workflow" WHERE "id"=?`, [workflowId]);
    await saveDraft(
      db,
      workflowId,
      { graph: graphWith(schedules, opts.inputSchema), expectedRevision: Number(rev[0].draftRevision) },
      userId,
    );
    const published = await publishWorkflow(db, workflowId, { message: "schedules" }, actor);
    return { workflowId, versionId: published.version.id };
  }

  async function scheduleRow(workflowId: string, triggerId: string) {
    const rows = await db.sql.all(`SELECT * FROM "Schedule" WHERE "workflowId"=? AND "triggerId"=?`, [workflowId, triggerId]);
    return rows[0] as { id: string; anchorMs: number; nextFireAtMs: number | null; paused: unknown } | undefined;
  }

  /** The database clock moves forward by `ms` for this workflow's schedules. */
  async function advance(workflowId: string, ms: number) {
    await db.sql.run(
      `UPDATE "Schedule" SET "anchorMs"="anchorMs"-?, "nextFireAtMs"="nextFireAtMs"-?, "lastFireAtMs"="lastFireAtMs"-?, "queuedFireAtMs"="queuedFireAtMs"-? WHERE "workflowId"=?`,
      [ms, ms, ms, ms, workflowId],
    );
    await db.sql.run(
      `UPDATE "ScheduleFire" SET "fireAtMs"="fireAtMs"-? WHERE "scheduleId" IN (SELECT "id" FROM "Schedule" WHERE "workflowId"=?)`,
      [ms, workflowId],
    );
  }

  /** Move the clock to just after the schedule's next fire time. */
  async function toNextFire(workflowId: string, triggerId: string, extraMs = 1) {
    const s = await scheduleRow(workflowId, triggerId);
    await advance(workflowId, Number(s!.nextFireAtMs) - (await db.sql.now()) + extraMs);
  }

  const runsOf = (workflowId: string) =>
    db.sql.all<{ id: string; trigger: string; input: string; status: string }>(
      `SELECT "id","trigger","input","status" FROM "Run" WHERE "workflowId"=? ORDER BY "createdAt"`,
      [workflowId],
    );
  const firesOf = async (workflowId: string) =>
    (
      await db.sql.all<{ fireAtMs: number; outcome: string; runId: string | null; error: string | null }>(
        `SELECT f."fireAtMs", f."outcome", f."runId", f."error" FROM "ScheduleFire" f JOIN "Schedule" s ON s."id"=f."scheduleId"
         WHERE s."workflowId"=? ORDER BY f."fireAtMs"`,
        [workflowId],
      )
    ).map((f) => ({ ...f, fireAtMs: Number(f.fireAtMs) }));

  it("publish registers each enabled schedule with its first fire time; a bad cron blocks the publish and writes nothing", async () => {
    const before = await db.sql.now();
    const { workflowId } = await publishSchedules([
      { id: "every-minute", cron: "* * * * *" },
      { id: "hourly-iv", intervalSeconds: 3600 },
      { id: "switched-off", intervalSeconds: 60, enabled: false },
    ]);
    const minute = await scheduleRow(workflowId, "every-minute");
    expect(Number(minute!.nextFireAtMs) % 60_000).toBe(0);
    expect(Number(minute!.nextFireAtMs)).toBeGreaterThan(before);
    expect(Number(minute!.nextFireAtMs) - before).toBeLessThanOrEqual(60_000);
    const hourly = await scheduleRow(workflowId, "hourly-iv");
    expect(Number(hourly!.nextFireAtMs) - Number(hourly!.anchorMs)).toBe(3_600_000);
    expect(await scheduleRow(workflowId, "switched-off")).toBeUndefined();

    const versions = async () => (await db.sql.all(`SELECT "id" FROM "WorkflowVersion" WHERE "workflowId"=?`, [workflowId])).length;
    const n = await versions();
    const err = await publishSchedules([{ id: "every-minute", cron: "61 * * * *" }], { workflowId }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "invalid_graph",
      details: { problems: [expect.objectContaining({ path: "config.triggers.0.cron", nodeId: "start" })] },
    });
    expect(await versions()).toBe(n);
    expect(await scheduleRow(workflowId, "hourly-iv")).toBeDefined();
  });

  it("republishing keeps an unchanged schedule's timing, re-times a changed one and removes a deleted one", async () => {
    const { workflowId } = await publishSchedules([
      { id: "keep-timing", intervalSeconds: 600, input: { a: 1 } },
      { id: "change-timing", intervalSeconds: 600 },
      { id: "remove-me-x", intervalSeconds: 600 },
    ]);
    await advance(workflowId, 120_000);
    const kept = await scheduleRow(workflowId, "keep-timing");
    const changed = await scheduleRow(workflowId, "change-timing");
    const { versionId } = await publishSchedules(
      [
        { id: "keep-timing", intervalSeconds: 600, input: { a: 2 } },
        { id: "change-timing", intervalSeconds: 900 },
      ],
      { workflowId },
    );
    const kept2 = await scheduleRow(workflowId, "keep-timing");
    expect([kept2!.anchorMs, kept2!.nextFireAtMs].map(Number)).toEqual([kept!.anchorMs, kept!.nextFireAtMs].map(Number));
    expect((kept2 as unknown as { versionId: string }).versionId).toBe(versionId);
    const changed2 = await scheduleRow(workflowId, "change-timing");
    expect(Number(changed2!.anchorMs)).toBeGreaterThan(Number(changed!.anchorMs));
    expect(Number(changed2!.nextFireAtMs) - Number(changed2!.anchorMs)).toBe(900_000);
    expect(await scheduleRow(workflowId, "remove-me-x")).toBeUndefined();
  });

  it("a due fire time starts exactly one run of the live version with the trigger's input, once, however often it is looked at", async () => {
    const { workflowId, versionId } = await publishSchedules([{ id: "daily-check", intervalSeconds: 86_400, input: { region: "EU" } }]);
    expect(await ticker.fireDue()).toEqual([]);
    expect(await runsOf(workflowId)).toEqual([]);

    await toNextFire(workflowId, "daily-check");
    const fireAt = Number((await scheduleRow(workflowId, "daily-check"))!.nextFireAtMs);
    const [out] = await ticker.fireDue();
    expect(out.started).toHaveLength(1);
    const runs = await runsOf(workflowId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: out.started[0].runId, trigger: "schedule" });
    expect(JSON.parse(runs[0].input)).toEqual({ region: "EU" });
    const run = await store.getRun(runs[0].id);
    expect(run?.versionId).toBe(versionId);
    const audit = await db.sql.all<{ data: string }>(`SELECT "data" FROM "AuditEvent" WHERE "action"='run.started' AND "targetId"=?`, [
      runs[0].id,
    ]);
    expect(JSON.parse(audit[0].data)).toMatchObject({
      trigger: "schedule",
      triggerId: "daily-check",
      fireAt: new Date(fireAt).toISOString(),
    });
    expect(await firesOf(workflowId)).toEqual([{ fireAtMs: fireAt, outcome: "started", runId: runs[0].id, error: null }]);
    expect(Number((await scheduleRow(workflowId, "daily-check"))!.nextFireAtMs)).toBe(fireAt + 86_400_000);

    // a worker with a stale view (the next fire time put back on the fire that already ran) starts nothing
    expect(await ticker.fireDue()).toEqual([]);
    await db.sql.run(`UPDATE "Schedule" SET "nextFireAtMs"=? WHERE "workflowId"=?`, [fireAt, workflowId]);
    const [again] = await ticker.fireDue();
    expect(again).toMatchObject({ started: [], taken: [fireAt] });
    expect(await runsOf(workflowId)).toHaveLength(1);
  });

  it("three tickers on their own connections racing over 40 due fire times start each exactly once, however slow the race", async () => {
    // Hourly, so that the 40 due fire times are the only ones: with a 5-second interval a loaded
    // machine (load ~24) took longer than one interval over the race, and the 41st fire time then
    // became due and started (correctly, once), which read as 41 starts for 40 fire times.
    const HOUR = 3_600_000;
    const { workflowId } = await publishSchedules([
      { id: "race-hourly", intervalSeconds: HOUR / 1000, overlap: "allow", catchUp: "all", catchUpMax: 40 },
    ]);
    // 40 fire times became due while no worker ran (an outage of 39 hours)
    await toNextFire(workflowId, "race-hourly", 39 * HOUR + 1);
    const others: { sql: typeof db.sql; close(): Promise<void> }[] =
      dialect === "postgresql"
        ? [0, 1].map(() => {
            const pg = new PgDb(db.url, { max: 3 });
            return { sql: pg, close: () => pg.close() };
          })
        : [0, 1].map(() => ({ sql: db.sql, close: async () => undefined }));
    const tickers = [
      ticker,
      ...others.map((o) => new ScheduleTicker({ sql: o.sql, store: new SqlEngineStore(o.sql), log: () => undefined })),
    ];
    // a loaded machine: seconds pass before the tickers look (with a 5-second interval a 41st fire was due here)
    await advance(workflowId, 6_000);
    const first = Number((await scheduleRow(workflowId, "race-hourly"))!.nextFireAtMs);
    const due = Array.from({ length: 40 }, (_, i) => first + i * HOUR);
    try {
      const results = await Promise.all(tickers.map((t) => t.fireDue()));
      const started = results.flat().flatMap((o) => o.started);
      expect(started.map((s) => s.fireAtMs).sort((a, b) => a - b)).toEqual(due);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
    const fires = await firesOf(workflowId);
    expect(fires.map((f) => f.fireAtMs)).toEqual(due);
    expect(fires.every((f) => f.outcome === "started" && f.runId)).toBe(true);
    const runs = await runsOf(workflowId);
    expect(new Set(fires.map((f) => f.runId))).toEqual(new Set(runs.map((r) => r.id)));
    expect(runs).toHaveLength(40);
    expect(Number((await scheduleRow(workflowId, "race-hourly"))!.nextFireAtMs)).toBe(due[39] + HOUR);
  });

  describe("catch-up after an outage (ten five-minute fires missed)", () => {
    it.each([
      ["skip", 10, 0],
      ["last", 10, 1],
      ["all", 4, 4],
    ] as const)(
      "catchUp %s (catchUpMax %i) starts %i runs, the newest fire times, and the next fire time is after now",
      async (catchUp, max, n) => {
        const { workflowId } = await publishSchedules([
          { id: `outage-${catchUp}`, intervalSeconds: 300, overlap: "allow", catchUp, catchUpMax: max },
        ]);
        // the worker came back 2 minutes after the tenth missed fire: none is on time
        await toNextFire(workflowId, `outage-${catchUp}`, 9 * 300_000 + 120_000);
        const first = Number((await scheduleRow(workflowId, `outage-${catchUp}`))!.nextFireAtMs);
        const [out] = await ticker.fireDue();
        expect(out.started.map((s) => s.fireAtMs)).toEqual(Array.from({ length: n }, (_, i) => first + (10 - n + i) * 300_000));
        expect(await runsOf(workflowId)).toHaveLength(n);
        const next = Number((await scheduleRow(workflowId, `outage-${catchUp}`))!.nextFireAtMs);
        expect(next).toBe(first + 10 * 300_000);
        expect(next).toBeGreaterThan(await db.sql.now());
      },
    );
  });

  describe("overlap while the last run is still active (no worker runs them here)", () => {
    it("skip records the fire as skipped and starts nothing", async () => {
      const { workflowId } = await publishSchedules([{ id: "overlap-skip", intervalSeconds: 60, overlap: "skip" }]);
      await toNextFire(workflowId, "overlap-skip");
      await ticker.fireDue();
      await toNextFire(workflowId, "overlap-skip");
      await ticker.fireDue();
      expect((await runsOf(workflowId)).map((r) => r.status)).toEqual(["queued"]);
      expect((await firesOf(workflowId)).map((f) => f.outcome)).toEqual(["started", "skipped_overlap"]);
    });

    it("allow starts a second run", async () => {
      const { workflowId } = await publishSchedules([{ id: "overlap-allow", intervalSeconds: 60, overlap: "allow" }]);
      for (let i = 0; i < 2; i++) {
        await toNextFire(workflowId, "overlap-allow");
        await ticker.fireDue();
      }
      expect(await runsOf(workflowId)).toHaveLength(2);
    });

    it("queue_one keeps one fire waiting, skips the next, and starts the waiting fire once the active run ends", async () => {
      const { workflowId } = await publishSchedules([{ id: "overlap-queue", intervalSeconds: 60, overlap: "queue_one" }]);
      const fireTimes: number[] = [];
      for (let i = 0; i < 3; i++) {
        await toNextFire(workflowId, "overlap-queue");
        fireTimes.push(Number((await scheduleRow(workflowId, "overlap-queue"))!.nextFireAtMs));
        await ticker.fireDue();
      }
      expect((await firesOf(workflowId)).map((f) => f.outcome)).toEqual(["started", "queued", "skipped_overlap"]);
      expect(await runsOf(workflowId)).toHaveLength(1);
      expect(await ticker.fireDue()).toEqual([]); // the first run is still active

      const [first] = await runsOf(workflowId);
      await cancelRun({ store }, { runId: first.id, userId });
      const [out] = await ticker.fireDue();
      expect(out.started).toEqual([{ runId: expect.any(String), fireAtMs: expect.any(Number) }]);
      const fires = await firesOf(workflowId);
      expect(fires.find((f) => f.runId === out.started[0].runId)?.outcome).toBe("started");
      expect(fires.map((f) => f.outcome)).toEqual(["started", "started", "skipped_overlap"]);
      expect(await runsOf(workflowId)).toHaveLength(2);
      expect(await ticker.fireDue()).toEqual([]);
    });
  });

  it("a fire whose run cannot start (input against the schema) is recorded as failed and the schedule moves on", async () => {
    const { workflowId } = await publishSchedules([{ id: "bad-input", intervalSeconds: 60, input: {} }], {
      inputSchema: { type: "object", properties: { region: { type: "string" } }, required: ["region"] },
    });
    await toNextFire(workflowId, "bad-input");
    const [out] = await ticker.fireDue();
    expect(out.failed).toEqual([{ fireAtMs: expect.any(Number), error: expect.stringMatching(/Invalid run input/) }]);
    expect(await runsOf(workflowId)).toEqual([]);
    expect((await firesOf(workflowId))[0]).toMatchObject({ outcome: "failed", runId: null });
    expect(Number((await scheduleRow(workflowId, "bad-input"))!.nextFireAtMs)).toBeGreaterThan(await db.sql.now());
  });

  it("pause stops the fires and resume counts from now, each audited with the change; delete removes the schedules", async () => {
    const { workflowId } = await publishSchedules([{ id: "pausable-1", intervalSeconds: 60 }]);
    const paused = await setSchedulePaused(db.sql, { workflowId, triggerId: "pausable-1", paused: true }, actor);
    expect(paused).toMatchObject({ paused: true, nextFireTimes: [] });
    await advance(workflowId, 10 * 60_000);
    expect(await ticker.fireDue()).toEqual([]);
    expect(await runsOf(workflowId)).toEqual([]);

    const now = await db.sql.now();
    const resumed = await setSchedulePaused(db.sql, { workflowId, triggerId: "pausable-1", paused: false }, actor);
    expect(resumed.nextFireTimes).toHaveLength(5);
    expect(Date.parse(resumed.nextFireTimes[0])).toBeGreaterThan(now);
    expect(await ticker.fireDue()).toEqual([]); // the fires during the pause are not caught up
    const audit = await db.sql.all<{ action: string; actorId: string; data: string }>(
      `SELECT "action","actorId","data" FROM "AuditEvent" WHERE "targetId"=? AND "action" LIKE 'schedule.%' ORDER BY "id"`,
      [workflowId],
    );
    expect(audit.map((a) => [a.action, a.actorId, JSON.parse(a.data).triggerId])).toEqual([
      ["schedule.paused", userId, "pausable-1"],
      ["schedule.resumed", userId, "pausable-1"],
    ]);
    const listed = await listSchedules(db.sql, workflowId);
    expect(listed).toMatchObject([{ triggerId: "pausable-1", paused: false, nextFireTimes: resumed.nextFireTimes }]);
    await expect(setSchedulePaused(db.sql, { workflowId, triggerId: "no-such-trigger", paused: true }, actor)).rejects.toMatchObject({
      code: "not_found",
    });

    await deleteWorkflow(db, workflowId, actor);
    expect(await scheduleRow(workflowId, "pausable-1")).toBeUndefined();
  });
});
