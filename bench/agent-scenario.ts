// Agent loop overhead: a 10-round tool loop (11 model calls, 10 tool calls) against the fake
// OpenAI-compatible server with zero latency, through the real worker, the real `openai` client and
// safeFetch. The tool is an HTTP tool ("agent" row) or a non-idempotent tool on a local MCP server
// built with the SDK (scripts/fake-mcp, "agent-mcp" row). Prints one JSON line:
//   {"scenario":"agent","db":"sqlite","rounds":10,"overhead_ms_per_round":…}
//   {"scenario":"agent-mcp","db":"sqlite","rounds":10,"overhead_ms_per_round":…}
// overhead = wall time of the agent step's execution − time inside ModelClient.chat (SDK + HTTP to
// the fake server) − time inside the tools' HTTP requests (for MCP, the worker's fetch the SDK client
// sends JSON-RPC through), divided by the rounds. What remains is ours: persisting each model call
// and tool call as a sub-step (ModelCall row + run totals, one transaction each), building messages,
// validating arguments and the answer; for MCP also the call's start mark and the SDK client's own
// framing and result parsing. Median of RUNS runs after a warm-up (which also opens the pooled MCP
// connection). Rows also carry what the machine's load moves less than wall time: this process's CPU
// per round while the step ran (cpu_ms_per_round; the fake model and tool servers run in this process
// too) and, on PostgreSQL, the database backends' (db_cpu_ms_per_round, ./pg-cost.ts; the backends are
// sampled in 10 ms ticks, so it is coarse). Called by bench/engine.ts; `tsx bench/agent-scenario.ts
// [mcp]` runs it on SQLite alone.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "@/lib/db/connection";
import { openDatabase } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker } from "@/lib/engine/worker";
import { startRun } from "@/lib/engine/run-service";
import { safeFetch } from "@/lib/security/safe-fetch";
import { createAgentRuntime, withAgentRuntime } from "@/lib/agents/agent-runtime";
import { OpenAiModelClient } from "@/lib/agents/openai-model-client";
import type { ModelClient } from "@/lib/agents/model-client";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { startFakeModelServer } from "@/scripts/fake-model/server";
import { startFakeMcpServer } from "@/scripts/fake-mcp/server";
import { createMcpServer, refreshMcpTools } from "@/lib/mcp/mcp-server-service";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import type { FakeModelStep } from "@/scripts/fake-model/types";
import { BENCH_API_KEY, createBenchProvider, ensureBenchSecretKey, publishAgentWorkflow } from "./agent-bench-setup";
import type { PgDb } from "@/lib/db/sql";
import { RoundTripLedger } from "@/tests/helpers/round-trips";
import { pgBackendCpu } from "./pg-cost";

const ROUNDS = 10;
const RUNS = 7;

export type AgentToolKind = "http" | "mcp";

export interface AgentScenarioResult {
  scenario: "agent" | "agent-mcp";
  db: string;
  rounds: number;
  overhead_ms_per_round: number;
  step_ms: number;
  model_ms: number;
  tool_ms: number;
  /** PostgreSQL: round trips inside the agent step per round. */
  round_trips_per_round?: number;
  [extra: string]: unknown;
}

/** The model's rounds; the MCP server's `lookup` takes a customer id. */
function script(toolKind: AgentToolKind): FakeModelStep[] {
  const steps: FakeModelStep[] = [];
  for (let i = 1; i <= ROUNDS; i++)
    steps.push({
      toolCalls: [{ name: "lookup", arguments: toolKind === "mcp" ? { id: `c-${i}` } : { n: i } }],
      usage: { prompt_tokens: 100 * i, completion_tokens: 10 },
    });
  steps.push({
    json: { answer: "done", rationale: "all rounds checked", confidence: 0.9 },
    usage: { prompt_tokens: 1200, completion_tokens: 20 },
  });
  return steps;
}

async function toolServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function assertToolsSucceeded(store: SqlEngineStore, runId: string): Promise<void> {
  const step = (await store.getSteps(runId)).find((s) => s.stepKey === "agent");
  const failed = (step?.output as AgentOutput | undefined)?.toolCalls.filter((t) => !t.ok) ?? [];
  if (failed.length) throw new Error(`agent bench tool calls failed: ${JSON.stringify(failed[0])}`);
}

