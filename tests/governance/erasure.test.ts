// Erasure by data subject across every table: a real agent run (fake model) with memory, an
// escalation task decided and commented, a notification, its chat message, schedule fire, webhook
// delivery, event, idempotency key, a pinned output, a test snapshot, an evaluation row of the test
// run and a dataset imported from the runs; before erasure exactly the
// tables the data inventory names hold the subject's values, after it a dump of every table (listed
// from the live schema) finds them nowhere, while another subject's run is intact,
// the audit chain still verifies, a restart half-way resumes the job, and a dataset row imported from a
// run the retention purge already deleted is still found by the subject it keeps.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createAgentHarness, type AgentHarness } from "@/tests/ai/helpers/agent-harness";
import { agentConfig, final } from "@/tests/ai/helpers/agent-graph";
import { graph } from "@/tests/engine/helpers/graph";
import { decideTask } from "@/lib/engine/run-service";
import { addTaskComment } from "@/lib/inbox/task-comments";
import { requestErasure, runErasureJobs, getErasureJob } from "@/lib/governance/erasure";
import { verifyChain } from "@/lib/db/audit-store";
import type { SqlDb } from "@/lib/db/sql";
import { testSnapshot, upsertPin } from "@/lib/db/pin-store";
import { DATA_INVENTORY } from "@/lib/governance/data-inventory";
import { createDataset } from "@/lib/evaluations/dataset-service";
import { purgeExpiredRunBatch } from "@/lib/db/retention-store";
import { dumpTables, tablesContaining } from "./helpers";

const NAME = "Zyxwort";
const APPLICANT = "APP-9931-Q";
const OTHER_NAME = "Quillfeather";

function subjectGraph(providerId: string): Record<string, unknown> {
  return graph()
    .node({
      id: "start",
      kind: "start",
      name: "Start",
      config: {
        subjectExpression: "$.input.applicantId",
        inputSchema: {
          type: "object",
          properties: { applicantId: { type: "string" }, name: { type: "string", "x-personal": true } },
        },
      },
    })
    .node({
      id: "agent",
      kind: "agent",
      name: "Agent",
      config: agentConfig(providerId, {
        user: "Assess {{ $.input.name }} ({{ $.input.applicantId }})",
        memory: { enabled: true, subjectExpression: "$.input.applicantId", loadTurns: 5, saveTurns: true },
      }),
    })
    .end("done", "$.steps.Agent.output")
    .node({
      id: "review",
      kind: "approval",
      name: "Review",
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions: "Check the proposal for {{ $.input.name }}",
        payload: "$.steps.Agent.output",
        separationOfDuties: false,
      },
    })
    .end("after", "$.steps.Review.output")
    .edge("start", "agent")
    .edge("agent", "done", "ok")
    .edge("agent", "review", "escalate")
    .edge("review", "after", "approved")
    .build();
}

/** Every row of every table, as text (the test's view of "the database"). */
async function dump(db: SqlDb): Promise<string> {
  return Object.entries(await dumpTables(db))
    .map(([t, rows]) => `${t}: ${rows}`)
    .join("\n");
}

/** The tables the inventory says hold a subject's values (an erasure redacts or deletes them). */
const SUBJECT_TABLES = Object.entries(DATA_INVENTORY)
  .filter(([, r]) => r.erasure === "redacted" || r.erasure === "deleted")
  .filter(([, r]) => !("archiveOf" in r))
  .map(([t]) => t)
  .sort();

/**
 * Rows of the subject's runs in the tables a run does not fill by itself in this test: a failed
 * step's event, the chat
 * message of its task, an MCP call marker, a schedule fire, the webhook delivery and event that
 * started it, its idempotency key, an output pinned from it and a test snapshot carrying that pin;
 * the other run is a test run of that snapshot with an evaluation row copying its output and grades,
 * and a dataset imported from both runs beside a typed row that is the designer's.
 */
