// Fast synthetic monitoring data for the benchmark and the list tests: workflows and versions, runs
// spread over 30 days with every status, ten steps per run, open and decided tasks, events and
// model calls, written with multi-row INSERTs inside large transactions (raw SQL port, both DBs).
import { randomUUID } from "node:crypto";
import type { Param, SqlDb, SqlQuery } from "@/lib/db/sql";
import { sqlTimestamp } from "@/lib/db/row-codec";

export interface SeedOptions {
  runs: number;
  stepsPerRun: number;
  workflows?: number;
  versionsPerWorkflow?: number;
  users?: number;
  /** Newest run's start time; runs go back `spanMs` from here. */
  nowMs?: number;
  spanMs?: number;
  onProgress?: (done: number) => void;
}

export interface SeedResult {
  workflowIds: string[];
  versionIds: string[];
  userIds: string[];
  runs: number;
  steps: number;
  nowMs: number;
}

const STATUS_CYCLE = [
  "succeeded",
  "succeeded",
  "succeeded",
  "succeeded",
  "succeeded",
  "succeeded",
  "succeeded",
  "failed",
  "waiting",
  "running",
  "cancelled",
  "succeeded",
  "failed",
  "succeeded",
  "waiting",
  "succeeded",
  "succeeded",
  "succeeded",
  "succeeded",
  "succeeded",
];