/** An MCP server row for the local server, its tool list fetched once (as Settings' refresh does). */
async function benchMcpServer(db: Database, url: string): Promise<string> {
  const fetch = (u: string, init: Parameters<typeof safeFetch>[1]) => safeFetch(u, { ...init, allowHosts: ["127.0.0.1"] });
  const server = await createMcpServer(db.sql, mcpServerCreateSchema.parse({ name: "bench", transport: "http", url }), null, {});
  await refreshMcpTools(db.sql, server.id, null, { fetch, stdioCommands: {} });
  return server.id;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function runAgentScenario(
  db: Database,
  dialect: "sqlite" | "postgresql",
  extra: Record<string, unknown> = {},
  toolKind: AgentToolKind = "http",
): Promise<AgentScenarioResult> {
  ensureBenchSecretKey();
  const model = await startFakeModelServer({ expectApiKey: BENCH_API_KEY, logUnscripted: false });
  const tools = toolKind === "mcp" ? await startFakeMcpServer() : await toolServer();
  // wall ms inside the step, the model calls and the tool calls; CPU ms of this process (the fake
  // model and tool servers run in it too) and of the database's backends while the step ran
  const timing = { step: 0, model: 0, tool: 0, cpu: 0, dbCpu: 0 };
  const timedClient = (c: ModelClient): ModelClient => ({
    chat: async (req) => {
      const t = performance.now();
      try {
        return await c.chat(req);
      } finally {
        timing.model += performance.now() - t;
      }
    },
    listModels: (o) => c.listModels(o),
  });
  const runtime = createAgentRuntime({ db: db.sql, modelClients: (p) => timedClient(new OpenAiModelClient(p)) });
  // On PostgreSQL, the round trips made inside the agent step (model calls and tool calls persisted)
  const ledger = dialect === "postgresql" ? new RoundTripLedger(db.sql as PgDb) : null;
  const timedRuntime = {
    run: async (...args: Parameters<typeof runtime.run>) => {
      const dbCpu = await pgBackendCpu(db.sql);
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      try {
        return await (ledger ? ledger.run("agent_step", () => runtime.run(...args)) : runtime.run(...args));
      } finally {
        timing.step += performance.now() - t;
        const cpu = process.cpuUsage(cpu0);
        timing.cpu += (cpu.user + cpu.system) / 1000;
        if (dbCpu) timing.dbCpu += await dbCpu();
      }
    },
  };
  const worker = new Worker({
    store: new SqlEngineStore(db.sql),
    notifier: new LocalNotifier(),
    concurrency: 4,
    leaseMs: 30_000,
    pollMs: 200,
    log: () => undefined,
    fetch: async (url, init) => {
      const t = performance.now();
      try {
        return await safeFetch(url, { ...init, allowHosts: ["127.0.0.1"] });
      } finally {
        timing.tool += performance.now() - t;
      }
    },
  });
  const notifier = (worker as unknown as { opts: { notifier: LocalNotifier } }).opts.notifier;
  await withAgentRuntime(timedRuntime, () => worker.start({ register: false }));
  try {
    const provider = await createBenchProvider(db.sql, model.url);
    const lookup =
      toolKind === "mcp"
        ? { name: "lookup", type: "mcp", serverId: await benchMcpServer(db, tools.url), mcpTool: "lookup" }
        : {
            name: "lookup",
            type: "http",
            method: "POST",
            url: `${tools.url}/lookup`,
            argsSchema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
          };
    const versionId = await publishAgentWorkflow(db.sql, provider.id, { tools: [lookup], maxToolRounds: ROUNDS });
    const store = new SqlEngineStore(db.sql);
    const samples: { overhead: number; step: number; model: number; tool: number; cpu: number; dbCpu: number }[] = [];
    for (let i = 0; i <= RUNS; i++) {
      if (i === 1) ledger?.reset(); // after the warm-up
      model.script(script(toolKind));
      timing.step = timing.model = timing.tool = timing.cpu = timing.dbCpu = 0;
      const run = await startRun({ store, notifier }, { versionId, input: { i }, initiatorId: null });
      for (;;) {
        const r = await store.getRun(run.id);
        if (r?.status === "succeeded") break;
        if (r?.status === "failed") throw new Error(`agent bench run failed: ${JSON.stringify(r.error)}`);
        await new Promise((res) => setTimeout(res, 25)); // outside the measured step; keep the polling light
      }
      if (i === 0) {
        await assertToolsSucceeded(store, run.id); // a failing tool would be measured as a cheap one
        continue; // warm-up
      }
      samples.push({
        overhead: (timing.step - timing.model - timing.tool) / ROUNDS,
        step: timing.step,
        model: timing.model,
        tool: timing.tool,
        cpu: timing.cpu,
        dbCpu: timing.dbCpu,
      });
    }
    const mid = samples.find((s) => s.overhead === median(samples.map((x) => x.overhead)))!;
    const result: AgentScenarioResult = {
      scenario: toolKind === "mcp" ? "agent-mcp" : "agent",
      db: dialect,
      rounds: ROUNDS,
      overhead_ms_per_round: Math.round(mid.overhead * 1000) / 1000,
      step_ms: Math.round(mid.step * 10) / 10,
      model_ms: Math.round(mid.model * 10) / 10,
      tool_ms: Math.round(mid.tool * 10) / 10,
      // medians over the runs, per round: this process's CPU (servers included) and the database's
      cpu_ms_per_round: Math.round((median(samples.map((x) => x.cpu)) / ROUNDS) * 1000) / 1000,
      ...(dialect === "postgresql"
        ? { db_cpu_ms_per_round: Math.round((median(samples.map((x) => x.dbCpu)) / ROUNDS) * 1000) / 1000 }
        : {}),
      ...(ledger ? { round_trips_per_round: Math.round(((ledger.snapshot().trips.agent_step ?? 0) / RUNS / ROUNDS) * 100) / 100 } : {}),
      ...extra,
      load1: Math.round(os.loadavg()[0] * 100) / 100,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result;
  } finally {
    ledger?.detach();
    await worker.stop({ graceMs: 1000 });
    await model.close();
    await tools.close();
  }
}

async function standalone(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-agent-bench-"));
  const db = openDatabase(`file:${path.join(dir, "bench.db")}`);
  try {
    await migrate(db.sql);
    await runAgentScenario(db, "sqlite", {}, process.argv[2] === "mcp" ? "mcp" : "http");
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /agent-scenario\.ts$/.test(process.argv[1])) {
  standalone().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
