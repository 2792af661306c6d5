// The SSE hub and stream against real databases and the real engine: live delivery of step
// transitions, resume from a last event id with nothing lost or repeated, one shared tail for many
// clients, late (out-of-order) commits, coalesced list/inbox notices, and replay overflow.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { EventHub } from "@/lib/monitoring/event-hub";
import { eventStream } from "@/lib/monitoring/sse-stream";
import type { RunEventMessage, RunsChangedMessage, InboxChangedMessage, ReadyMessage } from "@/lib/monitoring/sse-messages";
import { parseTopic, type Topic } from "@/lib/monitoring/topics";
import { SseReader } from "./helpers/sse-reader";
import { toPgPlaceholders, type PgDb } from "@/lib/db/sql";
import { useEngine } from "@/tests/engine/helpers/fixture";

const approvalFlow = () =>
  graph()
    .start()
    .node({
      id: "ap",
      kind: "approval",
      config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input" },
    })
    .transform("after", "{ 'done': true }")
    .end("end", "$.steps.after.output")
    .edge("start", "ap")
    .edge("ap", "after", "approved")
    .edge("after", "end")
    .build();

describeEachDb("monitoring SSE", (dialect) => {
  const { h } = useEngine(dialect);
  let hub: EventHub;
  let versionId: string;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    hub = new EventHub(
      { sql: h.db.sql, dialect, subscribe: (fn) => h.notifier.subscribe(fn), listen: (fn) => h.store.listen(fn) },
      { tickMs: 10, minGapMs: 100, log: () => undefined },
    );
    ({ versionId } = await publish(h.db.sql, approvalFlow()));
  });
  afterAll(async () => {
    for (const r of readers) await r.cancel();
    await hub?.stop();
  });

  const topics = (...raw: string[]): Topic[] => raw.map((r) => parseTopic(r)!);
  function open(t: Topic[], lastEventId: number | null = null, extra: { backfillLimit?: number } = {}): SseReader {
    const r = new SseReader(eventStream({ hub, sql: h.db.sql, topics: t, lastEventId, heartbeatMs: 60_000, ...extra }));
    readers.push(r);
    return r;
  }
  const runEvents = (r: SseReader) => r.byEvent("run-event").map((f) => f.data as RunEventMessage);

  async function parkedRun(): Promise<{ runId: string; taskId: string }> {
    const run = await startRun(h.deps, { versionId, input: { amount: 5 }, initiatorId: "alice" });
    await h.waitFor(run.id, ["waiting"]);
    const [task] = await h.store.getTasks(run.id);
    return { runId: run.id, taskId: task.id };
  }
  const approve = (taskId: string) => decideTask(h.deps, { taskId, userId: "rui", userRoles: ["reviewer"], decision: "approve" });

  it("delivers a run's step transitions live, in id order, and ends with run.succeeded", async () => {
    const { runId, taskId } = await parkedRun();
    const r = open(topics(`run:${runId}`));
    await r.waitFor((f) => f.some((x) => x.event === "ready"));
    await approve(taskId);
    await r.waitFor(() => runEvents(r).some((e) => e.type === "run.succeeded"));
    const evs = runEvents(r);
    expect(evs.map((e) => `${e.type}${e.stepKey ? `:${e.stepKey}` : ""}`)).toEqual([
      "task.decided:ap",
      "step.succeeded:ap",
      "step.succeeded:after",
      "step.succeeded:end",
      "run.succeeded",
    ]);
    expect(evs.every((e) => e.runId === runId)).toBe(true);
    const ids = evs.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    // the last frame's id is a resume cursor covering everything received
    expect(r.lastId()).toBeGreaterThanOrEqual(ids[ids.length - 1]);
  });

  it("resumes from a last event id: the missed events are replayed once, nothing earlier is repeated", async () => {
    const { runId, taskId } = await parkedRun();
    const first = open(topics(`run:${runId}`), 0);
    const ready1 = (await first.waitFor((f) => f.some((x) => x.event === "ready"))).find((x) => x.event === "ready")!;
    const before = runEvents(first);
    expect(before.map((e) => e.type)).toEqual(["run.started", "step.succeeded", "step.waiting", "task.created", "run.waiting"]);
    expect((ready1.data as ReadyMessage).backfilled).toBe(5);
    // the cursor is held back while any lower id may still commit (PostgreSQL); it covers what the
    // client received once the shared tail has passed it
    await first.waitFor(() => (first.lastId() ?? 0) >= before[before.length - 1].id);
    const cursor = first.lastId()!;
    await first.cancel(); // the client goes away...

    await approve(taskId); // ...while the run moves on
    await h.waitFor(runId, ["succeeded"]);

    const second = open(topics(`run:${runId}`), cursor);
    await second.waitFor(() => runEvents(second).some((e) => e.type === "run.succeeded"));
    const replay = runEvents(second);
    expect(replay.map((e) => e.type)).toEqual(["task.decided", "step.succeeded", "step.succeeded", "step.succeeded", "run.succeeded"]);
    expect(replay.every((e) => e.id > before[before.length - 1].id)).toBe(true);
    expect(new Set(replay.map((e) => e.id)).size).toBe(replay.length);
    // once the shared tail has passed them, the client's cursor covers everything it got...
    await second.waitFor(() => (second.lastId() ?? 0) >= replay[replay.length - 1].id);
    // ...so reconnecting from it replays nothing
    const third = open(topics(`run:${runId}`), second.lastId()!);
    const ready3 = (await third.waitFor((f) => f.some((x) => x.event === "ready"))).find((x) => x.event === "ready")!;
    expect((ready3.data as ReadyMessage).backfilled).toBe(0);
    expect(runEvents(third)).toEqual([]);
  });

  it("serves many clients from one tail (reads do not grow with the number of clients)", async () => {
    const { runId } = await parkedRun();
    const many = Array.from({ length: 25 }, () => open(topics(`run:${runId}`, "runs")));
    await Promise.all(many.map((r) => r.waitFor((f) => f.some((x) => x.event === "ready"))));
    const reads0 = hub.reads;
    const t0 = Date.now();
    await new Promise((res) => setTimeout(res, 300));
    const ticks = (Date.now() - t0) / 10;
    // one read per tick at most (plus a little slack), not one per client per tick
    expect(hub.reads - reads0).toBeLessThanOrEqual(ticks * 1.5 + 5);
    expect(hub.subscriberCount).toBeGreaterThanOrEqual(25);
    for (const r of many) await r.cancel();
  });

  it("coalesces list notices per batch and sends inbox notices with task ids", async () => {
    const list = open(topics("runs"));
    const inbox = open(topics("inbox"));
    await list.waitFor((f) => f.some((x) => x.event === "ready"));
    await inbox.waitFor((f) => f.some((x) => x.event === "ready"));
    const { runId, taskId } = await parkedRun();
    await list.waitFor(() => list.byEvent("runs").some((f) => (f.data as RunsChangedMessage).types.includes("run.waiting")));
    await inbox.waitFor(() => inbox.byEvent("inbox").some((f) => (f.data as InboxChangedMessage).changes.some((c) => c.taskId === taskId)));
    const notices = list.byEvent("runs").map((f) => f.data as RunsChangedMessage);
    expect(notices.flatMap((n) => n.runIds)).toContain(runId);
    expect(list.byEvent("run-event")).toEqual([]); // the list topic never streams raw events
    const change = inbox
      .byEvent("inbox")
      .flatMap((f) => (f.data as InboxChangedMessage).changes)
      .find((c) => c.taskId === taskId)!;
    expect(change).toMatchObject({ type: "task.created", runId, stepKey: "ap" });
  });

  it("delivers an event whose id committed late, and the cursor waits for it", async () => {
    const { runId } = await parkedRun();
    // A patient hub of its own: the shared hub gives a hole up after gapGraceMs (10 s) in any case, and on a
    // starved machine the open transaction below can outlast that; this test is about the late delivery.
    const patient = new EventHub(
      { sql: h.db.sql, dialect },
      { tickMs: 10, minGapMs: dialect === "postgresql" ? 100 : 60_000, gapGraceMs: 600_000, log: () => undefined },
    );
    const r = new SseReader(eventStream({ hub: patient, sql: h.db.sql, topics: topics(`run:${runId}`), lastEventId: null }));
    readers.push(r);
    try {
      await r.waitFor((f) => f.some((x) => x.event === "ready"));
      if (dialect === "postgresql") {
        // a real concurrent transaction: it takes its id first and commits last
        const insertSql = `INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,NULL,'{}',?) RETURNING "id"`;
        const slow = await (h.db.sql as PgDb).pool.connect();
        try {
          await slow.query("BEGIN");
          const first = await slow.query(toPgPlaceholders(insertSql), [runId, "test.first", Date.now()]);
          const firstId = Number(first.rows[0].id);
          const [second] = await h.db.sql.all<{ id: number }>(insertSql, [runId, "test.second", Date.now()]);
          // each wait is shorter than the test's own timeout, so a stall names its stage and the frames seen
          await r.waitFor(() => runEvents(r).some((e) => e.type === "test.second"), 8_000);
          await new Promise((res) => setTimeout(res, 200)); // past minGapMs: only the open transaction holds the hole
          expect(patient.cursor).toBe(firstId - 1);
          await slow.query("COMMIT");
          await r.waitFor(() => runEvents(r).some((e) => e.type === "test.first"), 8_000);
          await r.waitFor(() => (r.lastId() ?? 0) >= Number(second.id), 8_000);
        } finally {
          slow.release();
        }
      } else {
        // SQLite serialises writers, so simulate the hole with explicit ids (the hub's minGapMs keeps it open)
        const base = patient.cursor;
        const insert = (id: number, type: string) =>
          h.db.sql.run(`INSERT INTO "RunEvent" ("id","runId","type","stepKey","data","atMs") VALUES (?,?,?,NULL,'{}',?)`, [
            id,
            runId,
            type,
            Date.now(),
          ]);
        await insert(base + 2, "test.second");
        await r.waitFor(() => runEvents(r).some((e) => e.type === "test.second"));
        expect(patient.cursor).toBe(base);
        await insert(base + 1, "test.first");
        await r.waitFor(() => runEvents(r).some((e) => e.type === "test.first"));
        await r.waitFor(() => r.lastId() === base + 2);
      }
    } finally {
      await r.cancel();
      await patient.stop();
    }
  });

  it("a rolled-back id does not hold the cursor back", async () => {
    const { runId } = await parkedRun();
    const r = open(topics(`run:${runId}`));
    await r.waitFor((f) => f.some((x) => x.event === "ready"));
    const insertSql = `INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,NULL,'{}',?) RETURNING "id"`;
    await h.db.sql
      .tx(async (q) => {
        await q.all(insertSql, [runId, "test.rolled_back", Date.now()]);
        throw new Error("rollback");
      })
      .catch(() => undefined);
    const [after] = await h.db.sql.all<{ id: number }>(insertSql, [runId, "test.after", Date.now()]);
    await r.waitFor(() => runEvents(r).some((e) => e.type === "test.after"));
    await r.waitFor(() => (r.lastId() ?? 0) >= Number(after.id), 3000);
    expect(runEvents(r).some((e) => e.type === "test.rolled_back")).toBe(false);
  });

  it("asks the client to reload when more was missed than can be replayed", async () => {
    const { runId } = await parkedRun();
    // let the shared tail pass the run's events first (on PostgreSQL it holds back behind ids that
    // may still commit); otherwise they also arrive live after the reset, which is correct but not
    // what this test is about
    const [{ last }] = await h.db.sql.all<{ last: number }>(`SELECT MAX("id") AS "last" FROM "RunEvent" WHERE "runId"=?`, [runId]);
    for (let i = 0; i < 600 && hub.cursor < Number(last); i++) await new Promise((res) => setTimeout(res, 50));
    expect(hub.cursor).toBeGreaterThanOrEqual(Number(last));
    const r = open(topics(`run:${runId}`), 0, { backfillLimit: 2 });
    const frames = await r.waitFor((f) => f.some((x) => x.event === "ready"));
    expect(frames.map((f) => f.event)).toEqual(["reset", "ready"]);
    expect(runEvents(r)).toEqual([]);
  });
});