async function insertRows(q: SqlQuery, table: string, cols: string[], rows: Param[][], maxParams = 8000): Promise<void> {
  if (!rows.length) return;
  const per = Math.max(1, Math.floor(maxParams / cols.length));
  const tuple = `(${cols.map(() => "?").join(",")})`;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    await q.run(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${part.map(() => tuple).join(",")}`, part.flat());
  }
}

/** A chain start → n1 … n(k-2) → end of transform nodes (the version graph of seeded runs). */
export function chainGraph(nodes: number): { schemaVersion: 1; nodes: unknown[]; edges: unknown[] } {
  const ids = Array.from({ length: nodes }, (_, i) => (i === 0 ? "start" : i === nodes - 1 ? "end" : `n${i}`));
  return {
    schemaVersion: 1,
    nodes: ids.map((id, i) => ({
      id,
      name: id,
      kind: i === 0 ? "start" : i === nodes - 1 ? "end" : "transform",
      position: { x: i * 300, y: 0 },
      config: i === 0 ? {} : i === nodes - 1 ? { output: "$.steps" } : { expression: "{ 'ok': true }" },
    })),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], sourceHandle: "out", target: id, targetHandle: "in" })),
  };
}

export async function seedMonitoringData(db: SqlDb, o: SeedOptions): Promise<SeedResult> {
  const nowMs = o.nowMs ?? Date.now();
  const spanMs = o.spanMs ?? 30 * 86_400_000;
  const nWf = o.workflows ?? 10;
  const nVer = o.versionsPerWorkflow ?? 5;
  const nUsers = o.users ?? 20;
  const createdAt = (ms: number) => sqlTimestamp(db.dialect, ms);
  const graph = JSON.stringify(chainGraph(o.stepsPerRun));

  const userIds = Array.from({ length: nUsers }, () => randomUUID());
  const workflowIds = Array.from({ length: nWf }, () => randomUUID());
  const versions: { id: string; workflowId: string }[] = [];
  await db.tx(async (q) => {
    await insertRows(
      q,
      "User",
      ["id", "name", "email", "role", "createdAt", "updatedAt"],
      userIds.map((id, i) => [id, `User ${i}`, `u${i}-${id.slice(0, 6)}@bench.test`, "designer", createdAt(nowMs), createdAt(nowMs)]),
    );
    await insertRows(
      q,
      "Workflow",
      ["id", "name", "draftGraph", "createdAt", "updatedAt"],
      workflowIds.map((id, i) => [id, `Workflow ${i}`, graph, createdAt(nowMs), createdAt(nowMs)]),
    );
    const rows: Param[][] = [];
    for (const wf of workflowIds) {
      for (let v = 1; v <= nVer; v++) {
        const id = randomUUID();
        versions.push({ id, workflowId: wf });
        rows.push([id, wf, v, graph, 1, true, createdAt(nowMs)]);
      }
    }
    await insertRows(q, "WorkflowVersion", ["id", "workflowId", "version", "graph", "schemaVersion", "published", "createdAt"], rows);
  });

  const CHUNK = 2000;
  let steps = 0;
  for (let start = 0; start < o.runs; start += CHUNK) {
    const end = Math.min(o.runs, start + CHUNK);
    const runRows: Param[][] = [];
    const stepRows: Param[][] = [];
    const taskRows: Param[][] = [];
    const eventRows: Param[][] = [];
    const callRows: Param[][] = [];
    for (let i = start; i < end; i++) {
      const id = randomUUID();
      const ver = versions[i % versions.length];
      const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
      const t0 = nowMs - Math.floor(((o.runs - i) / o.runs) * spanMs);
      const stepMs = 20 + (i % 37) * 3;
      const terminal = status === "succeeded" || status === "failed" || status === "cancelled";
      const finished = terminal ? t0 + stepMs * o.stepsPerRun : null;
      const waitingOn = status === "waiting" ? "task" : null;
      const error =
        status === "failed"
          ? JSON.stringify({ message: `n${1 + (i % (o.stepsPerRun - 2))} failed: upstream 503`, code: "http_503" })
          : null;
      const cost = (i % 11) * 0.0013;
      runRows.push([
        id,
        ver.workflowId,
        ver.id,
        status,
        i % 9 === 0 ? "api" : "manual",
        JSON.stringify({ customer: `C${i}`, amount: i % 1000, ref: `REF-${i}` }),
        userIds[i % userIds.length],
        (i % 11) * 150,
        cost,
        waitingOn,
        error,
        createdAt(t0),
        t0,
        finished,
        finished ?? t0,
      ]);
      const failAt = status === "failed" ? 1 + (i % (o.stepsPerRun - 2)) : -1;
      for (let s = 0; s < o.stepsPerRun; s++) {
        const key = s === 0 ? "start" : s === o.stepsPerRun - 1 ? "end" : `n${s}`;
        let st: string;
        if (status === "succeeded") st = "succeeded";
        else if (status === "failed") st = s < failAt ? "succeeded" : s === failAt ? "failed" : "cancelled";
        else if (status === "cancelled") st = s < 3 ? "succeeded" : "cancelled";
        else if (status === "waiting") st = s < 2 ? "succeeded" : s === 2 ? "waiting" : "pending";
        else st = s < 2 ? "succeeded" : s === 2 ? "running" : "pending";
        const sStart = t0 + s * stepMs;
        const done = st === "succeeded" || st === "failed" || st === "cancelled";
        stepRows.push([
          randomUUID(),
          id,
          key,
          key,
          s === 0 ? "start" : s === o.stepsPerRun - 1 ? "end" : "transform",
          st,
          st === "pending" ? 0 : 1,
          null,
          st === "succeeded" ? `{"ok":true}` : null,
          st === "succeeded" ? "out" : null,
          st === "failed" ? `{"message":"upstream 503","code":"http_503"}` : null,
          sStart,
          sStart,
          done ? sStart + stepMs : null,
        ]);
        steps++;
      }
      if (status === "waiting") {
        taskRows.push([
          randomUUID(),
          id,
          "n2",
          ver.workflowId,
          ver.id,
          "n2",
          `Approve C${i}`,
          `{"amount":${i % 1000}}`,
          "open",
          userIds[i % userIds.length],
          t0 + 2 * stepMs,
          null,
        ]);
      } else if (i % 5 === 0 && status === "succeeded") {
        taskRows.push([
          randomUUID(),
          id,
          "n2",
          ver.workflowId,
          ver.id,
          "n2",
          `Approve C${i}`,
          `{"amount":${i % 1000}}`,
          "approved",
          userIds[i % userIds.length],
          t0 + 2 * stepMs,
          t0 + 2 * stepMs + 60_000 + (i % 97) * 10_000,
        ]);
      }
      eventRows.push([id, "run.started", null, "{}", t0]);
      if (terminal) eventRows.push([id, `run.${status}`, null, "{}", finished]);
      if (i % 4 === 0) {
        callRows.push([
          randomUUID(),
          id,
          "n1",
          0,
          i % 8 === 0 ? "gpt-4o-mini" : "gpt-4o",
          "{}",
          "{}",
          200 + (i % 50),
          80 + (i % 30),
          cost,
          300 + (i % 400),
          t0 + stepMs,
        ]);
      }
    }
    await db.tx(async (q) => {
      await insertRows(
        q,
        "Run",
        [
          "id",
          "workflowId",
          "versionId",
          "status",
          "trigger",
          "input",
          "initiatorId",
          "tokens",
          "costUsd",
          "waitingOn",
          "error",
          "createdAt",
          "startedAtMs",
          "finishedAtMs",
          "updatedAtMs",
        ],
        runRows,
      );
      await insertRows(
        q,
        "Step",
        [
          "id",
          "runId",
          "stepKey",
          "nodeId",
          "kind",
          "status",
          "attempt",
          "input",
          "output",
          "outputHandle",
          "error",
          "scheduledAtMs",
          "startedAtMs",
          "finishedAtMs",
        ],
        stepRows,
      );
      await insertRows(
        q,
        "Task",
        [
          "id",
          "runId",
          "stepKey",
          "workflowId",
          "versionId",
          "nodeId",
          "title",
          "payload",
          "status",
          "initiatorId",
          "createdAtMs",
          "decidedAtMs",
        ],
        taskRows,
      );
      await insertRows(q, "RunEvent", ["runId", "type", "stepKey", "data", "atMs"], eventRows);
      await insertRows(
        q,
        "ModelCall",
        ["id", "runId", "stepKey", "seq", "model", "request", "response", "inputTokens", "outputTokens", "costUsd", "latencyMs", "atMs"],
        callRows,
      );
    });
    o.onProgress?.(end);
  }
  // statistics and (PostgreSQL) a visibility map, as autovacuum gives a long-lived database
  await db.run(db.dialect === "postgresql" ? `VACUUM ANALYZE` : `ANALYZE`);
  return { workflowIds, versionIds: versions.map((v) => v.id), userIds, runs: o.runs, steps, nowMs };
}