async function seedSideRows(h: AgentHarness, workflowId: string, runId: string, taskId: string, snapshotRunId: string): Promise<void> {
  const q = h.db.sql;
  const now = Date.now();
  await q.run(
    `INSERT INTO "ChatMessage" ("id","taskId","channel","target","ts","state","error","createdAtMs","updatedAtMs") VALUES (?,?,?,?,?,?,?,?,?)`,
    [randomUUID(), taskId, "slack", "C0APPROVALS", "C0APPROVALS/1700000000.000100", "closed", `Slack refused "Review ${NAME}"`, now, now],
  );
  // a failed step's event quotes the error, which may quote the input
  await q.run(`INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES (?,?,?,?,?)`, [
    runId,
    "step.failed",
    "agent",
    JSON.stringify({ error: { message: `No income found for ${NAME}` } }),
    now,
  ]);
  await q.run(`INSERT INTO "McpCallStart" ("runId","stepKey","seq","atMs") VALUES (?,?,?,?)`, [runId, "agent", 1, now]);
  await q.run(`INSERT INTO "ScheduleFire" ("id","scheduleId","fireAtMs","outcome","runId","error","createdAtMs") VALUES (?,?,?,?,?,?,?)`, [
    randomUUID(),
    "sched-1",
    now,
    "failed",
    runId,
    `Input for ${APPLICANT} rejected`,
    now,
  ]);
  await q.run(
    `INSERT INTO "WebhookDelivery" ("id","triggerId","workflowId","receivedAtMs","verified","status","runId","request") VALUES (?,?,?,?,?,?,?,?)`,
    [randomUUID(), "hook-1", workflowId, now, q.dialect === "sqlite" ? 1 : true, 201, runId, JSON.stringify({ body: { name: NAME } })],
  );
  const eventId = randomUUID();
  await q.run(`INSERT INTO "PublishedEvent" ("id","name","key","waitKey","data","receivedAtMs") VALUES (?,?,?,?,?,?)`, [
    eventId,
    "application.received",
    APPLICANT,
    `application:${APPLICANT}`,
    JSON.stringify({ applicantId: APPLICANT }),
    now,
  ]);
  await q.run(`INSERT INTO "EventDelivery" ("eventId","runId","stepKey","atMs") VALUES (?,?,?,?)`, [eventId, runId, "start", now]);
  await q.run(
    `INSERT INTO "IdempotencyKey" ("scope","key","requestHash","runId","response","createdAtMs","expiresAtMs") VALUES (?,?,?,?,?,?,?)`,
    ["user:admin-1", `k-${runId}`, "h", runId, JSON.stringify({ run: { input: { name: NAME } } }), now, now + 86_400_000],
  );
  const agent = (await h.store.getSteps(runId)).find((x) => x.nodeId === "agent")!;
  await upsertPin(q, workflowId, {
    nodeId: "agent",
    output: agent.output,
    handle: agent.outputHandle ?? "out",
    sourceRunId: runId,
    sourceStepKey: agent.stepKey,
    pinnedById: "designer-1",
    pinnedAtMs: now,
  });
  const graphRow = await q.all<{ graph: string }>(`SELECT "graph" FROM "WorkflowVersion" WHERE "workflowId"=? AND "version" > 0`, [
    workflowId,
  ]);
  const snapshot = await testSnapshot(q, {
    newId: randomUUID,
    workflowId,
    graph: String(graphRow[0].graph),
    pins: JSON.stringify({ agent: { output: agent.output, handle: agent.outputHandle ?? "out" } }),
    schemaVersion: 1,
    authorId: "designer-1",
    atMs: now,
  });
  // the subject's other run was a test run of that snapshot
  await q.run(`UPDATE "Run" SET "versionId"=?, "isTest"=? WHERE "id"=?`, [snapshot.id, q.dialect === "sqlite" ? 1 : true, snapshotRunId]);
  // an evaluation ran that test run: its row copies the output, and a grade quotes it
  await q.run(
    `INSERT INTO "EvaluationRow" ("evaluationId","position","target","status","runId","output","scores","pass","costUsd","latencyMs","escalated")
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    [
      "eval-1",
      1,
      "a",
      "done",
      snapshotRunId,
      JSON.stringify({ decision: `${NAME} approved` }),
      JSON.stringify([{ grader: "contains", pass: false, reason: `output "${NAME} approved" lacks "rejected"` }]),
      0,
      0.01,
      120,
      0,
    ],
  );
  // a dataset imported from both runs (and one typed by hand, which is the designer's and stays)
  await createDataset(h.db, workflowId, { source: "runs", name: "From production", runIds: [runId, snapshotRunId] }, "designer-1");
  await createDataset(
    h.db,
    workflowId,
    { source: "rows", name: "Typed", rows: [{ input: { applicantId: "APP-TYPED", name: "Typedname" } }] },
    "designer-1",
  );
}

describeEachDb("erasure by data subject", (dialect) => {
  let h: AgentHarness;
  let versionId: string;
  let workflowId: string;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    ({ versionId, workflowId } = await h.publish(subjectGraph(h.providerId)));
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  async function escalatedRun(name: string, applicantId: string) {
    h.model.script([final(`${name} earns enough`, 0.2, `${name} has a stable income`)]);
    const run = await h.start(versionId, { applicantId, name });
    if ((await h.waitFor(run.id, ["waiting", "failed"])) === "failed")
      throw new Error(JSON.stringify((await h.store.getSteps(run.id)).map((s) => [s.stepKey, s.error])));
    const [task] = await h.store.getTasks(run.id);
    await addTaskComment(h.db.sql, task.id, { userId: "rev-1", name: "Rev" }, `Called ${name} about it`);
    await h.db.sql.run(`INSERT INTO "Notification" ("id","userId","type","title","taskId","atMs") VALUES (?,?,?,?,?,?)`, [
      randomUUID(),
      "rev-1",
      "task.new",
      `Review ${name}`,
      task.id,
      Date.now(),
    ]);
    await decideTask(h.deps, {
      taskId: task.id,
      userId: "rev-1",
      userRoles: ["reviewer"],
      decision: "approve",
      comment: `${name} checks out`,
    });
    await h.waitFor(run.id, ["succeeded"]);
    return run;
  }

  async function okRun(name: string, applicantId: string) {
    h.model.script([final(`${name} approved`, 0.95, `${name} is fine`)]);
    const run = await h.start(versionId, { applicantId, name });
    await h.waitFor(run.id, ["succeeded"]);
    return run;
  }

  it("redacts every table, keeps structure and the chain, and reports counts per table", async () => {
    const a1 = await escalatedRun(NAME, APPLICANT);
    const a2 = await okRun(NAME, APPLICANT);
    const other = await okRun(OTHER_NAME, "APP-0001");
    const [task] = await h.store.getTasks(a1.id);
    await seedSideRows(h, workflowId, a1.id, task.id, a2.id);
    // every table the inventory says holds a subject's values does hold them here (a table added to
    // it must be seeded above), and no other table does (the audit chain keeps digests only)
    const before = await dumpTables(h.db.sql);
    expect(tablesContaining(before, [NAME, APPLICANT])).toEqual(SUBJECT_TABLES);

    const job = await requestErasure(h.db.sql, { subject: APPLICANT, reason: "GDPR art. 17 request", actorId: "admin-1" });
    expect(job).toMatchObject({ status: "queued", runsTotal: 2, runsDone: 0 });
    expect(job.counts.MemoryEntry).toBeGreaterThan(0);
    const done = await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w1" });
    expect(done).toMatchObject({ id: job.id, status: "done", runsDone: 2 });
    expect(done!.counts).toMatchObject({ Run: 2, Task: 1, Decision: 1, TaskComment: 1, Notification: 1 });
    expect(done!.counts.Step).toBeGreaterThan(4);
    expect(done!.counts.ModelCall).toBeGreaterThan(1);
    expect(done!.counts.RunEvent).toBeGreaterThan(4);

    expect(done!.counts).toMatchObject({ WorkflowPin: 1, WorkflowVersion: 1, ChatMessage: 1, ScheduleFire: 1, WebhookDelivery: 1 });
    expect(done!.counts).toMatchObject({ EvaluationRow: 1, EvalDatasetRow: 2 });
    expect(tablesContaining(await dumpTables(h.db.sql), [NAME, APPLICANT])).toEqual([]);
    const after = await dump(h.db.sql);
    expect(after).not.toContain(NAME);
    expect(after).not.toContain(APPLICANT);
    // the posted Slack message goes back to the chat poster, which rewrites it from the erased task
    expect(await h.db.sql.all(`SELECT "state","error" FROM "ChatMessage" WHERE "taskId"=?`, [task.id])).toEqual([
      { state: "posted", error: null },
    ]);
    // an MCP call marker is structure only, and stays
    expect(await h.db.sql.all(`SELECT "seq" FROM "McpCallStart" WHERE "runId"=?`, [a1.id])).toHaveLength(1);
    // the other subject is untouched
    expect(after).toContain(OTHER_NAME);
    expect(after).toContain("Typedname");
    // an evaluation row keeps its structure; imported dataset rows stay parseable
    expect(await h.db.sql.all(`SELECT "status","runId","output","scores","pass" FROM "EvaluationRow" WHERE "runId"=?`, [a2.id])).toEqual([
      { status: "done", runId: a2.id, output: '{"erased":true}', scores: '{"erased":true}', pass: 0 },
    ]);
    expect(
      await h.db.sql.all(`SELECT "input","expected" FROM "EvalDatasetRow" WHERE "sourceRunId" IS NOT NULL ORDER BY "position"`),
    ).toEqual([
      { input: '{"erased":true}', expected: '{"erased":true}' },
      { input: '{"erased":true}', expected: '{"erased":true}' },
    ]);
    expect((await h.store.getRun(other.id))!.input).toEqual({ applicantId: "APP-0001", name: OTHER_NAME });
    // structure stays: statuses, steps, tokens
    const erased = (await h.store.getRun(a1.id))!;
    expect(erased.status).toBe("succeeded");
    expect(erased.input).toEqual({ erased: true });
    expect((await h.store.getSteps(a2.id)).map((s) => s.status)).toContain("succeeded");
    expect((await verifyChain(h.db.sql)).ok).toBe(true);
    const audit = await h.db.sql.all<{ action: string }>(`SELECT "action" FROM "AuditEvent" WHERE "targetId"=? ORDER BY "id"`, [job.id]);
    expect(audit.map((a) => a.action)).toEqual(["subject.erasure_requested", "subject.erased"]);
  });

  it("a restart half-way resumes from the last committed batch", async () => {
    const subject = "APP-RESUME-77";
    for (let i = 0; i < 5; i++) await okRun(`Resumename${i}`, subject);
    const job = await requestErasure(h.db.sql, { subject, actorId: "admin-1" });
    expect(job.runsTotal).toBe(5);
    // the first worker does two batches of two runs, then "dies" holding a short lease
    const partial = await runErasureJobs({ db: h.db.sql, store: h.store, owner: "dead", batchRuns: 2, maxBatches: 2, leaseMs: 50 });
    expect(partial).toMatchObject({ status: "running", runsDone: 4 });
    // another worker cannot take it while the lease holds...
    await h.db.sql.run(`UPDATE "ErasureJob" SET "leaseExpiresMs"=? WHERE "id"=?`, [Date.now() + 60_000, job.id]);
    expect(await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w2" })).toBeNull();
    // ...and resumes it once the lease expired
    await h.db.sql.run(`UPDATE "ErasureJob" SET "leaseExpiresMs"=? WHERE "id"=?`, [Date.now() - 1, job.id]);
    const resumed = await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w2", batchRuns: 2 });
    expect(resumed).toMatchObject({ status: "done", runsDone: 5, runsTotal: 5 });
    expect(resumed!.counts.Run).toBe(5);
    expect((await getErasureJob(h.db.sql, job.id)).status).toBe("done");
    expect(await dump(h.db.sql)).not.toContain("Resumename");
  });

  it("redacts a dataset row whose source run was purged, by the subject hash the row keeps", async () => {
    const subject = "APP-PURGED-55";
    const run = await okRun("Purgedname", subject);
    const held = await okRun("Heldname", subject);
    const dataset = await createDataset(
      h.db,
      workflowId,
      { source: "runs", name: "Imported, then purged", runIds: [run.id, held.id] },
      "designer-1",
    );
    // the retention purge deletes the source run: the row no longer leads to it
    await h.db.sql.run(`UPDATE "Run" SET "finishedAtMs"=? WHERE "id"=?`, [Date.now() - 30 * 86_400_000, run.id]);
    const purged = await h.db.sql.tx((q) => purgeExpiredRunBatch(q, h.db.sql.dialect, workflowId, Date.now() - 86_400_000, 10));
    expect(purged.runs).toBe(1);
    expect(await h.store.getRun(run.id)).toBeNull();
    // the other source run is under legal hold: its row stays, as the run does
    await h.db.sql.run(`UPDATE "Run" SET "legalHold"=? WHERE "id"=?`, [h.db.sql.dialect === "sqlite" ? 1 : true, held.id]);
    expect(tablesContaining(await dumpTables(h.db.sql), ["Purgedname"])).toContain("EvalDatasetRow");

    const job = await requestErasure(h.db.sql, { subject, actorId: "admin-1" });
    const done = await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w1" });
    expect(done).toMatchObject({ id: job.id, status: "done", runsDone: 0 });
    expect(done!.counts).toMatchObject({ EvalDatasetRow: 1, heldRunsKept: 1 });
    // (the held run's own model calls still quote the purged run's memory: held data stays)
    expect(tablesContaining(await dumpTables(h.db.sql), ["Purgedname"])).not.toContain("EvalDatasetRow");
    const rows = await h.db.sql.all<{ input: string; subjectHash: string | null }>(
      `SELECT "input","subjectHash" FROM "EvalDatasetRow" WHERE "datasetId"=? ORDER BY "position"`,
      [dataset.id],
    );
    expect(rows.map((r) => r.input)).toEqual(['{"erased":true}', JSON.stringify({ applicantId: subject, name: "Heldname" })]);
    // the row keeps the hash (structure), never the clear subject
    expect(rows[0].subjectHash).toBe(job.subjectHash);
    expect(JSON.stringify(rows)).not.toContain(`"subjectHash":"${subject}"`);
  });
});
