// Every template runs to completion on SQLite: created from the gallery's definition (helpers
// included) with its outside systems pointed at a local stub, published (which registers its
// triggers), started the way it is meant to be started (by hand, its webhook, its schedule),
// answered by the fake model and decided by reviewers through the inbox service.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideTask, getRun, startRun } from "@/lib/engine/run-service";
import type { RunRecord } from "@/lib/engine/ports";
import { listTasks } from "@/lib/inbox/list-tasks";
import { principalOf } from "@/lib/inbox/task-access";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { publishEvent } from "@/lib/triggers/event-publish";
import { fireClock } from "@/lib/triggers/schedule-spec";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";
import { scheduleTriggerSchema } from "@/lib/model/triggers";
import { receiveWebhook, rotateWebhookSecret } from "@/lib/triggers/webhook-service";
import { signStandard } from "@/lib/triggers/webhook-signatures";
import { createFromTemplate } from "@/lib/workflows/template-bundle";
import { retargetTemplate } from "@/lib/workflows/template-endpoints";
import { findTemplate, workflowTemplates } from "@/lib/workflows/templates";
import { publishWorkflow } from "@/lib/workflows/workflow-service";
import { createAgentHarness, type AgentHarness } from "@/tests/ai/helpers/agent-harness";
import { final } from "@/tests/ai/helpers/agent-graph";
import { startSystemsStub, type StubRoute, type SystemsStub } from "./helpers/systems-stub";

const TERMINAL = ["succeeded", "failed", "cancelled", "compensated", "compensation_failed"];

