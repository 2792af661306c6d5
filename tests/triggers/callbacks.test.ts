// Wait for callback on both databases: the one-time URL under 20 concurrent POSTs (one 200, the rest
// 409), body schema, heartbeat, timeout, and unknown tokens.
import { expect, it } from "vitest";
import { statusOf } from "@/lib/api/errors";
import { startRun } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { heartbeatCallback, receiveCallback } from "@/lib/triggers/callback-service";
import { describeEachDb } from "@/tests/helpers/test-db";
import { expireTimers } from "@/tests/engine/helpers/engine";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { publish } from "@/tests/engine/helpers/graph";
import { untilWaiting, waitCallbackGraph } from "./helpers/wait-graphs";

const post = (body: unknown) => new Request("http://localhost/cb", { method: "POST", body: JSON.stringify(body) });

/** The HTTP status the route answers for an outcome (what lib/api maps the error to). */
async function statusOfCall(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof DomainError) return statusOf(e.code);
    throw e;
  }
}

describeEachDb("callbacks: Wait for callback", (dialect) => {
  const { h } = useEngine(dialect);
  const deps = () => ({ db: h.db.sql, store: h.store, notify: () => h.notifier.notify() });
  const cbStep = async (runId: string) => (await h.store.getSteps(runId)).find((s) => s.stepKey === "cb")!;
  const tokenOf = async (runId: string) => {
    const path = (((await cbStep(runId)).input ?? {}) as { callbackPath?: string }).callbackPath ?? "";
    expect(path).toMatch(/^\/api\/v1\/callbacks\/[A-Za-z0-9_-]{43}$/);
    return path.split("/").pop()!;
  };

  it("resumes once under 20 concurrent POSTs: exactly one 200, the others 409", { timeout: 30_000 }, async () => {
    const { versionId } = await publish(h.db.sql, waitCallbackGraph({ timeoutMs: 3_600_000 }));
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_callback", 1);
    const token = await tokenOf(run.id);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => statusOfCall(receiveCallback(deps(), token, post({ n: i })))));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    await h.waitFor(run.id, ["succeeded"]);
    const out = (await h.store.getRun(run.id))!.output as { body: { n: number } };
    expect(out.body.n).toBeGreaterThanOrEqual(0);
    // after the resume the URL still answers 409, not 404
    expect(await statusOfCall(receiveCallback(deps(), token, post({ n: 99 })))).toBe(409);
    expect((await cbStep(run.id)).outputHandle).toBe("out");
  });

  it("refuses a body that does not match the schema (422) and keeps waiting", async () => {
    const schema = { type: "object", required: ["status"], properties: { status: { enum: ["approved", "declined"] } } };
    const { versionId } = await publish(h.db.sql, waitCallbackGraph({ bodySchema: schema }));
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_callback", 1);
    const token = await tokenOf(run.id);
    expect(await statusOfCall(receiveCallback(deps(), token, post({ status: "maybe" })))).toBe(422);
    expect(
      await statusOfCall(receiveCallback(deps(), token, new Request("http://localhost/cb", { method: "POST", body: "{not json" }))),
    ).toBe(400);
    expect((await cbStep(run.id)).status).toBe("waiting");
    expect(await statusOfCall(receiveCallback(deps(), token, post({ status: "approved" })))).toBe(200);
    await h.waitFor(run.id, ["succeeded"]);
    expect((await h.store.getRun(run.id))!.output).toEqual({ body: { status: "approved" } });
  });

  it("routes down timeout at the deadline; a callback afterwards is a 409", async () => {
    const { versionId } = await publish(h.db.sql, waitCallbackGraph({ timeoutMs: 3_600_000 }));
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_callback", 1);
    const token = await tokenOf(run.id);
    await expireTimers(h, run.id);
    await h.waitFor(run.id, ["succeeded"]);
    expect((await cbStep(run.id)).outputHandle).toBe("timeout");
    expect((await h.store.getRun(run.id))!.output).toEqual({ late: true });
    await expect(receiveCallback(deps(), token, post({}))).rejects.toMatchObject({ code: "callback_expired" });
    await expect(heartbeatCallback(deps(), token)).rejects.toMatchObject({ code: "callback_expired" });
  });

  it("a heartbeat moves the deadline to now + timeout", async () => {
    const { versionId } = await publish(h.db.sql, waitCallbackGraph({ timeoutMs: 3_600_000 }));
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_callback", 1);
    const token = await tokenOf(run.id);
    await h.db.sql.run(`UPDATE "Step" SET "wakeAtMs"=? WHERE "runId"=? AND "stepKey"='cb'`, [Date.now() + 60_000, run.id]);
    const before = (await cbStep(run.id)).wakeAtMs!;
    const r = await heartbeatCallback(deps(), token);
    expect(Date.parse(r.timeoutAt!)).toBeGreaterThan(before + 3_000_000);
    expect(Math.abs((await cbStep(run.id)).wakeAtMs! - Date.parse(r.timeoutAt!))).toBeLessThan(1);
    await h.waitFor(run.id, ["waiting"]);
    expect(await statusOfCall(receiveCallback(deps(), token, post({ done: true })))).toBe(200);
    await h.waitFor(run.id, ["succeeded"]);
  });

  it("answers 404 for an unknown or malformed token", async () => {
    expect(await statusOfCall(receiveCallback(deps(), "x".repeat(43), post({})))).toBe(404);
    expect(await statusOfCall(receiveCallback(deps(), "../../etc", post({})))).toBe(404);
    expect(await statusOfCall(heartbeatCallback(deps(), "y".repeat(43)))).toBe(404);
  });
});
