// The monitoring API route handlers on real databases, with the signed-in user stubbed: role checks
// on every control (bulk cancel/retry, cancel, retry, rerun, the SSE endpoint), bad input, and bulk
// semantics (dry-run counts, confirmed counts, runs that finished meanwhile, retry in place).
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { startRun } from "@/lib/engine/run-service";
import type { BulkPreview, BulkResult } from "@/lib/monitoring/bulk-schema";
import { MAX_BULK_RUNS } from "@/lib/monitoring/bulk-schema";
import { sqlTimestamp } from "@/lib/db/row-codec";
import { randomUUID } from "node:crypto";
import { useEngine } from "@/tests/engine/helpers/fixture";

const current: { role: Role; id: string } = { role: "admin", id: "u-admin" };
let app: unknown;

vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: current.id, role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const { POST: bulk } = await import("@/app/api/v1/runs/bulk/route");
const { POST: cancel } = await import("@/app/api/v1/runs/[runId]/cancel/route");
const { GET: events } = await import("@/app/api/v1/events/route");
const { POST: retry } = await import("@/app/api/v1/runs/[runId]/retry/route");
const { POST: rerun } = await import("@/app/api/v1/runs/[runId]/rerun/route");
const { GET: olderEvents } = await import("@/app/api/v1/runs/[runId]/view/events/route");
const { GET: health } = await import("@/app/api/health/route");

const ROLES: Role[] = ["admin", "designer", "reviewer", "viewer", "auditor"];
const CONTROL: Role[] = ["admin", "designer"];