describe("templates run to completion (SQLite, fake model, local stub)", () => {
  let h: AgentHarness;
  let stub: SystemsStub;
  const designer = { id: randomUUID(), role: "designer" as const };
  const reviewers = [
    { id: randomUUID(), role: "reviewer" as const },
    { id: randomUUID(), role: "reviewer" as const },
  ];
  const actor = { id: designer.id, authMethod: "session" as const };
  const ran = new Set<string>();

  beforeAll(async () => {
    h = await createAgentHarness("sqlite");
    stub = await startSystemsStub();
    for (const u of [designer, ...reviewers]) {
      await h.db.prisma.user.create({ data: { id: u.id, name: `User ${u.id.slice(0, 4)}`, email: `${u.id}@example.com`, role: u.role } });
    }
  });
  afterAll(async () => {
    await h?.close();
    await stub?.close();
  });

  /** Creates the workflow from the template (its systems on the stub), publishes it live. */
  async function install(id: string, routes: StubRoute[]): Promise<{ workflowId: string; versionId: string }> {
    ran.add(id);
    stub.routes(routes);
    h.model.reset();
    const template = retargetTemplate(findTemplate(id)!, stub.url);
    const { workflow } = await createFromTemplate(
      h.db,
      template,
      { name: `${template.name} ${randomUUID().slice(0, 6)}`, description: "" },
      actor,
    );
    const published = await publishWorkflow(h.db, workflow.id, { message: "from the template" }, actor);
    return { workflowId: workflow.id, versionId: published.version.id };
  }

  const start = async (versionId: string, input: unknown) => (await startRun(h.deps, { versionId, input, initiatorId: designer.id })).id;
  const finished = async (runId: string): Promise<RunRecord> => {
    await h.waitFor(runId, TERMINAL, 20_000);
    return (await h.store.getRun(runId))!;
  };

  /** The reviewer finds the run's open task in their inbox and decides it. */
  async function decide(runId: string, decision: "approve" | "reject", payload?: unknown, reviewer = reviewers[0]) {
    await h.waitFor(runId, ["waiting"], 20_000);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const inbox = await listTasks(h.db.sql, Date.now(), principalOf(reviewer), taskListQuery.parse({}));
      const task = inbox.tasks.find((t) => t.runId === runId && t.canDecide);
      if (task) {
        await decideTask(h.deps, { taskId: task.id, userId: reviewer.id, userRoles: [reviewer.role], decision, payload });
        return task;
      }
      if (Date.now() > deadline) throw new Error(`no task to decide in run ${runId}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const bodyOf = (path: string) => stub.requests.find((r) => r.path.startsWith(path))?.body as Record<string, unknown> | undefined;

  it("loan origination: a large loan goes to the underwriter, whose edited amount is offered", async () => {
    const { versionId } = await install("loan-origination", [
      { method: "POST", path: "/credit-bureau/v1/scores", json: { score: 720 } },
      { method: "POST", path: "/crm/v1/offers", json: { offerId: "OF-1" } },
    ]);
    h.model.script([final({ recommendation: "approve", reason: "Income covers the instalments" })]);
    const runId = await start(versionId, findTemplate("loan-origination")!.sampleInput);
    await decide(runId, "approve", { amount: 70000, rate: 0.059 });
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(stub.calls()).toEqual(["POST /credit-bureau/v1/scores", "POST /crm/v1/offers"]);
    expect(bodyOf("/crm/v1/offers")).toMatchObject({ applicantId: "A-1042", amount: 70000 });
    h.model.assertScriptConsumed();
  });

  it("appointment scheduling: a free slot is booked, confirmed and reminded", async () => {
    const { versionId } = await install("appointment-scheduling", [
      { method: "GET", path: "/calendar/v1/slots", json: { slots: ["2026-03-14T09:00:00Z"] } },
      { method: "POST", path: "/calendar/v1/bookings", json: { bookingId: "B-1", remindAt: "2020-01-01T00:00:00Z" } },
    ]);
    const run = await finished(await start(versionId, findTemplate("appointment-scheduling")!.sampleInput));
    expect(run.status).toBe("succeeded");
    expect(stub.calls()).toEqual(["GET /calendar/v1/slots", "POST /calendar/v1/bookings", "POST /mail/v1/send", "POST /mail/v1/send"]);
    expect(bodyOf("/calendar/v1/bookings")).toMatchObject({ slot: "2026-03-14T09:00:00Z" });
  });

  it("contract renewal: the supervisor calls the price benchmark workflow, two reviewers approve", async () => {
    const { versionId } = await install("contract-renewal", [
      { method: "GET", path: "/contracts/v1/contracts/", json: { text: "Hosting for 12 months, auto-renewing." } },
      { method: "GET", path: "/pricing/v1/benchmarks", json: { median: 170000 } },
      { method: "POST", path: "/contracts/v1/renewals", json: { renewed: true } },
    ]);
    const review = final({ risk: "low", notes: "Standard terms." });
    h.model.script([
      review,
      review,
      review,
      { toolCalls: [{ name: "benchmark_price", arguments: { category: "cloud hosting", annualValue: 180000 } }] },
      final({ recommendation: "renew", summary: "Close to the market median." }),
    ]);
    const runId = await start(versionId, findTemplate("contract-renewal")!.sampleInput);
    await decide(runId, "approve", undefined, reviewers[0]);
    await decide(runId, "approve", undefined, reviewers[1]);
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(stub.calls()).toEqual(["GET /contracts/v1/contracts/C-2291", "GET /pricing/v1/benchmarks", "POST /contracts/v1/renewals"]);
    h.model.assertScriptConsumed();
  });

  it("order saga: a booked shipment fulfils the order", async () => {
    const { versionId } = await install("order-saga", [
      { method: "POST", path: "/inventory/v1/reservations", json: { reservationId: "R-1" } },
      { method: "POST", path: "/payments/v1/charges", json: { chargeId: "CH-1" } },
      { method: "POST", path: "/shipping/v1/shipments", json: { trackingId: "TR-1" } },
    ]);
    const run = await finished(await start(versionId, findTemplate("order-saga")!.sampleInput));
    expect([run.status, run.outcome]).toEqual(["succeeded", "fulfilled"]);
    expect(run.output).toEqual({ trackingId: "TR-1" });
  });

  it("order saga: a shipment that cannot be booked refunds the payment, then releases the stock", async () => {
    const { versionId } = await install("order-saga", [
      { method: "POST", path: "/inventory/v1/reservations", json: { reservationId: "R-2" } },
      { method: "POST", path: "/payments/v1/charges", json: { chargeId: "CH-2" } },
      { method: "POST", path: "/shipping/v1/shipments", status: 422, json: { error: "address not deliverable" } },
    ]);
    const runId = await start(versionId, findTemplate("order-saga")!.sampleInput);
    const run = await finished(runId);
    expect(run.status).toBe("compensated");
    expect(stub.calls()).toEqual([
      "POST /inventory/v1/reservations",
      "POST /payments/v1/charges",
      "POST /shipping/v1/shipments",
      "POST /payments/v1/refunds",
      "POST /inventory/v1/releases",
    ]);
    expect(bodyOf("/payments/v1/refunds")).toMatchObject({ orderId: "O-5521", charge: { chargeId: "CH-2" } });
    expect(bodyOf("/inventory/v1/releases")).toMatchObject({ reservation: { reservationId: "R-2" } });
    expect((await getRun(h.deps, runId)).run.error).toMatchObject({ code: "compensate" });
  });

  it("support triage: a signed help desk webhook starts the run, and the drafted reply is posted", async () => {
    const { workflowId } = await install("support-triage", []);
    const graph = (await h.db.prisma.workflow.findUniqueOrThrow({ where: { id: workflowId } })).draftGraph;
    const triggerId = (JSON.parse(graph) as { nodes: { kind: string; config: { triggers?: { id: string }[] } }[] }).nodes.find(
      (n) => n.kind === "start",
    )!.config.triggers![0].id;
    expect(triggerId).not.toBe("helpdesk-ticket-created"); // a fresh URL per workflow
    const deps = { sql: h.db.sql, engine: { ...h.deps, store: h.store } };
    const { secret } = await rotateWebhookSecret(deps, workflowId, triggerId, 0, { id: designer.id, role: "designer" });
    h.model.script([final({ category: "billing", urgency: "normal", reply: "Sorry about that, here is your invoice." })]);
    const body = JSON.stringify({
      ticket: { id: "T-9001", subject: "Invoice", description: "The download does nothing.", requester: { email: "sam@example.com" } },
    });
    const req = new Request(`http://localhost/api/v1/hooks/${triggerId}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signStandard(secret, "msg_1", Math.floor(Date.now() / 1000), body) },
      body,
    });
    const out = await receiveWebhook(deps, triggerId, req);
    const run = await finished(out.runId);
    expect([run.trigger, run.status, run.outcome]).toEqual(["webhook", "succeeded", "drafted"]);
    expect(run.input).toEqual({
      ticketId: "T-9001",
      subject: "Invoice",
      body: "The download does nothing.",
      customerEmail: "sam@example.com",
    });
    expect(stub.calls()).toEqual(["POST /helpdesk/v1/tickets/T-9001/drafts"]);
    expect(bodyOf("/helpdesk/")).toEqual({ category: "billing", reply: "Sorry about that, here is your invoice." });
    h.model.assertScriptConsumed();
  });

  it("daily digest: its schedule fires a run that alerts finance about the anomaly and posts the digest", async () => {
    const { workflowId } = await install("daily-digest", [
      { method: "GET", path: "/sales/v1/orders/summary", json: { orders: 412, revenue: 51200, refunds: 97 } },
    ]);
    h.model.script([final({ headline: "412 orders, 51,200 EUR", highlights: ["Refunds tripled"], anomaly: true })]);
    // A weekday-morning fire of the last week was missed (no worker ran): its catch-up policy ("last") runs it now.
    const now = await h.db.sql.now();
    const spec = scheduleTriggerSchema.parse((findTemplate("daily-digest")!.build().nodes[0].config.triggers as unknown[])[0]);
    const missed = fireClock(spec, now).nextAfter(now - 8 * 86_400_000)!;
    expect(missed).toBeLessThan(now);
    await h.db.sql.run(`UPDATE "Schedule" SET "nextFireAtMs"=? WHERE "workflowId"=?`, [missed, workflowId]);
    const ticker = new ScheduleTicker({ sql: h.db.sql, store: h.store, log: () => undefined });
    const fired = await ticker.fireDue();
    expect(fired).toHaveLength(1);
    const runs = await h.db.sql.all<{ id: string }>(`SELECT "id" FROM "Run" WHERE "workflowId"=?`, [workflowId]);
    h.notifier.notify();
    const run = await finished(runs[0].id);
    expect([run.trigger, run.status, run.outcome]).toEqual(["schedule", "succeeded", "posted"]);
    expect(run.input).toEqual({ region: "EMEA" });
    expect(stub.calls()).toEqual([
      "GET /sales/v1/orders/summary",
      "POST /chat/v1/channels/finance/messages",
      "POST /chat/v1/channels/sales/messages",
    ]);
    h.model.assertScriptConsumed();
  });

  it("claim consensus: adjusters who agree settle the claim; a disagreement goes to a claims handler who edits the amount", async () => {
    const { versionId } = await install("claim-consensus", [{ method: "GET", path: "/policies/v1/policies/", json: { cover: "home" } }]);
    const pay = final({ decision: "pay", amount: 1200 });
    h.model.script([pay, pay, pay]);
    const agreed = await finished(await start(versionId, findTemplate("claim-consensus")!.sampleInput));
    expect([agreed.status, agreed.outcome]).toEqual(["succeeded", "paid"]);
    expect(bodyOf("/payments/v1/payouts")).toEqual({ claimId: "CL-311", amount: 1200 });

    stub.routes([{ method: "GET", path: "/policies/v1/policies/", json: { cover: "home" } }]);
    h.model.script([pay, pay, final({ decision: "deny", amount: 0 })]);
    const runId = await start(versionId, findTemplate("claim-consensus")!.sampleInput);
    await decide(runId, "approve", { amount: 1000 });
    const disputed = await finished(runId);
    expect([disputed.status, disputed.outcome]).toEqual(["succeeded", "paid"]);
    expect(bodyOf("/payments/v1/payouts")).toEqual({ claimId: "CL-311", amount: 1000 });
    h.model.assertScriptConsumed();
  });

  it("document review: what the editor corrected, not what the agent drafted, is published", async () => {
    const { versionId } = await install("document-review", [
      { method: "GET", path: "/docs/v1/documents/", json: { title: "Travel policy", text: "Per diem: 24 EUR." } },
    ]);
    h.model.script([final({ title: "Travel policy 2026", text: "Per diem: 28 EUR.", changeNote: "New rates" })]);
    const runId = await start(versionId, findTemplate("document-review")!.sampleInput);
    await decide(runId, "approve", { title: "Travel policy 2026", text: "Per diem: 28 EUR (30 EUR abroad).", changeNote: "New rates" });
    const run = await finished(runId);
    expect([run.status, run.outcome]).toEqual(["succeeded", "published"]);
    expect(stub.calls()).toEqual(["GET /docs/v1/documents/DOC-17", "PUT /docs/v1/documents/DOC-17"]);
    expect(stub.requests[1].body).toEqual({
      title: "Travel policy 2026",
      text: "Per diem: 28 EUR (30 EUR abroad).",
      changeNote: "New rates",
    });
    h.model.assertScriptConsumed();
  });

  it("identity verification: an inconclusive kyc.completed event goes to the compliance officer, who verifies", async () => {
    const { versionId } = await install("identity-verification", [{ method: "POST", path: "/kyc/v1/checks", json: { checkId: "K-1" } }]);
    const runId = await start(versionId, findTemplate("identity-verification")!.sampleInput);
    await h.waitFor(runId, ["waiting"], 20_000);
    await expect.poll(async () => (await h.store.getSteps(runId)).find((s) => s.stepKey === "result")?.status).toBe("waiting");
    await publishEvent(
      { db: h.db.sql, engine: h.deps },
      { name: "kyc.completed", key: "AP-3310", data: { status: "inconclusive", score: 0.55 }, keepForMs: 0 },
      { userId: designer.id, role: "designer" },
    );
    await decide(runId, "approve");
    const run = await finished(runId);
    expect([run.status, run.outcome]).toEqual(["succeeded", "verified"]);
    expect(stub.calls()).toEqual(["POST /kyc/v1/checks", "POST /accounts/v1/accounts/AP-3310/activate"]);
    expect(bodyOf("/accounts/")).toEqual({ verifiedBy: "officer" });
  });

  it("employee onboarding: the three parallel branches meet, the start date passes, the welcome is sent", async () => {
    const { versionId } = await install("employee-onboarding", []);
    h.model.script([final({ days: ["Meet the team", "Set up", "First ticket", "Pairing", "Demo"] })]);
    const run = await finished(await start(versionId, findTemplate("employee-onboarding")!.sampleInput));
    expect([run.status, run.outcome]).toEqual(["succeeded", "onboarded"]);
    expect(new Set(stub.calls())).toEqual(new Set(["POST /directory/v1/users", "POST /it-shop/v1/orders", "POST /mail/v1/send"]));
    expect(stub.calls().at(-1)).toBe("POST /mail/v1/send");
    expect(bodyOf("/mail/")).toMatchObject({
      to: "alan@example.com",
      plan: ["Meet the team", "Set up", "First ticket", "Pairing", "Demo"],
    });
    h.model.assertScriptConsumed();
  });

  it("covers every template", () => {
    expect([...ran].sort()).toEqual(workflowTemplates.map((t) => t.id).sort());
  });
});
