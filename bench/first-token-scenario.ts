// First streamed token: the time from the fake model writing the first piece of an answer to an SSE
// client of run:<id> reading it, through the real worker, agent runtime (stream: true on the real
// `openai` client), live-text buffer and SSE stream of GET /api/v1/events (the stream is read
// in-process: the loopback HTTP hop of the web server is not included). The model waits 150 ms
// before answering so the client is connected first. Prints one JSON line:
//   {"scenario":"first-token","db":"sqlite","runs":30,"p50_ms":…,"p95_ms":…}
// Target (issue 17): p95 ≤ 50 ms. Called by bench/engine.ts.
import type { Database } from "@/lib/db/connection";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { startRun } from "@/lib/engine/run-service";
import { createAgentRuntime, withAgentRuntime } from "@/lib/agents/agent-runtime";
import { EventHub } from "@/lib/monitoring/event-hub";
import { eventStream } from "@/lib/monitoring/sse-stream";
import { startFakeModelServer } from "@/scripts/fake-model/server";
import { BENCH_API_KEY, createBenchProvider, ensureBenchSecretKey, publishAgentWorkflow } from "./agent-bench-setup";
import { SseReader } from "@/tests/monitoring/helpers/sse-reader";

const RUNS = 30;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export async function runFirstTokenScenario(db: Database, dialect: "sqlite" | "postgresql", extra: Record<string, unknown> = {}) {
  ensureBenchSecretKey();
  const model = await startFakeModelServer({ expectApiKey: BENCH_API_KEY, logUnscripted: false });
  const store = new SqlEngineStore(db.sql);
  const notifier = new LocalNotifier();
  const worker = new Worker({ store, notifier, concurrency: 4, leaseMs: 30_000, pollMs: 200, log: () => undefined });
  await withAgentRuntime(createAgentRuntime({ db: db.sql }), () => worker.start({ register: false }));
  const hub = new EventHub({ sql: db.sql, dialect, subscribe: (fn) => notifier.subscribe(fn) }, { log: () => undefined });
  try {
    const provider = await createBenchProvider(db.sql, model.url);
    const versionId = await publishAgentWorkflow(db.sql, provider.id, {});
    const deps = { store, notifier };
    const samples: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      model.reset();
      model.script([
        { json: { answer: `answer ${i}`, rationale: "bench", confidence: 0.9 }, delayMs: 150, tokenDelayMs: 2, chunkChars: 4 },
      ]);
      const run = await startRun(deps, { versionId, input: { i }, initiatorId: null });
      const reader = new SseReader(
        eventStream({ hub, sql: db.sql, topics: [{ kind: "run", runId: run.id }], lastEventId: null, heartbeatMs: 60_000 }),
      );
      let firstAt: number | null = null;
      reader.onFrame = (f) => {
        if (f.event === "live-text" && firstAt === null) firstAt = performance.timeOrigin + performance.now();
      };
      await reader.waitFor((fs) => fs.some((f) => f.event === "live-text" && (f.data as { done?: boolean }).done === true), 30_000);
      await reader.cancel();
      const sent = model.calls[0]?.firstChunkAtMs;
      if (i >= 3 && firstAt !== null && sent !== undefined) samples.push(firstAt - sent);
    }
    const result = {
      scenario: "first-token",
      db: dialect,
      runs: samples.length,
      p50_ms: Math.round(percentile(samples, 50) * 100) / 100,
      p95_ms: Math.round(percentile(samples, 95) * 100) / 100,
      ...extra,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result;
  } finally {
    await hub.stop();
    await worker.stop({ graceMs: 1000 });
    await model.close();
  }
}