function req(path: string, body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const noParams = { params: Promise.resolve({}) };

describeEachDb("monitoring routes", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });
  let versionId: string;
  let workflowId: string;

  beforeAll(async () => {
    app = {
      db: h.db,
      engine: { store: h.store, notifier: h.notifier, notify: () => h.notifier.notify(), schedulesChanged: () => undefined },
    };
    const doc = graph()
      .start()
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input" },
      })
      .end("end", "$.steps.ap.output")
      .edge("start", "ap")
      .edge("ap", "end", "approved")
      .edge("ap", "end", "rejected")
      .build();
    ({ versionId, workflowId } = await publish(h.db.sql, doc));
  });
  afterAll(async () => {
    const { disposeEventHub } = await import("@/lib/monitoring/event-hub-instance");
    await disposeEventHub();
  });
  beforeEach(() => {
    current.role = "admin";
    current.id = "u-admin";
  });

  async function waitingRuns(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await startRun(h.deps, { versionId, input: { i }, initiatorId: "u-designer" })).id);
    for (const id of ids) await h.waitFor(id, ["waiting"]);
    return ids;
  }

  it("role checks: bulk actions, cancel, retry and rerun are for admin and designer only; nothing changes for the others", async () => {
    const [runId] = await waitingRuns(1);
    for (const role of ROLES) {
      current.role = role;
      current.id = `u-${role}`;
      const preview = await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { runIds: [runId] }, dryRun: true }), noParams);
      expect(preview.status, `${role} bulk dry run`).toBe(CONTROL.includes(role) ? 200 : 403);
      if (!CONTROL.includes(role)) {
        const real = await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { runIds: [runId] } }), noParams);
        expect(real.status).toBe(403);
        const c = await cancel(req(`/api/v1/runs/${runId}/cancel`, {}), { params: Promise.resolve({ runId }) });
        expect(c.status, `${role} cancel`).toBe(403);
        const r = await retry(req(`/api/v1/runs/${runId}/retry`, {}), { params: Promise.resolve({ runId }) });
        expect(r.status, `${role} retry`).toBe(403);
        const rr = await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "ap" }), { params: Promise.resolve({ runId }) });
        expect(rr.status, `${role} rerun`).toBe(403);
        expect((await h.store.getRun(runId))?.status).toBe("waiting");
      }
    }
    current.role = "designer";
    // allowed roles get past the role check (the engine then answers for the run's state)
    const r = await retry(req(`/api/v1/runs/${runId}/retry`, {}), { params: Promise.resolve({ runId }) });
    expect(r.status).toBe(409); // run_not_failed
    const rr = await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "ap" }), { params: Promise.resolve({ runId }) });
    expect(rr.status).toBe(409); // run_active
    const c = await cancel(req(`/api/v1/runs/${runId}/cancel`, { reason: "test" }), { params: Promise.resolve({ runId }) });
    expect(c.status).toBe(200);
    expect((await h.store.getRun(runId))?.status).toBe("cancelled");
  });

  it("bulk cancel by filter: the dry run states the count, the confirmed request cancels exactly those", async () => {
    const ids = await waitingRuns(3);
    const filter = { workflowId, status: "waiting" };
    const dry = await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { filter }, dryRun: true }), noParams);
    const preview = (await dry.json()) as BulkPreview;
    expect(preview).toMatchObject({ action: "cancel", supported: true, eligible: 3, matched: 3, matchedIsExact: true });
    // a stale confirmation is refused and nothing is cancelled
    const stale = await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { filter }, expectedCount: 2 }), noParams);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("count_changed");
    for (const id of ids) expect((await h.store.getRun(id))?.status).toBe("waiting");
    const res = await bulk(
      req("/api/v1/runs/bulk", { action: "cancel", target: { filter }, expectedCount: 3, reason: "cleanup" }),
      noParams,
    );
    expect(res.status).toBe(200);
    const out = (await res.json()) as BulkResult;
    expect(new Set(out.done)).toEqual(new Set(ids));
    expect(out.failed).toEqual([]);
    for (const id of ids) {
      const run = await h.store.getRun(id);
      expect(run?.status).toBe("cancelled");
      expect(run?.cancelledById).toBe("u-admin");
    }
  });

  it("bulk cancel on a selection leaves finished runs alone and says how many were eligible", async () => {
    const [a, b] = await waitingRuns(2);
    current.role = "designer";
    await cancel(req(`/api/v1/runs/${b}/cancel`, {}), { params: Promise.resolve({ runId: b }) });
    const dry = (await (
      await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { runIds: [a, b] }, dryRun: true }), noParams)
    ).json()) as BulkPreview;
    expect(dry).toMatchObject({ matched: 2, eligible: 1 });
    const out = (await (
      await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { runIds: [a, b] }, expectedCount: 1 }), noParams)
    ).json()) as BulkResult;
    expect(out.done).toEqual([a]);
  });

  it("bulk retry of failed runs from a filter: counted, confirmed, each resumed in place and finishing", async () => {
    sink.script("/flaky", [404, 404]); // each run's first call fails without retry; the retry gets 200
    const doc = graph()
      .start()
      .node({ id: "call", kind: "http", config: { method: "GET", url: `${sink.url}/flaky` } })
      .end("end", "$.steps.call.output.status")
      .chain("start", "call", "end")
      .build();
    const { versionId: v2, workflowId: wf2 } = await publish(h.db.sql, doc);
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await startRun(h.deps, { versionId: v2, input: {}, initiatorId: "u-designer" })).id);
    for (const id of ids) expect(await h.waitFor(id, ["failed", "succeeded"])).toBe("failed");
    const filter = { workflowId: wf2, status: "failed" };
    current.role = "designer";
    const dry = (await (
      await bulk(req("/api/v1/runs/bulk", { action: "retry_failed", target: { filter }, dryRun: true }), noParams)
    ).json()) as BulkPreview;
    expect(dry).toMatchObject({ supported: true, eligible: 2, matched: 2 });
    const res = await bulk(req("/api/v1/runs/bulk", { action: "retry_failed", target: { filter }, expectedCount: 2 }), noParams);
    expect(res.status).toBe(200);
    expect(new Set(((await res.json()) as BulkResult).done)).toEqual(new Set(ids));
    for (const id of ids) {
      expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("succeeded");
      expect((await h.store.getEvents(id)).map((e) => e.type)).toContain("run.retried");
    }
    // retrying runs that are not failed is a no-op: nothing eligible
    const again = (await (
      await bulk(req("/api/v1/runs/bulk", { action: "retry_failed", target: { runIds: ids }, dryRun: true }), noParams)
    ).json()) as BulkPreview;
    expect(again.eligible).toBe(0);
  });

  it("a bulk action matching more runs than one request may act on is a 422 too_many_runs, and nothing is cancelled", async () => {
    const { versionId: v3, workflowId: wf3 } = await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build());
    const now = Date.now();
    const ids = Array.from({ length: MAX_BULK_RUNS + 1 }, () => randomUUID());
    // parked runs with no wake-up time: no worker claims them
    await h.db.sql.tx(async (q) => {
      for (let i = 0; i < ids.length; i += 100) {
        const part = ids.slice(i, i + 100);
        await q.run(
          `INSERT INTO "Run" ("id","workflowId","versionId","status","trigger","input","createdAt","startedAtMs","updatedAtMs") VALUES ${part.map(() => "(?,?,?,'waiting','manual','{}',?,?,?)").join(",")}`,
          part.flatMap((id) => [id, wf3, v3, sqlTimestamp(h.db.dialect, now), now, now]),
        );
      }
    });
    const filter = { workflowId: wf3, status: "waiting" };
    const dry = (await (
      await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { filter }, dryRun: true }), noParams)
    ).json()) as BulkPreview;
    expect(dry).toMatchObject({ matched: MAX_BULK_RUNS + 1, eligible: MAX_BULK_RUNS + 1, limit: MAX_BULK_RUNS });
    const res = await bulk(req("/api/v1/runs/bulk", { action: "cancel", target: { filter } }), noParams);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_many_runs");
    const [left] = await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId" = ? AND "status" = 'waiting'`, [
      wf3,
    ]);
    expect(Number(left.n)).toBe(MAX_BULK_RUNS + 1);
  });

  it("older events of a run page backwards, an unknown run is a 404, and the health check answers", async () => {
    const [runId] = await waitingRuns(1);
    const params = (id: string) => ({ params: Promise.resolve({ runId: id }) });
    const page = await olderEvents(req(`/api/v1/runs/${runId}/view/events?before=2000000000`), params(runId));
    expect(page.status).toBe(200);
    const body = (await page.json()) as { events: { runId: string; type: string }[]; hasOlder: boolean };
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.events.every((e) => e.runId === runId)).toBe(true);
    expect(body.events[0].type).toBe("run.started");
    expect(body.hasOlder).toBe(false);
    const missing = await olderEvents(req(`/api/v1/runs/nope/view/events?before=10`), params("nope"));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
  });

  it("bad bulk input is a 400 naming the problem, and nothing is written", async () => {
    const [runId] = await waitingRuns(1);
    for (const body of [
      { action: "explode", target: { runIds: [runId] } },
      { action: "cancel", target: { runIds: [] } },
      { action: "cancel", target: { runIds: ["../etc"] } },
      { action: "cancel", target: { filter: { status: "sleeping" } } },
      { action: "cancel", target: { runIds: [runId], filter: {} } },
      { action: "cancel" },
    ]) {
      const res = await bulk(req("/api/v1/runs/bulk", body), noParams);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid /);
    }
    expect((await h.store.getRun(runId))?.status).toBe("waiting");
  });

  it("the SSE endpoint: every role may read, bad topics are 400, unknown runs 404, the stream is text/event-stream", async () => {
    const [runId] = await waitingRuns(1);
    for (const role of ROLES) {
      current.role = role;
      const ac = new AbortController();
      const r = new Request(`http://localhost/api/v1/events?topic=run:${runId},runs,inbox`, { signal: ac.signal });
      const res = await events(r, noParams);
      expect(res.status, role).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      ac.abort();
      await res.body?.cancel();
    }
    expect((await events(req("/api/v1/events"), noParams)).status).toBe(400);
    expect((await events(req("/api/v1/events?topic=everything"), noParams)).status).toBe(400);
    expect((await events(req("/api/v1/events?topic=runs&lastEventId=-4"), noParams)).status).toBe(400);
    const bad = new Request("http://localhost/api/v1/events?topic=runs", { headers: { "last-event-id": "abc" } });
    expect((await events(bad, noParams)).status).toBe(400);
    expect((await events(req("/api/v1/events?topic=run:00000000-0000-4000-8000-000000000000"), noParams)).status).toBe(404);
  });
});
