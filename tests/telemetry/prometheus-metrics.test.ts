// Prometheus metrics after a workload, read back through /api/metrics' handler and parsed as
// Prometheus text: step latency histograms by node kind, retries, runs finished, open and overdue
// tasks, decisions in the last minute, the ready-run queue (depth and age) and SSE clients; the
// endpoint refuses a missing or wrong token and does not exist without one.
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { graph, publish, transformChain } from "@/tests/engine/helpers/graph";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { OtelTelemetry } from "@/lib/telemetry/otel-telemetry";
import { createMetrics } from "@/lib/telemetry/metrics";
import { metricsResponse } from "@/lib/telemetry/metrics-endpoint";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text exposition format: `# HELP`/`# TYPE` comments and `name{l="v",…} value` samples. */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) types.set(t[1], t[2]);
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: m[3] === "+Inf" ? Infinity : Number(m[3]) });
  }
  return { samples, types };
}

const TOKEN = "metrics-token-for-tests-0123456789";
describeEachDb("Prometheus metrics", (dialect) => {
  const metrics = createMetrics();
  const { h, sink } = useEngine(dialect, { sink: true, telemetry: new OtelTelemetry({ tracer: null, metrics }) });

  const scrape = async (auth: string | null = `Bearer ${TOKEN}`, token: string | null = TOKEN) =>
    metricsResponse(new Request("http://localhost/api/metrics", { headers: auth ? { authorization: auth } : {} }), {
      token: token ?? undefined,
      sql: h.db.sql,
      metrics,
      sseClients: () => 2,
    });

  it("counts a workload and reads the queue, tasks and decisions from the database", async () => {
    // 3 runs of a 4-step chain, one HTTP step that fails once and is retried, one approval
    const chain = await publish(h.db.sql, transformChain(4));
    for (let i = 0; i < 3; i++) await startRun(h.deps, { versionId: chain.versionId, input: {}, initiatorId: null });
    sink.script("/flaky", [503]);
    const flaky = await publish(
      h.db.sql,
      graph()
        .start()
        .node({
          id: "call",
          kind: "http",
          config: { method: "GET", url: `${sink.url}/flaky` },
          retry: { maxAttempts: 2, initialIntervalMs: 1, backoffCoefficient: 1, maxIntervalMs: 1, jitter: 0 },
        })
        .end("end")
        .edge("start", "call")
        .edge("call", "end")
        .build(),
    );
    const flakyRun = await startRun(h.deps, { versionId: flaky.versionId, input: {}, initiatorId: null });
    const approvalDoc = (dueInMs?: number) =>
      graph()
        .start()
        .node({
          id: "ap",
          kind: "approval",
          config: {
            assignees: { users: [], roles: ["reviewer"] },
            instructions: "Check",
            payload: "$",
            separationOfDuties: false,
            ...(dueInMs ? { dueInMs } : {}),
          },
        })
        .end("end")
        .edge("start", "ap")
        .edge("ap", "end", "approved")
        .build();
    const ap = await publish(h.db.sql, approvalDoc());
    const decided = await startRun(h.deps, { versionId: ap.versionId, input: {}, initiatorId: null });
    const open = await startRun(h.deps, { versionId: ap.versionId, input: {}, initiatorId: null });
    expect(await h.waitFor(flakyRun.id, ["succeeded", "failed"])).toBe("succeeded");
    await h.waitFor(decided.id, ["waiting"]);
    await h.waitFor(open.id, ["waiting"]);
    const task = (await h.store.getTasks(decided.id)).find((t) => t.status === "open")!;
    await decideTask(h.deps, { taskId: task.id, userId: "rev", userRoles: ["reviewer"], decision: "approve" });
    expect(await h.waitFor(decided.id, ["succeeded", "failed"])).toBe("succeeded");
    // an overdue task: due in the past
    await h.db.sql.run(`UPDATE "Task" SET "dueAtMs" = ? WHERE "runId" = ? AND "status" = 'open'`, [Date.now() - 60_000, open.id]);
    // a ready run nobody holds: the worker is stopped
    await h.worker.stop({ graceMs: 2000 });
    await startRun(h.deps, { versionId: chain.versionId, input: {}, initiatorId: null });
    await new Promise((r) => setTimeout(r, 20));

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const { samples, types } = parsePrometheus(await res.text());
    const one = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(types.get("switchyard_step_duration_seconds")).toBe("histogram");
    expect(one("switchyard_step_duration_seconds_count", { kind: "transform", status: "succeeded" })).toBe(12);
    expect(one("switchyard_step_duration_seconds_bucket", { kind: "transform", status: "succeeded", le: "+Inf" })).toBe(12);
    expect(one("switchyard_step_duration_seconds_count", { kind: "http", status: "succeeded" })).toBe(1);
    expect(one("switchyard_step_retries_total", { kind: "http" })).toBe(1);
    expect(one("switchyard_runs_finished_total", { status: "succeeded" })).toBe(5);
    expect(one("switchyard_lease_losses_total")).toBe(0);
    expect(one("switchyard_tasks_open")).toBe(1);
    expect(one("switchyard_tasks_overdue")).toBe(1);
    expect(one("switchyard_decisions_per_minute")).toBe(1);
    expect(one("switchyard_ready_runs")).toBe(1);
    expect(one("switchyard_ready_run_oldest_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(one("switchyard_sse_clients")).toBe(2);
    expect(types.get("switchyard_model_tokens_total")).toBe("counter");
  });

  it("needs the token: 401 without or with a wrong one, 404 when no token is configured", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("Bearer nope")).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`, null)).status).toBe(404);
  });
});
