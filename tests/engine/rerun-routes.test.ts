// The retry and rerun route handlers on real databases, with the signed-in user stubbed: role checks,
// body validation, engine refusals mapped to 4xx, and nothing written on bad input. A test run is a
// person's: an API key may not retry it or rerun it (403 test_run_only), alone or in bulk.
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import { testSnapshot } from "@/lib/db/pin-store";
import type { Role } from "@/lib/auth/roles";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "./helpers/graph";
import { startRun } from "@/lib/engine/run-service";
import { useEngine } from "./helpers/fixture";

const current: { role: Role; id: string; method: "session" | "api_key" } = { role: "admin", id: "u-admin", method: "session" };
let app: unknown;

vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: current.id, role: current.role },
    method: current.method,
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const { POST: retry } = await import("@/app/api/v1/runs/[runId]/retry/route");
const { POST: rerun } = await import("@/app/api/v1/runs/[runId]/rerun/route");
const { POST: bulk } = await import("@/app/api/v1/runs/bulk/route");

function req(path: string, body: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}
const params = (runId: string) => ({ params: Promise.resolve({ runId }) });

describeEachDb("retry and rerun routes", (dialect) => {
  const { h, sink } = useEngine(dialect, { sink: true });
  let versionId: string;
  let workflowId: string;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    app = { db: h.db, engine: { store: h.store, notifier: h.notifier } };
    doc = graph()
      .start()
      .node({ id: "a", kind: "http", config: { url: `${sink.url}/a` } })
      .node({
        id: "b",
        kind: "http",
        config: { url: `${sink.url}/b` },
        retry: { maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 1000, jitter: 0 },
      })
      .end("end", "$.steps.b.output.status")
      .chain("start", "a", "b", "end")
      .build();
    ({ versionId, workflowId } = await publish(h.db.sql, doc));
  });
  beforeEach(() => {
    current.role = "admin";
    current.id = "u-admin";
    current.method = "session";
  });

  async function failedRun(): Promise<string> {
    sink.script("/b", [500]);
    const { id } = await startRun(h.deps, { versionId, input: {}, initiatorId: "u-designer" });
    expect(await h.waitFor(id, ["succeeded", "failed"])).toBe("failed");
    return id;
  }

  it("retry: admin and designer only; a failed run resumes and completed calls are not repeated", async () => {
    const runId = await failedRun();
    for (const role of ["reviewer", "viewer"] as Role[]) {
      current.role = role;
      expect((await retry(req(`/api/v1/runs/${runId}/retry`, {}), params(runId))).status, role).toBe(403);
    }
    expect((await h.store.getRun(runId))!.status).toBe("failed");
    current.role = "designer";
    const aBefore = sink.requests.filter((r) => r.path === "/a").length;
    const res = await retry(req(`/api/v1/runs/${runId}/retry`, {}), params(runId));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { run: { status: string } }).run.status).toBe("queued");
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    expect(sink.requests.filter((r) => r.path === "/a").length).toBe(aBefore);
    const again = await retry(req(`/api/v1/runs/${runId}/retry`, {}), params(runId));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/Only a failed run can be retried/);
    expect((await retry(req(`/api/v1/runs/missing/retry`, {}), params("missing"))).status).toBe(404);
  });

  it("rerun: 201 with the new run linked to its source; bad bodies and unknown steps are 4xx and write nothing", async () => {
    const runId = await failedRun();
    const runsBefore = await h.db.sql.all(`SELECT "id" FROM "Run"`);
    current.role = "viewer";
    expect((await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "b" }), params(runId))).status).toBe(403);
    current.role = "designer";
    for (const body of [{}, { stepKey: "b", version: "newest" }, { stepKey: "b", extra: 1 }, { stepKey: "b", inputOverride: [1] }]) {
      const r = await rerun(req(`/api/v1/runs/${runId}/rerun`, body), params(runId));
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status, JSON.stringify(body)).toBeLessThan(500);
    }
    const unknown = await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "zzz" }), params(runId));
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/Step "zzz" does not exist/);
    expect(await h.db.sql.all(`SELECT "id" FROM "Run"`)).toHaveLength(runsBefore.length);

    const ok = await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "b" }), params(runId));
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { run: { id: string; sourceRunId: string; trigger: string }; reusedSteps: string[] };
    expect(body.run).toMatchObject({ sourceRunId: runId, trigger: "rerun" });
    expect(body.reusedSteps.sort()).toEqual(["a", "start"]);
    expect(await h.waitFor(body.run.id, ["succeeded", "failed"])).toBe("succeeded");
  });

  it("a test run is a person's: with an API key, retrying it, rerunning it from a step or bulk-retrying it is refused and changes nothing", async () => {
    const snapshot = await testSnapshot(h.db.sql, {
      newId: randomUUID,
      workflowId,
      graph: JSON.stringify(doc),
      pins: null,
      schemaVersion: 1,
      authorId: "u-designer",
      atMs: Date.now(),
    });
    sink.script("/b", [500]);
    const { id: runId } = await startRun(h.deps, { versionId: snapshot.id, input: {}, initiatorId: "u-designer", test: true });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("failed");
    expect((await h.store.getRun(runId))!.isTest).toBe(true);
    const runsBefore = await h.db.sql.all(`SELECT "id" FROM "Run"`);
    const bCalls = () => sink.requests.filter((r) => r.path === "/b").length;
    const bBefore = bCalls();

    current.role = "designer";
    current.method = "api_key";
    for (const res of [
      await retry(req(`/api/v1/runs/${runId}/retry`, {}), params(runId)),
      await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "b" }), params(runId)),
      await rerun(req(`/api/v1/runs/${runId}/rerun`, { nodeId: "b", version: "original" }), params(runId)),
    ]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("test_run_only");
    }
    const bulkRes = await bulk(req(`/api/v1/runs/bulk`, { action: "retry_failed", target: { runIds: [runId] } }), {
      params: Promise.resolve({}),
    });
    expect(bulkRes.status).toBe(200);
    const bulkBody = (await bulkRes.json()) as { done: string[]; failed: { runId: string; message: string }[] };
    expect(bulkBody.done).toEqual([]);
    expect(bulkBody.failed).toEqual([{ runId, message: expect.stringMatching(/test run/) as string }]);
    expect((await h.store.getRun(runId))!.status).toBe("failed");
    expect(await h.db.sql.all(`SELECT "id" FROM "Run"`)).toHaveLength(runsBefore.length);
    expect(bCalls()).toBe(bBefore);

    // The person who tests the draft may: rerunning a test run makes another test run.
    current.method = "session";
    sink.script("/b", [200]);
    const ok = await rerun(req(`/api/v1/runs/${runId}/rerun`, { stepKey: "b" }), params(runId));
    expect(ok.status).toBe(201);
    const again = (await ok.json()) as { run: { id: string; isTest?: boolean } };
    expect((await h.store.getRun(again.run.id))!.isTest).toBe(true);
    expect(await h.waitFor(again.run.id, ["succeeded", "failed"])).toBe("succeeded");
  });
});
