// Retention: preview, background purge in batches while runs are active, legal holds on a workflow
// and a run, the audit log's own retention (a prefix, so the rest still verifies), and memory expiry.
import { expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { addTaskComment } from "@/lib/inbox/task-comments";
import { testSnapshot, upsertPin } from "@/lib/db/pin-store";
import { DATA_INVENTORY } from "@/lib/governance/data-inventory";
import {
  DAY_MS,
  previewRetention,
  purgeExpired,
  setRetentionSettings,
  setRunHold,
  setWorkflowRetention,
  getRetentionSettings,
  DEFAULT_AUDIT_RETENTION_DAYS,
} from "@/lib/governance/retention";
import { GovernanceSweeper } from "@/lib/governance/governance-sweeper";
import { chainStartForTest, dumpTables, tablesContaining, withTx } from "./helpers";
import type { Param, Row, SqlDb, SqlQuery } from "@/lib/db/sql";
import { GENESIS_HASH, allowAuditMaintenance, chainStart, verifyChain } from "@/lib/db/audit-store";

describeEachDb("retention", (dialect) => {
  const { h } = useEngine(dialect);

  const approvalGraph = () =>
    graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input" },
      })
      .end("end", "$.steps.ap.output")
      .edge("start", "ap")
      .edge("ap", "end", "approved")
      .build();
  const quickGraph = () => graph().start().transform("t", "$.input").end("end", "$.steps.t.output").chain("start", "t", "end").build();

  async function finishedRuns(versionId: string, n: number, ageDays: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await startRun(h.deps, { versionId, input: { i }, initiatorId: null });
      await h.waitFor(r.id, ["succeeded"]);
      ids.push(r.id);
    }
    await h.db.sql.run(`UPDATE "Run" SET "finishedAtMs"=? WHERE "id" IN (${ids.map(() => "?").join(",")})`, [
      Date.now() - ageDays * DAY_MS,
      ...ids,
    ]);
    return ids;
  }

  const count = async (sql: string, params: (string | number)[] = []) => Number((await h.db.sql.all<{ n: number }>(sql, params))[0].n);

  it("previews, then purges expired runs in batches with everything under them; holds and active runs stay", async () => {
    expect(await getRetentionSettings(h.db.sql)).toEqual({ runRetentionDays: null, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS });
    const a = await publish(h.db.sql, quickGraph());
    const b = await publish(h.db.sql, quickGraph());
    const held = await publish(h.db.sql, quickGraph());
    const old = await finishedRuns(a.versionId, 5, 40);
    const recent = await finishedRuns(a.versionId, 2, 5);
    const bOld = await finishedRuns(b.versionId, 3, 40);
    const heldWf = await finishedRuns(held.versionId, 2, 400);
    const ap = await publish(h.db.sql, approvalGraph(), a.workflowId);
    const active = await startRun(h.deps, { versionId: ap.versionId, input: { x: 1 }, initiatorId: null });
    await h.waitFor(active.id, ["waiting"]);

    // nothing expires while no retention is set
    expect((await previewRetention(h.db.sql)).runs).toBe(0);
    await setRetentionSettings(h.db.sql, { runRetentionDays: 30, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS }, "admin-1");
    await setWorkflowRetention(h.db.sql, b.workflowId, { runRetentionDays: 60 }, "admin-1");
    await setWorkflowRetention(h.db.sql, held.workflowId, { legalHold: true }, "admin-1");
    await setRunHold(h.db.sql, old[0], true, "admin-1");

    const preview = await previewRetention(h.db.sql);
    expect(preview.runs).toBe(4);
    expect(preview.workflows.find((w) => w.workflowId === a.workflowId)).toMatchObject({ effectiveDays: 30, wouldDelete: 4 });
    expect(preview.workflows.find((w) => w.workflowId === b.workflowId)).toMatchObject({ effectiveDays: 60, wouldDelete: 0 });
    expect(preview.workflows.find((w) => w.workflowId === held.workflowId)).toMatchObject({ legalHold: true, wouldDelete: 0 });

    const r = await purgeExpired({ db: h.db.sql, batchRuns: 2 });
    expect(r.runs).toBe(4);
    expect(r.counts.Step).toBe(12);
    const left = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run"`);
    const leftIds = new Set(left.map((x) => x.id));
    for (const id of old.slice(1)) expect(leftIds.has(id)).toBe(false);
    for (const id of [old[0], ...recent, ...bOld, ...heldWf, active.id]) expect(leftIds.has(id)).toBe(true);
    const gone = old.slice(1);
    const inGone = gone.map(() => "?").join(",");
    expect(await count(`SELECT COUNT(*) AS "n" FROM "Step" WHERE "runId" IN (${inGone})`, gone)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS "n" FROM "RunEvent" WHERE "runId" IN (${inGone})`, gone)).toBe(0);
    // the held run keeps its rows; the active run still finishes
    expect(await count(`SELECT COUNT(*) AS "n" FROM "Step" WHERE "runId"=?`, [old[0]])).toBe(3);
    expect((await previewRetention(h.db.sql)).runs).toBe(0);
    const audit = await h.db.sql.all<{ action: string }>(
      `SELECT "action" FROM "AuditEvent" WHERE "action" LIKE 'retention.%' ORDER BY "id"`,
    );
    expect(audit.map((x) => x.action)).toEqual([
      "retention.settings_changed",
      "retention.workflow_changed",
      "retention.legal_hold_set",
      "retention.legal_hold_set",
      "retention.purged",
    ]);
  });

  /** The tables the inventory says go with their run. */
  const WITH_RUN = Object.entries(DATA_INVENTORY)
    .filter(([, r]) => r.retention === "with-run")
    .filter(([, r]) => !("archiveOf" in r))
    .map(([t]) => t)
    .sort();

  /**
   * A decided approval run with a row in every run-scoped table: its task's comment, notification and
   * chat message, an MCP call marker, a schedule fire, an event delivery, an idempotency key, an output
   * pinned from it, and the test snapshot it ran. Returns the ids its rows carry.
   */
  async function runWithSideRows(workflowId: string, versionId: string, n: number): Promise<{ runId: string; markers: string[] }> {
    const q = h.db.sql;
    const run = await startRun(h.deps, { versionId, input: { n }, initiatorId: null });
    await h.waitFor(run.id, ["waiting"]);
    const [task] = await h.store.getTasks(run.id);
    await addTaskComment(q, task.id, { userId: "rev-1", name: "Rev" }, `comment ${n}`);
    await decideTask(h.deps, { taskId: task.id, userId: "rev-1", userRoles: ["reviewer"], decision: "approve", comment: "ok" });
    await h.waitFor(run.id, ["succeeded"]);
    const now = Date.now();
    await q.run(`INSERT INTO "Notification" ("id","userId","type","title","taskId","atMs") VALUES (?,?,?,?,?,?)`, [
      randomUUID(),
      "rev-1",
      "task.new",
      "Review",
      task.id,
      now,
    ]);
    await q.run(`INSERT INTO "ChatMessage" ("id","taskId","channel","target","state","createdAtMs","updatedAtMs") VALUES (?,?,?,?,?,?,?)`, [
      randomUUID(),
      task.id,
      "teams",
      "webhook",
      "posted",
      now,
      now,
    ]);
    await q.run(
      `INSERT INTO "ModelCall" ("id","runId","stepKey","seq","providerId","model","request","inputTokens","outputTokens","costUsd","latencyMs","atMs")
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      [randomUUID(), run.id, "ap", 1, null, "decision:ok", "{}", 0, 0, 0, 0, now],
    );
    await q.run(`INSERT INTO "McpCallStart" ("runId","stepKey","seq","atMs") VALUES (?,?,?,?)`, [run.id, "ap", 1, now]);
    await q.run(`INSERT INTO "ScheduleFire" ("id","scheduleId","fireAtMs","outcome","runId","createdAtMs") VALUES (?,?,?,?,?,?)`, [
      randomUUID(),
      "sched-1",
      now + n,
      "started",
      run.id,
      now,
    ]);
    await q.run(`INSERT INTO "EventDelivery" ("eventId","runId","stepKey","atMs") VALUES (?,?,?,?)`, [randomUUID(), run.id, "ap", now]);
    await q.run(
      `INSERT INTO "IdempotencyKey" ("scope","key","requestHash","runId","response","createdAtMs","expiresAtMs") VALUES (?,?,?,?,?,?,?)`,
      ["user:admin-1", `k-${run.id}`, "h", run.id, "{}", now, now + DAY_MS],
    );
    await upsertPin(q, workflowId, {
      nodeId: `ap-${n}`,
      output: { n },
      handle: "approved",
      sourceRunId: run.id,
      sourceStepKey: "ap",
      pinnedById: "designer-1",
      pinnedAtMs: now,
    });
    const graphRow = await q.all<{ graph: string }>(`SELECT "graph" FROM "WorkflowVersion" WHERE "id"=?`, [versionId]);
    const snapshot = await testSnapshot(q, {
      newId: randomUUID,
      workflowId,
      graph: String(graphRow[0].graph),
      pins: JSON.stringify({ ap: { output: { n }, handle: "approved" } }),
      schemaVersion: 1,
      authorId: "designer-1",
      atMs: now,
    });
    // an evaluation row of it (as if it were a test run an evaluation started)
    await q.run(
      `INSERT INTO "EvaluationRow" ("evaluationId","position","target","status","runId","output","scores","pass","costUsd","latencyMs")
       VALUES (?,?,?,?,?,?,?,?,?,?)`,
      [`eval-${n}`, 1, "a", "done", run.id, JSON.stringify({ n }), "[]", 1, 0.01, 100],
    );
    await q.run(`UPDATE "Run" SET "versionId"=?, "finishedAtMs"=? WHERE "id"=?`, [snapshot.id, now - 40 * DAY_MS, run.id]);
    return { runId: run.id, markers: [run.id, task.id, snapshot.id] };
  }

  it("deletes a run's rows in every run-scoped table of the data inventory with it; a held run keeps all of its own", async () => {
    const wf = await publish(h.db.sql, approvalGraph());
    const held = await runWithSideRows(wf.workflowId, wf.versionId, 1);
    const gone = await runWithSideRows(wf.workflowId, wf.versionId, 2);
    await setRunHold(h.db.sql, held.runId, true, "admin-1");
    await setWorkflowRetention(h.db.sql, wf.workflowId, { runRetentionDays: 30 }, "admin-1");
    const missing = (d: Record<string, string>, markers: string[]) =>
      WITH_RUN.filter((t) => !tablesContaining({ [t]: d[t] }, markers).length);
    const before = await dumpTables(h.db.sql);
    // the seed reaches every run-scoped table (a table added to the inventory must be seeded above)
    expect(missing(before, gone.markers)).toEqual([]);
    expect(missing(before, held.markers)).toEqual([]);

    const r = await purgeExpired({ db: h.db.sql });
    expect(r.runs).toBe(1);
    expect(r.counts).toMatchObject({
      ChatMessage: 1,
      McpCallStart: 1,
      ScheduleFire: 1,
      WorkflowPin: 1,
      WorkflowVersion: 1,
      EvaluationRow: 1,
    });
    const after = await dumpTables(h.db.sql);
    expect(WITH_RUN.filter((t) => tablesContaining({ [t]: after[t] }, gone.markers).length)).toEqual([]);
    expect(missing(after, held.markers)).toEqual([]);
    // the purged run's evaluation row keeps only structure; the held run's keeps its copy
    expect(
      await h.db.sql.all(`SELECT "evaluationId","runId","output","scores","pass" FROM "EvaluationRow" ORDER BY "evaluationId"`),
    ).toEqual([
      { evaluationId: "eval-1", runId: held.runId, output: '{"n":1}', scores: "[]", pass: 1 },
      { evaluationId: "eval-2", runId: null, output: null, scores: null, pass: 1 },
    ]);
    // the published version stays
    expect(await count(`SELECT COUNT(*) AS "n" FROM "WorkflowVersion" WHERE "id"=?`, [wf.versionId])).toBe(1);
  });

  it("waits after each batch in proportion to its statements' time: 9x, capped at 200 ms on PostgreSQL only", async () => {
    const wf = await publish(h.db.sql, quickGraph());
    await finishedRuns(wf.versionId, 5, 40);
    await setRetentionSettings(h.db.sql, { runRetentionDays: 30, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS }, "admin-1");
    // a fake clock: a statement of the k-th transaction costs 0.5 ms (k even) or 20 ms (k odd); the wait for
    // the transaction and the time around its statements (a CPU-starved event loop) cost 1,000 ms each and must not count
    const cost = (k: number) => (k % 2 ? 20 : 0.5);
    let t = 0;
    const statements: number[] = [];
    const real = h.db.sql;
    const charged = (k: number, q: SqlQuery): SqlQuery => ({
      all: <T = Row>(sql: string, params?: Param[]) => {
        statements[k]++;
        t += cost(k);
        return q.all<T>(sql, params);
      },
      run: (sql, params) => {
        statements[k]++;
        t += cost(k);
        return q.run(sql, params);
      },
    });
    const db = withTx(real, (fn) => {
      const k = statements.push(0) - 1;
      t += 1000;
      return real.tx(async (q) => {
        t += 1000;
        const out = await fn(charged(k, q));
        t += 1000;
        return out;
      });
    });
    const sleeps: { ms: number; busy: number }[] = [];
    const sleep = async (ms: number) => {
      const k = statements.length - 1;
      sleeps.push({ ms, busy: cost(k) * statements[k] });
    };
    // fixed batches of two (no time budget): the fake statement times would shrink them to one run
    const r = await purgeExpired({ db, batchRuns: 2, holdBudgetMs: Number.POSITIVE_INFINITY, clock: () => t, sleep });
    expect(r.runs).toBe(5);
    // only the three batches that deleted runs (2, 2, 1) wait; empty batches end their loops
    expect(sleeps).toHaveLength(3);
    for (const s of sleeps) expect(s.ms).toBe(dialect === "sqlite" ? 9 * s.busy : Math.min(200, 9 * s.busy));
    // consecutive batches alternate cheap and dear statements: both sides of the PostgreSQL cap are seen
    // (the dear batch on SQLite waits past 200 ms: no cap there)
    const capped = sleeps.map((s) => s.ms >= 200 && s.ms < 9 * s.busy);
    expect(new Set(capped)).toEqual(new Set(dialect === "sqlite" ? [false] : [true, false]));
    if (dialect === "sqlite") expect(Math.max(...sleeps.map((s) => s.ms))).toBeGreaterThan(200);
  });

  /** The database, recording how many Run rows each transaction deleted and charging each statement 1 ms on `clock`. */
  function batchRecorder(): { db: SqlDb; perTx: number[]; clock: () => number } {
    const real = h.db.sql;
    const perTx: number[] = [];
    let t = 0;
    const db = withTx(real, (fn) =>
      real.tx((q) => {
        const k = perTx.push(0) - 1;
        return fn({
          all: <T = Row>(sql: string, params?: Param[]) => {
            t += 1;
            return q.all<T>(sql, params);
          },
          run: async (sql, params) => {
            t += 1;
            const n = await q.run(sql, params);
            if (sql.startsWith(`DELETE FROM "Run" `)) perTx[k] += n;
            return n;
          },
        });
      }),
    );
    return { db, perTx, clock: () => t };
  }

  it("never deletes more runs in a batch than its bound, and goes on past the oldest trees kept for a held sub-run", async () => {
    const wf = await publish(h.db.sql, quickGraph());
    const runs = await finishedRuns(wf.versionId, 7, 40);
    // two trees, the oldest expired runs, each with a held sub-run: the first batch of two finds only them
    for (const [parent, child] of [
      [runs[0], runs[1]],
      [runs[2], runs[3]],
    ]) {
      await h.db.sql.run(`UPDATE "Run" SET "parentRunId"=?, "depth"=1 WHERE "id"=?`, [parent, child]);
      await h.db.sql.run(`UPDATE "Run" SET "finishedAtMs"=? WHERE "id" IN (?,?)`, [Date.now() - 50 * DAY_MS, parent, child]);
      await setRunHold(h.db.sql, child, true, "admin-1");
    }
    await setRetentionSettings(h.db.sql, { runRetentionDays: 30, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS }, "admin-1");
    const fixed = batchRecorder();
    const r = await purgeExpired({ db: fixed.db, batchRuns: 2, holdBudgetMs: Number.POSITIVE_INFINITY });
    expect(r.runs).toBe(3);
    const runBatches = fixed.perTx.filter((n) => n > 0);
    expect(runBatches).toEqual([2, 1]);
    const left = new Set((await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run"`)).map((x) => x.id));
    expect(runs.filter((id) => left.has(id))).toEqual(runs.slice(0, 4));
    const kept = runs.slice(0, 4);
    expect(await count(`SELECT COUNT(*) AS "n" FROM "Step" WHERE "runId" IN (?,?,?,?)`, kept)).toBe(12);

    // time-boxed: a batch of four (the two kept trees and two new runs) whose statements took far more
    // than 2 ms makes the next ones a run each
    const more = await finishedRuns(wf.versionId, 6, 40);
    const boxed = batchRecorder();
    expect(
      (await purgeExpired({ db: boxed.db, batchRuns: 4, holdBudgetMs: 2, clock: boxed.clock, sleep: async () => undefined })).runs,
    ).toBe(6);
    expect(boxed.perTx.filter((n) => n > 0)).toEqual([2, 1, 1, 1, 1]);
    const after = new Set((await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run"`)).map((x) => x.id));
    expect(more.filter((id) => after.has(id))).toEqual([]);
    expect(runs.filter((id) => after.has(id))).toEqual(kept);
  });

  it("the worker's sweeper works a backlog off pass after pass instead of a purge interval apart, past workflows with nothing due", async () => {
    const wf = await publish(h.db.sql, quickGraph());
    const runs = await finishedRuns(wf.versionId, 3, 40);
    // only this workflow's runs expire (earlier tests leave trees kept for a held sub-run elsewhere)
    await setRetentionSettings(h.db.sql, { runRetentionDays: null, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS }, "admin-1");
    await setWorkflowRetention(h.db.sql, wf.workflowId, { runRetentionDays: 30 }, "admin-1");
    const sweeper = (purge?: { batchRuns: number; maxBatches: number }) =>
      new GovernanceSweeper({ db: h.db.sql, store: h.store, owner: "w-1", intervalMs: 3000, purgeEveryMs: 3_600_000, purge });
    const left = async (ids: string[]) => count(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "id" IN (${ids.map(() => "?").join(",")})`, ids);
    // workflows whose names sort first and that have nothing expired: their empty batches do not count
    for (const id of ["00000a", "00000b", "00000c"]) {
      await publish(h.db.sql, quickGraph(), id);
      await setWorkflowRetention(h.db.sql, id, { runRetentionDays: 30 }, "admin-1");
    }
    // a pass of at most two one-run batches
    const small = sweeper({ batchRuns: 1, maxBatches: 2 });
    let passes = 0;
    while ((await left(runs)) > 0 && passes < 10) {
      await small.pass();
      passes++;
    }
    expect(await left(runs)).toBe(0);
    expect(passes).toBe(2);
    // a pass that found nothing more due: the next purge waits the interval
    const full = sweeper();
    await full.pass();
    const more = await finishedRuns(wf.versionId, 1, 40);
    await full.pass();
    expect(await left(more)).toBe(1);
  });

  it("purges only the oldest prefix of the audit log, and the rest still verifies from its first row", async () => {
    await setRetentionSettings(h.db.sql, { runRetentionDays: null, auditRetentionDays: 365 }, "admin-1");
    const total = await count(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`);
    // age the first three rows by two years
    const first = await h.db.sql.all<{ id: number }>(`SELECT "id" FROM "AuditEvent" ORDER BY "id" LIMIT 3`);
    const ids = first.map((f) => Number(f.id));
    // on PostgreSQL the audit table may refuse UPDATE: this transaction declares itself maintenance
    await h.db.sql.tx(async (q) => {
      await allowAuditMaintenance(q, dialect);
      await q.run(`UPDATE "AuditEvent" SET "atMs"=? WHERE "id" IN (?,?,?)`, [Date.now() - 800 * DAY_MS, ...ids]);
    });
    expect((await previewRetention(h.db.sql)).auditRows).toBe(3);
    const r = await purgeExpired({ db: h.db.sql });
    expect(r.auditRows).toBe(3);
    expect(await count(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`)).toBe(total - 3 + 1); // + the purge's own record
    expect(await chainStartForTest(h.db.sql)).toBe(true);
    const from = await chainStart(h.db.sql);
    expect(from.prevHash).not.toBe(GENESIS_HASH);
    expect(await verifyChain(h.db.sql, { from })).toMatchObject({ ok: true });
  });

  it("deletes expired memory entries and never brings them back", async () => {
    const wf = await publish(h.db.sql, quickGraph());
    const now = Date.now();
    for (const [key, exp] of [
      ["gone", now - 1000],
      ["kept", now + DAY_MS],
    ] as const) {
      await h.db.sql.run(
        `INSERT INTO "MemoryEntry" ("id","workflowId","subjectKey","kind","key","content","createdAtMs","expiresAtMs") VALUES (?,?,?,?,?,?,?,?)`,
        [randomUUID(), wf.workflowId, "s1", "fact", key, '{"value":"v"}', now - 2 * DAY_MS, exp],
      );
    }
    const r = await purgeExpired({ db: h.db.sql });
    expect(r.memoryEntries).toBe(1);
    const keys = await h.db.sql.all<{ key: string }>(`SELECT "key" FROM "MemoryEntry" WHERE "workflowId"=?`, [wf.workflowId]);
    expect(keys.map((k) => k.key)).toEqual(["kept"]);
  });
});
