// POST /api/v1/events semantics on both databases: correlation to the one right run among 1,000
// waiting, dedupe by id, events kept (or not) for waiters that park later, timeouts, output schemas,
// and event triggers starting live workflows.
import { expect, it } from "vitest";
import { startRun } from "@/lib/engine/run-service";
import { publishEvent, publishEventBody, type PublishEventBody } from "@/lib/triggers/event-publish";
import { describeEachDb } from "@/tests/helpers/test-db";
import { expireTimers } from "@/tests/engine/helpers/engine";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { publish } from "@/tests/engine/helpers/graph";
import { countWaiting, untilWaiting, waitEventGraph } from "./helpers/wait-graphs";

const publisher = { userId: "u-publisher", role: "designer" };

describeEachDb("events: Wait for event and event triggers", (dialect) => {
  const { h } = useEngine(dialect);
  const send = (body: Partial<PublishEventBody> & { name: string }) =>
    publishEvent({ db: h.db.sql, engine: h.deps }, publishEventBody.parse(body), publisher);
  const stepOf = async (runId: string, key = "wait") => (await h.store.getSteps(runId)).find((s) => s.stepKey === key)!;

  it("resumes exactly the run whose correlation key matches, among 1,000 waiting", { timeout: 120_000 }, async () => {
    const { versionId } = await publish(h.db.sql, waitEventGraph({ event: "order.paid" }));
    const runIds: string[] = [];
    for (let i = 0; i < 1000; i++) runIds.push((await startRun(h.deps, { versionId, input: { orderId: `o-${i}` }, initiatorId: null })).id);
    await untilWaiting(h.db.sql, versionId, "wait_event", 1000);

    const r = await send({ name: "order.paid", key: "o-617", id: "evt-617", data: { amount: 42 } });
    expect(r.duplicate).toBe(false);
    expect(r.resumed).toEqual([{ runId: runIds[617], stepKey: "wait" }]);
    expect(await h.waitFor(runIds[617], ["succeeded"])).toBe("succeeded");
    expect((await h.store.getRun(runIds[617]))!.output).toEqual({ paid: { amount: 42 } });
    expect(await countWaiting(h.db.sql, versionId, "wait_event")).toBe(999);
    expect((await h.store.getRun(runIds[616]))!.status).toBe("waiting");

    // the same name with another key, or another name with the same key, resumes nothing
    expect((await send({ name: "order.paid", key: "o-nope", data: {} })).resumed).toEqual([]);
    expect((await send({ name: "order.shipped", key: "o-618", data: {} })).resumed).toEqual([]);
    expect(await countWaiting(h.db.sql, versionId, "wait_event")).toBe(999);
    // a number key matches the string the correlation gave
    const { versionId: v2 } = await publish(h.db.sql, waitEventGraph({ event: "invoice.paid" }));
    const numbered = await startRun(h.deps, { versionId: v2, input: { orderId: 7 }, initiatorId: null });
    await untilWaiting(h.db.sql, v2, "wait_event", 1);
    expect((await send({ name: "invoice.paid", key: 7 as unknown as string, data: { n: 7 } })).resumed).toHaveLength(1);
    expect(await h.waitFor(numbered.id, ["succeeded"])).toBe("succeeded");
  });

  it("dedupes by event id: the same id twice is one delivery", async () => {
    const { versionId } = await publish(h.db.sql, waitEventGraph({ event: "dedupe.test" }));
    const a = await startRun(h.deps, { versionId, input: { orderId: "k" }, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_event", 1);
    const first = await send({ name: "dedupe.test", key: "k", id: "same-id", data: { n: 1 } });
    expect(first.resumed).toEqual([{ runId: a.id, stepKey: "wait" }]);
    await h.waitFor(a.id, ["succeeded"]);

    const b = await startRun(h.deps, { versionId, input: { orderId: "k" }, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_event", 1);
    const again = await send({ name: "dedupe.test", key: "k", id: "same-id", data: { n: 2 } });
    expect(again.duplicate).toBe(true);
    expect(again.id).toBe("same-id");
    expect(again.resumed).toEqual(first.resumed);
    expect((await stepOf(b.id)).status).toBe("waiting");
    expect((await stepOf(b.id)).output).toBeNull();
    expect((await h.store.getRun(a.id))!.output).toEqual({ paid: { n: 1 } });
  });

  it("does not keep an event that arrives before its waiter by default", async () => {
    const { versionId } = await publish(h.db.sql, waitEventGraph({ event: "early.unkept" }));
    const r = await send({ name: "early.unkept", key: "x", data: { early: true } });
    expect(r.keptUntil).toBeNull();
    const run = await startRun(h.deps, { versionId, input: { orderId: "x" }, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_event", 1);
    // the run parked and released without the early event (a later one still resumes it)
    await h.waitFor(run.id, ["waiting"]);
    expect((await stepOf(run.id)).output).toBeNull();
    await send({ name: "early.unkept", key: "x", data: { late: true } });
    await h.waitFor(run.id, ["succeeded"]);
    expect((await h.store.getRun(run.id))!.output).toEqual({ paid: { late: true } });
  });

  it("keeps an event for keepForMs so a waiter that parks later receives it, once per run", async () => {
    const { versionId } = await publish(h.db.sql, waitEventGraph({ event: "early.kept" }));
    const r = await send({ name: "early.kept", key: "y", id: "kept-1", data: { early: true }, keepForMs: 60_000 });
    expect(r.keptUntil).not.toBeNull();
    const run1 = await startRun(h.deps, { versionId, input: { orderId: "y" }, initiatorId: null });
    const run2 = await startRun(h.deps, { versionId, input: { orderId: "y" }, initiatorId: null });
    await h.waitFor(run1.id, ["succeeded"]);
    await h.waitFor(run2.id, ["succeeded"]);
    expect((await h.store.getRun(run1.id))!.output).toEqual({ paid: { early: true } });
    const deliveries = await h.db.sql.all<{ runId: string }>(`SELECT "runId" FROM "EventDelivery" WHERE "eventId"=?`, ["kept-1"]);
    expect(deliveries.map((d) => d.runId).sort()).toEqual([run1.id, run2.id].sort());
    // another key is not served by it
    const other = await startRun(h.deps, { versionId, input: { orderId: "z" }, initiatorId: null });
    await h.waitFor(other.id, ["waiting"]);
    expect((await stepOf(other.id)).output).toBeNull();
  });

  it("routes down timeout when no event comes by the deadline, and a late event resumes nothing", async () => {
    const { versionId } = await publish(h.db.sql, waitEventGraph({ event: "slow.event", timeoutMs: 3_600_000 }));
    const run = await startRun(h.deps, { versionId, input: { orderId: "t" }, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_event", 1);
    expect((await stepOf(run.id)).wakeAtMs).toBeGreaterThan(Date.now() + 3_000_000);
    await expireTimers(h, run.id);
    await h.waitFor(run.id, ["succeeded"]);
    const step = await stepOf(run.id);
    expect(step.outputHandle).toBe("timeout");
    expect((await h.store.getRun(run.id))!.output).toEqual({ late: true });
    expect((await send({ name: "slow.event", key: "t", data: {} })).resumed).toEqual([]);
  });

  it("fails the step down its error path when the data does not match the output schema", async () => {
    const schema = { type: "object", required: ["amount"], properties: { amount: { type: "number" } } };
    const { versionId } = await publish(h.db.sql, waitEventGraph({ event: "typed.event", outputSchema: schema }));
    const run = await startRun(h.deps, { versionId, input: { orderId: "s" }, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_event", 1);
    await send({ name: "typed.event", key: "s", data: { amount: "ten" } });
    expect(await h.waitFor(run.id, ["failed"])).toBe("failed");
    expect((await stepOf(run.id)).error).toMatchObject({ code: "event_data_invalid" });
  });

  it("starts every live workflow whose event trigger subscribes to the name, once per event id", async () => {
    const trigger = (id: string, mapping: string) => ({ kind: "event", id, event: "lead.created", mapping });
    const ok = waitEventGraph({ event: "never", triggers: [trigger("trig-ok-01", "{ 'orderId': data.email }")] });
    const { workflowId: wfOk } = await publish(h.db.sql, ok);
    // an older version subscribed too: only the live (latest published) version starts
    const { workflowId: wfBad } = await publish(
      h.db.sql,
      waitEventGraph({ event: "never", triggers: [trigger("trig-bad-1", "data.email")] }),
    );
    const numeric = { type: "object", required: ["orderId"], properties: { orderId: { type: "number" } } };
    const live = waitEventGraph({ event: "never", inputSchema: numeric, triggers: [trigger("trig-bad-1", "{ 'orderId': data.email }")] });
    await publish(h.db.sql, live, wfBad);
    const r = await send({ name: "lead.created", id: "lead-1", data: { email: "a@example.com" } });
    expect(r.started.map((s) => s.workflowId)).toEqual([wfOk]);
    expect(r.failed).toEqual([expect.objectContaining({ workflowId: wfBad, triggerId: "trig-bad-1", code: "validation_failed" })]);
    const run = (await h.store.getRun(r.started[0].runId))!;
    expect(run.trigger).toBe("event");
    expect(run.input).toEqual({ orderId: "a@example.com" });
    expect(run.initiatorId).toBe(publisher.userId);

    const again = await send({ name: "lead.created", id: "lead-1", data: { email: "b@example.com" } });
    expect(again.duplicate).toBe(true);
    expect(again.started).toEqual(r.started);
    const runs = await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=?`, [wfOk]);
    expect(Number(runs[0].n)).toBe(1);
  });

  it("starts a workflow whose trigger went live after a publish that found no subscriber on the name", async () => {
    // the first publish reads the live workflows and finds no trigger on the name; the next ones do not
    // read them again but check in their own statement that they are unchanged
    const first = await send({ name: "contract.renewed", id: "renew-0", data: { n: 0 } });
    expect(first.started).toEqual([]);
    const stored = async (id: string) =>
      JSON.parse((await h.db.sql.all<{ result: string }>(`SELECT "result" FROM "PublishedEvent" WHERE "id"=?`, [id]))[0].result) as Record<
        string,
        unknown
      >;
    expect(await stored("renew-0")).toEqual({ resumed: [], started: [], failed: [] });
    expect((await send({ name: "contract.renewed", id: "renew-1", data: { n: 1 } })).started).toEqual([]);
    expect(await stored("renew-1")).toEqual({ resumed: [], started: [], failed: [] });

    // a workflow without a trigger on the name goes live: the set changed, the result is still final
    await publish(h.db.sql, waitEventGraph({ event: "never" }));
    expect((await send({ name: "contract.renewed", id: "renew-2", data: { n: 2 } })).started).toEqual([]);
    expect(await stored("renew-2")).toEqual({ resumed: [], started: [], failed: [] });

    const trigger = { kind: "event", id: "trig-renew", event: "contract.renewed", mapping: "{ 'orderId': 'r-' & $string(data.n) }" };
    const { workflowId } = await publish(h.db.sql, waitEventGraph({ event: "never", triggers: [trigger] }));
    const r = await send({ name: "contract.renewed", id: "renew-3", data: { n: 3 } });
    expect(r.started).toEqual([expect.objectContaining({ workflowId, triggerId: "trig-renew" })]);
    expect((await h.store.getRun(r.started[0].runId))!.input).toEqual({ orderId: "r-3" });
    expect(await stored("renew-3")).toEqual({ resumed: [], started: r.started, failed: [] });
    // the duplicate of an event that found no subscriber starts nothing, although one is live now
    const again = await send({ name: "contract.renewed", id: "renew-1", data: { n: 1 } });
    expect(again).toMatchObject({ duplicate: true, started: [], failed: [] });
    const runs = await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=?`, [workflowId]);
    expect(Number(runs[0].n)).toBe(1);
  });

  it("refuses malformed events at the boundary", () => {
    expect(publishEventBody.safeParse({ name: "bad name!" }).success).toBe(false);
    expect(publishEventBody.safeParse({ name: "ok", key: "" }).success).toBe(false);
    expect(publishEventBody.safeParse({ name: "ok", keepForMs: -1 }).success).toBe(false);
    expect(publishEventBody.safeParse({ name: "ok", extra: 1 }).success).toBe(false);
    expect(publishEventBody.parse({ name: "ok", key: 12 }).key).toBe("12");
  });
});
