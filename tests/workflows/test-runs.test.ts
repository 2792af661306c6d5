// Test runs of the draft: a snapshot of the draft with its pins, started only as a person's test run
// (never by an API key, webhook, event or schedule, enforced by the start service), kept out of the
// runs list, the API list and the dashboard unless asked for, and reusing pinned outputs instead of
// calling out; production runs of the same draft, published, ignore the pins. Run one step executes
// one HTTP node with its upstream data from the pins, audited before it calls out. Both databases, a real worker and a loopback sink.
import { expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { getRun, listRuns, startRun } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { listRunPage } from "@/lib/db/run-list-read";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { runListSortSchema } from "@/lib/monitoring/run-list-filter";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, listVersions, publishWorkflow } from "@/lib/workflows/workflow-service";
import { listPins, removePin, setPin, startTestRun } from "@/lib/workflows/test-runs";
import { runOneStep } from "@/lib/workflows/step-test";
import { verifyChain } from "@/lib/db/audit-store";
import { describeEachDb } from "@/tests/helpers/test-db";
import { beforeAuditAppend } from "@/tests/workflows/helpers/audit-fault";
import { useEngine } from "@/tests/engine/helpers/fixture";

describeEachDb("test runs of the draft", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });
  const userId = randomUUID();
  const user = { id: userId, role: "designer" };
  const actor = { id: userId, authMethod: "session" as const };
  const sort = runListSortSchema.parse({});

  /** start → Fetch (HTTP to the sink) → Shape (reads Fetch's body) → end. */
  function httpDraft(path: string): DraftGraph {
    const g = defaultGraph();
    const fetchNode = createNode("http", { id: "fetch", name: "Fetch", position: { x: 0, y: 80 } });
    fetchNode.config.url = `${sink.url}${path}`;
    fetchNode.config.method = "POST";
    fetchNode.config.body = "{ 'amount': $.input.amount }";
    const shape = createNode("transform", { id: "shape", name: "Shape", position: { x: 0, y: 160 } });
    shape.config.expression = "{ 'score': $.steps.Fetch.output.body.score }";
    return {
      ...g,
      nodes: [...g.nodes, fetchNode, shape],
      edges: [
        { id: "a", source: "start", sourceHandle: "out", target: "fetch", targetHandle: "in" },
        { id: "b", source: "fetch", sourceHandle: "out", target: "shape", targetHandle: "in" },
        { id: "c", source: "shape", sourceHandle: "out", target: "end", targetHandle: "in" },
      ],
    };
  }

  async function newWorkflow(path: string): Promise<string> {
    if (!(await h.db.prisma.user.findUnique({ where: { id: userId } }))) {
      await h.db.prisma.user.create({ data: { id: userId, name: "Dana Designer", email: `${userId}@example.com`, role: "designer" } });
    }
    return (await createWorkflow(h.db, { name: `Test runs ${randomUUID().slice(0, 6)}`, description: "", graph: httpDraft(path) }, userId))
      .id;
  }

  const calls = (path: string) => sink.requests.filter((r) => r.path === path).length;

  it("a test run of an unpublished draft reuses the pinned HTTP output: the endpoint sees no call", async () => {
    const wf = await newWorkflow("/pinned");
    await setPin(h.db, wf, "fetch", { output: { status: 200, headers: {}, body: { score: 42 } } }, userId);
    const { run, snapshot } = await startTestRun(h.db, h.deps, wf, { input: { amount: 5 }, trigger: "manual" }, user);
    expect(snapshot.version).toBeLessThan(0);
    expect(run.isTest).toBe(true);
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    const detail = await getRun(h.deps, run.id);
    expect(detail.run.isTest).toBe(true);
    const fetchStep = detail.steps.find((s) => s.nodeId === "fetch")!;
    expect(fetchStep.input).toEqual({ pinned: true });
    expect(fetchStep.output).toEqual({ status: 200, headers: {}, body: { score: 42 } });
    expect(detail.steps.find((s) => s.nodeId === "shape")!.output).toEqual({ score: 42 });
    expect(calls("/pinned")).toBe(0);
    // the snapshot is no published version: none is listed, and publishing still numbers from 1
    expect(await listVersions(h.db, wf)).toEqual([]);
    expect((await publishWorkflow(h.db, wf, { message: "first" }, actor)).version.version).toBe(1);
  });

  it("without a pin the test run calls the node; unpinning makes it call again", async () => {
    const wf = await newWorkflow("/unpinned");
    await setPin(h.db, wf, "fetch", { output: { body: { score: 1 } } }, userId);
    await removePin(h.db, wf, "fetch");
    expect(await listPins(h.db, wf)).toEqual([]);
    const { run } = await startTestRun(h.db, h.deps, wf, { input: { amount: 7 }, trigger: "manual" }, user);
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(calls("/unpinned")).toBe(1);
    expect(JSON.parse(sink.requests.find((r) => r.path === "/unpinned")!.body)).toEqual({ amount: 7 });
  });

  it("production runs of the published draft ignore the pins", async () => {
    const wf = await newWorkflow("/production");
    await setPin(h.db, wf, "fetch", { output: { body: { score: 9 } } }, userId);
    const published = await publishWorkflow(h.db, wf, { message: "v1" }, actor);
    const run = await startRun(h.deps, { workflowId: wf, input: { amount: 1 }, initiatorId: userId });
    expect(run.versionId).toBe(published.version.id);
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect(calls("/production")).toBe(1);
    expect((await getRun(h.deps, run.id)).run.isTest).toBe(false);
  });

  it("test runs are left out of the runs list, the API list and the dashboard unless asked for", async () => {
    const wf = await newWorkflow("/lists");
    await setPin(h.db, wf, "fetch", { output: { body: { score: 3 } } }, userId);
    const before = await loadDashboard(h.db.sql, "24h");
    const { run: test } = await startTestRun(h.db, h.deps, wf, { input: {}, trigger: "manual" }, user);
    await h.waitFor(test.id, ["succeeded", "failed"]);
    await publishWorkflow(h.db, wf, { message: "v1" }, actor);
    const prod = await startRun(h.deps, { workflowId: wf, input: {}, initiatorId: userId });
    await h.waitFor(prod.id, ["succeeded", "failed"]);

    expect((await listRunPage(h.db.sql, { workflowId: wf }, sort)).rows.map((r) => r.id)).toEqual([prod.id]);
    expect((await listRunPage(h.db.sql, { workflowId: wf, test: "only" }, sort)).rows.map((r) => r.id)).toEqual([test.id]);
    expect(new Set((await listRunPage(h.db.sql, { workflowId: wf, test: "include" }, sort)).rows.map((r) => r.id))).toEqual(
      new Set([prod.id, test.id]),
    );
    expect((await listRuns(h.deps, { workflowId: wf })).runs.map((r) => r.id)).toEqual([prod.id]);
    expect((await listRuns(h.deps, { workflowId: wf, test: "include" })).runs).toHaveLength(2);
    const after = await loadDashboard(h.db.sql, "24h");
    expect(after.totals.runs - before.totals.runs).toBe(1);
  });

  it("the start service starts a snapshot only as a person's test run: never by API key, webhook, event or schedule", async () => {
    const wf = await newWorkflow("/rules");
    await setPin(h.db, wf, "fetch", { output: { body: { score: 3 } } }, userId);
    const { snapshot } = await startTestRun(h.db, h.deps, wf, { input: {}, trigger: "manual" }, user);
    for (const trigger of ["api", "webhook", "schedule", "event", "subworkflow", "rerun"] as const) {
      const refused = startRun(h.deps, { versionId: snapshot.id, input: {}, initiatorId: userId, trigger, test: true });
      await expect(refused).rejects.toMatchObject({ code: "test_run_only" });
    }
    // a snapshot started like a production run (no test flag), or without a person
    await expect(startRun(h.deps, { versionId: snapshot.id, input: {}, initiatorId: userId })).rejects.toMatchObject({
      code: "test_run_only",
    });
    await expect(startRun(h.deps, { versionId: snapshot.id, input: {}, initiatorId: null, test: true })).rejects.toMatchObject({
      code: "test_run_only",
    });
    // the workflow has no published version: starting by workflowId (API, triggers) never finds the snapshot
    await expect(startRun(h.deps, { workflowId: wf, input: {}, initiatorId: userId, trigger: "webhook" })).rejects.toMatchObject({
      code: "not_found",
    });
    // the test flag never starts a published version, and an API key never starts a test run
    const published = await publishWorkflow(h.db, wf, { message: "v1" }, actor);
    await expect(startRun(h.deps, { versionId: published.version.id, input: {}, initiatorId: userId, test: true })).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(startTestRun(h.db, h.deps, wf, { input: {}, trigger: "api" }, user)).rejects.toMatchObject({ code: "test_run_only" });
    const runs = await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=?`, [wf]);
    expect(Number(runs[0].n)).toBe(1);
  });

  it("pins a step's output from an earlier run, and refuses nodes that cannot be pinned", async () => {
    const wf = await newWorkflow("/from-run");
    const { run } = await startTestRun(h.db, h.deps, wf, { input: { amount: 2 }, trigger: "manual" }, user);
    await h.waitFor(run.id, ["succeeded", "failed"]);
    const step = (await getRun(h.deps, run.id)).steps.find((s) => s.nodeId === "fetch")!;
    const pin = await setPin(h.db, wf, "fetch", { runId: run.id, stepKey: step.stepKey }, userId);
    expect(pin.output).toEqual(step.output);
    expect(pin.sourceRunId).toBe(run.id);
    await expect(setPin(h.db, wf, "shape", { output: 1 }, userId)).rejects.toMatchObject({ code: "not_pinnable" });
    await expect(setPin(h.db, wf, "fetch", { output: 1, handle: "nope" }, userId)).rejects.toMatchObject({ code: "not_pinnable" });
    await expect(setPin(h.db, wf, "fetch", { runId: run.id, stepKey: "shape" }, userId)).rejects.toMatchObject({ code: "not_pinnable" });
  });

  it("runs one HTTP step with its upstream data, storing nothing", async () => {
    const g = httpDraft("/one-step");
    // a second HTTP node after Fetch that sends Fetch's pinned score on
    const send = createNode("http", { id: "send", name: "Send", position: { x: 0, y: 240 } });
    send.config.url = `${sink.url}/one-step-send`;
    send.config.method = "POST";
    send.config.body = "{ 'score': $.steps.Fetch.output.body.score, 'amount': $.input.amount }";
    g.nodes.push(send);
    g.edges.push({ id: "d", source: "fetch", sourceHandle: "out", target: "send", targetHandle: "in" });
    const wf = (await createWorkflow(h.db, { name: `One step ${randomUUID().slice(0, 6)}`, description: "", graph: g }, userId)).id;
    await setPin(h.db, wf, "fetch", { output: { status: 200, headers: {}, body: { score: 77 } } }, userId);
    const runsBefore = await h.db.sql.all(`SELECT "id" FROM "Run" WHERE "workflowId"=?`, [wf]);
    const result = await runOneStep(h.db, wf, "send", { input: { amount: 3 } }, { id: userId }, { allowHosts: ["127.0.0.1"], env: {} });
    expect(result.ok).toBe(true);
    expect(result.upstream).toEqual({ Fetch: "pin" });
    expect(result.request).toMatchObject({ method: "POST", body: { score: 77, amount: 3 } });
    expect(result.output).toMatchObject({ status: 200 });
    expect(calls("/one-step-send")).toBe(1);
    expect(calls("/one-step")).toBe(0);
    expect(await h.db.sql.all(`SELECT "id" FROM "Run" WHERE "workflowId"=?`, [wf])).toEqual(runsBefore);
    // a transform is not a step to run alone
    await expect(runOneStep(h.db, wf, "shape", {}, { id: userId }, { allowHosts: [], env: {} })).rejects.toMatchObject({
      code: "step_not_testable",
    });
  });

  it("audits each Run one step (who, which node, which workflow and draft revision) before it calls out", async () => {
    const wf = await newWorkflow("/audited-step");
    const stepAudits = () =>
      h.db.sql.all<{ actorId: string; actorType: string; targetType: string; data: string }>(
        `SELECT "actorId","actorType","targetType","data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='workflow.step_tested' ORDER BY "id"`,
        [wf],
      );
    const revision = Number((await h.db.sql.all<{ r: number }>(`SELECT "draftRevision" AS "r" FROM "Workflow" WHERE "id"=?`, [wf]))[0].r);
    const opts = { allowHosts: ["127.0.0.1"], env: {} };
    expect((await runOneStep(h.db, wf, "fetch", { input: { amount: 1 } }, { id: userId }, opts)).ok).toBe(true);
    const rows = await stepAudits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: userId, actorType: "user", targetType: "workflow" });
    expect(JSON.parse(rows[0].data)).toEqual({ nodeId: "fetch", nodeName: "Fetch", kind: "http", draftRevision: revision, upstream: {} });
    expect(calls("/audited-step")).toBe(1);

    // refused (not a step to run alone, unknown node): nothing recorded
    await expect(runOneStep(h.db, wf, "shape", {}, { id: userId }, opts)).rejects.toMatchObject({ code: "step_not_testable" });
    await expect(runOneStep(h.db, wf, "nope", {}, { id: userId }, opts)).rejects.toMatchObject({ code: "not_found" });
    expect(await stepAudits()).toHaveLength(1);

    // a record that cannot be written stops the step before it calls out
    const failing = {
      ...h.db,
      sql: beforeAuditAppend(h.db.sql, async () => {
        throw new Error("audit append failed");
      }),
    };
    await expect(runOneStep(failing, wf, "fetch", { input: { amount: 1 } }, { id: userId }, opts)).rejects.toThrow("audit append failed");
    expect(calls("/audited-step")).toBe(1);
    expect(await stepAudits()).toHaveLength(1);
    const chain = await verifyChain(h.db.sql);
    expect(chain.ok).toBe(true);
  });
});
