// Streaming: an agent's model answer reaches SSE clients piece by piece while the step runs, a client
// that connects mid-answer first gets the text so far, only the final answer is stored, and on
// PostgreSQL the pieces reach another process's listener through NOTIFY.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { EventHub } from "@/lib/monitoring/event-hub";
import { eventStream } from "@/lib/monitoring/sse-stream";
import type { LiveTextMessage, RunEventMessage } from "@/lib/monitoring/sse-messages";
import { foldLiveText, type LiveText } from "@/lib/monitoring/live-text-merge";
import { decodeLiveText } from "@/lib/monitoring/live-text-wire";
import { listenLiveText } from "@/lib/db/live-text-channel";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { SseReader } from "@/tests/monitoring/helpers/sse-reader";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph } from "./helpers/agent-graph";

const ANSWER = { answer: "The claim is covered by the policy.", rationale: "Clause 4 applies.", confidence: 0.9 };
const TEXT = JSON.stringify(ANSWER);

describeEachDb("agent streaming", (dialect) => {
  let h: AgentHarness;
  let hub: EventHub;
  let versionId: string;
  const readers: SseReader[] = [];
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    hub = new EventHub(
      { sql: h.db.sql, dialect, subscribe: (fn) => h.notifier.subscribe(fn), listen: (fn) => h.store.listen(fn) },
      { tickMs: 10, log: () => undefined },
    );
    ({ versionId } = await h.publish(agentGraph(agentConfig(h.providerId))));
  });
  afterAll(async () => {
    for (const r of readers) await r.cancel();
    await hub?.stop();
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  const open = (runId: string) => {
    const r = new SseReader(eventStream({ hub, sql: h.db.sql, topics: [{ kind: "run", runId }], lastEventId: null, heartbeatMs: 60_000 }));
    readers.push(r);
    return r;
  };
  const fold = (r: SseReader): LiveText | undefined =>
    r.byEvent("live-text").reduce<LiveText | undefined>((acc, f) => foldLiveText(acc, f.data as LiveTextMessage), undefined);
  const stepDone = (r: SseReader) =>
    r
      .byEvent("run-event")
      .some((f) => (f.data as RunEventMessage).type === "step.succeeded" && (f.data as RunEventMessage).stepKey === "agent");

  it("streams the answer while the step runs; a late client gets the text so far; only the answer is stored", async () => {
    h.model.script([{ json: ANSWER, tokenDelayMs: 15, chunkChars: 3 }]);
    const run = await h.start(versionId, { claimId: "S-1" });
    const early = open(run.id);
    // several pieces have arrived and the step has not ended
    await early.waitFor(() => (fold(early)?.text.length ?? 0) >= 12);
    expect(stepDone(early)).toBe(false);
    expect((await h.step(run.id, "agent")).status).toBe("running");
    const pieces = early.byEvent("live-text").length;
    expect(pieces).toBeGreaterThan(1);

    // a reconnecting client: its first live-text frame is everything so far, from offset 0
    const late = open(run.id);
    await late.waitFor((f) => f.some((x) => x.event === "live-text"));
    const first = late.byEvent("live-text")[0].data as LiveTextMessage;
    expect(first.offset).toBe(0);
    expect(first.text.length).toBeGreaterThanOrEqual(12);
    expect(TEXT.startsWith(first.text)).toBe(true);

    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    for (const r of [early, late]) {
      await r.waitFor(() => stepDone(r) && fold(r)?.done === true);
      expect(fold(r)).toMatchObject({ from: 0, text: TEXT, done: true, stepKey: "agent" });
    }
    // the live frames came before the step's end on the stream
    const ended = early.frames.findIndex(
      (f) =>
        f.event === "run-event" && (f.data as RunEventMessage).type === "step.succeeded" && (f.data as RunEventMessage).stepKey === "agent",
    );
    expect(early.frames.findIndex((f) => f.event === "live-text")).toBeLessThan(ended);
    expect(h.model.lastCall?.stream).toBe(true);
    const out = (await h.step(run.id, "agent")).output as AgentOutput;
    expect(out).toMatchObject({ answer: ANSWER.answer, confidence: 0.9, modelCalls: 1 });
    expect(out.usage.outputTokens).toBeGreaterThan(0);
    // nothing but the final call's record is stored: no row holds a partial answer
    const rows = await h.db.sql.all<{ response: string | null }>(`SELECT "response" FROM "ModelCall" WHERE "runId"=? ORDER BY "seq"`, [
      run.id,
    ]);
    expect(rows.length).toBe(2); // the model call and the decision
  });

  it("reaches another process's listener through NOTIFY (PostgreSQL)", async () => {
    if (dialect !== "postgresql") return;
    const heard: LiveTextMessage[] = [];
    // decoding as another process: this process's own payloads count as someone else's
    const stop = await listenLiveText(h.db.sql, (p) => heard.push(...decodeLiveText(p, "another-process")));
    try {
      h.model.script([{ json: ANSWER, tokenDelayMs: 5, chunkChars: 5 }]);
      const run = await h.start(versionId, { claimId: "S-2" });
      expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
      const deadline = Date.now() + 5000;
      while (!heard.some((m) => m.runId === run.id && m.done) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const folded = heard.filter((m) => m.runId === run.id).reduce<LiveText | undefined>((a, m) => foldLiveText(a, m), undefined);
      expect(folded).toMatchObject({ from: 0, text: TEXT, done: true });
    } finally {
      await stop();
    }
  });
});
