// `$.steps.<node>.callbackUrl` end to end on both databases: a Wait for callback and an HTTP node in
// parallel branches; the HTTP node posts the waiting step's absolute callback URL to a stub outside
// system, the stub calls that URL back (through the real callback route), and the run ends with the
// stub's body as the step's output. The HTTP node comes first in the graph, so the test also proves the
// interpreter parks the Wait for callback before it prepares a parallel node in the same pass.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startRun } from "@/lib/engine/run-service";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createHarness, type Harness } from "@/tests/engine/helpers/engine";
import { graph, publish } from "@/tests/engine/helpers/graph";

let app: unknown;
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));
const callbackRoute = await import("@/app/api/v1/callbacks/[token]/route");

/** The outside system and the server's callback route on one loopback port (the worker's public base URL). */
async function startOutside() {
  const handedOut: string[] = [];
  const callbackStatuses: number[] = [];
  const pending: Promise<void>[] = [];
  const read = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString()));
    });
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    const work = read(req).then(async (body) => {
      const cb = /^\/api\/v1\/callbacks\/([^/]+)$/.exec(path);
      if (cb) {
        const r = await callbackRoute.POST(
          new Request(`http://127.0.0.1${path}`, { method: "POST", headers: { "content-type": "application/json" }, body }),
          { params: Promise.resolve({ token: cb[1] }) },
        );
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(await r.text());
        return;
      }
      // The stub: answer the HTTP node, then call the URL it was handed.
      const { callbackUrl } = JSON.parse(body) as { callbackUrl: string };
      handedOut.push(callbackUrl);
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"accepted":true}');
      const answer = await fetch(callbackUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"paid":true}' });
      callbackStatuses.push(answer.status);
      await answer.text();
    });
    pending.push(work.catch((e: unknown) => void res.destroy(e as Error)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    handedOut,
    callbackStatuses,
    /** Every request handled so far has finished (the stub's own callback call included). */
    settled: () => Promise.all(pending),
    close: async () => {
      await Promise.all(pending);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describeEachDb("callbacks: $.steps.<node>.callbackUrl", (dialect) => {
  let h: Harness;
  let outside: Awaited<ReturnType<typeof startOutside>>;
  beforeAll(async () => {
    outside = await startOutside();
    h = await createHarness(dialect, { publicBaseUrl: `${outside.url}/` });
    app = { db: h.db, engine: { store: h.store, notify: () => h.notifier.notify(), schedulesChanged: () => undefined } };
  });
  afterAll(async () => {
    await h?.close();
    await outside?.close();
  });

  it(
    "a parallel HTTP node hands the waiting step's absolute URL out; the outside system's POST resumes it",
    { timeout: 30_000 },
    async () => {
      const g = graph()
        .start()
        .node({
          id: "call",
          kind: "http",
          name: "Tell provider",
          config: { method: "POST", url: `${outside.url}/stub`, body: "{ 'callbackUrl': $.steps.Payment.callbackUrl }" },
        })
        .node({ id: "cb", kind: "wait_callback", name: "Payment", config: { timeoutMs: 3_600_000 } })
        .end("sent", "{ 'sent': $.steps.`Tell provider`.output.body }")
        .end("end", "{ 'paid': $.steps.Payment.output }")
        .edge("start", "call")
        .edge("start", "cb")
        .edge("call", "sent")
        .edge("cb", "end")
        .build();
      const { versionId } = await publish(h.db.sql, g);
      const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
      await h.waitFor(run.id, ["succeeded", "failed"], 20_000);
      await outside.settled();
      const steps = await h.store.getSteps(run.id);
      const cb = steps.find((s) => s.stepKey === "cb")!;
      const path = (cb.input as { callbackPath: string }).callbackPath;
      expect(path).toMatch(/^\/api\/v1\/callbacks\/[A-Za-z0-9_-]{43}$/);
      expect(outside.handedOut).toEqual([`${outside.url}${path}`]);
      expect(outside.callbackStatuses).toEqual([200]);
      expect(cb).toMatchObject({ status: "succeeded", outputHandle: "out" });
      expect(cb.output).toEqual({ paid: true });
      expect(steps.find((s) => s.stepKey === "call")).toMatchObject({ status: "succeeded" });
      expect((await h.store.getRun(run.id))!.status).toBe("succeeded");
    },
  );
});
