// The callback URL takes no session, so its body is the least trusted input we read: a chunked upload
// without Content-Length stops at the 1 MB limit while streaming (413), and deep nesting, numbers past
// the double range and NUL characters are refused (400) with the step still waiting.
import { afterAll, beforeAll, expect, it } from "vitest";
import { statusOf } from "@/lib/api/errors";
import { startRun } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { receiveCallback, MAX_CALLBACK_BODY_BYTES } from "@/lib/triggers/callback-service";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createHarness, type Harness } from "@/tests/engine/helpers/engine";
import { publish } from "@/tests/engine/helpers/graph";
import { chunkedBody } from "@/tests/api/helpers/route-fixtures";
import { untilWaiting, waitCallbackGraph } from "./helpers/wait-graphs";

async function statusOfCall(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof DomainError) return statusOf(e.code);
    throw e;
  }
}

const text = (body: string) => new Request("http://localhost/cb", { method: "POST", body });

describeEachDb("callbacks: hostile bodies", (dialect) => {
  let h: Harness;
  const deps = () => ({ db: h.db.sql, store: h.store, notify: () => h.notifier.notify() });

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("stops reading a chunked body at the limit and refuses deep, overflowing and NUL bodies; the step keeps waiting", async () => {
    const { versionId } = await publish(h.db.sql, waitCallbackGraph({ timeoutMs: 3_600_000 }));
    const run = await startRun(h.deps, { versionId, input: {}, initiatorId: null });
    await untilWaiting(h.db.sql, versionId, "wait_callback", 1);
    const step = (await h.store.getSteps(run.id)).find((s) => s.stepKey === "cb")!;
    const token = ((step.input ?? {}) as { callbackPath: string }).callbackPath.split("/").pop()!;

    const { stream, pulled } = chunkedBody(100 * 1024 * 1024);
    const chunked = new Request("http://localhost/cb", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await statusOfCall(receiveCallback(deps(), token, chunked))).toBe(413);
    expect(pulled()).toBeLessThan(MAX_CALLBACK_BODY_BYTES + 256 * 1024);

    expect(await statusOfCall(receiveCallback(deps(), token, text("[".repeat(10_000) + "]".repeat(10_000))))).toBe(400);
    expect(await statusOfCall(receiveCallback(deps(), token, text('{"amount":-1e400}')))).toBe(400);
    expect(await statusOfCall(receiveCallback(deps(), token, text('{"name":"a\\u0000b"}')))).toBe(400);
    expect((await h.store.getSteps(run.id)).find((s) => s.stepKey === "cb")!.status).toBe("waiting");

    expect(await statusOfCall(receiveCallback(deps(), token, text('{"ok":true}')))).toBe(200);
    await h.waitFor(run.id, ["succeeded"]);
  });
});
