// Set-based history for `bench:monitoring` with BENCH_HISTORY_STEPS: runs, steps, events, model
// calls and tasks generated inside the database (INSERT … SELECT over generate_series on PostgreSQL,
// a recursive CTE on SQLite), never row by row, so 10,000,000 steps take minutes, not hours.
//
// Run i (0 = newest) started i × SPACING_MS before `nowMs`, so growing the history adds older runs
// and the newest runs stay the same at every size. The newest HOT_RUNS runs hold every status
// (running, waiting on a review task, finished) and keep their rows in the hot tables; older runs
// finished and, as the worker's archiver would have done, their rows are in the archive tables
// (`archive: false` keeps everything hot, to compare).
import { randomUUID } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { chainGraph } from "@/tests/monitoring/helpers/bulk-seed";

export const STEPS_PER_RUN = 10;
export const HOT_RUNS = 2000;
/** 1,000,000 runs over 30 days. */
const SPACING_MS = 2592;
const WORKFLOWS = 10;
const VERSIONS = 5;
const CHUNK_RUNS = 50_000;
/** Generated event ids start here, above the ids of rows written through the app before. */
const EVENT_ID_BASE = 100_000_000;

export interface HistorySeed {
  nowMs: number;
  workflowIds: string[];
  versionIds: string[];
  userIds: string[];
}

/** Numbers lo..hi-1 as column `col`: the WITH prefix (SQLite) and the FROM item. */
function series(db: SqlDb, col: string, lo: number, hi: number): { with: string; from: string } {
  return db.dialect === "postgresql"
    ? { with: "", from: `generate_series(${lo}::bigint, ${hi - 1}::bigint) AS g(${col})` }
    : { with: `WITH RECURSIVE g(${col}) AS (SELECT ${lo} UNION ALL SELECT ${col} + 1 FROM g WHERE ${col} < ${hi - 1}) `, from: "g" };
}

const ts = (db: SqlDb, ms: string) =>
  db.dialect === "postgresql"
    ? `(to_timestamp((${ms}) / 1000.0) AT TIME ZONE 'UTC')`
    : `(strftime('%Y-%m-%dT%H:%M:%f', (${ms}) / 1000.0, 'unixepoch') || '+00:00')`;

/** A run's status from its index: the newest runs cycle through every status, older ones finished. */
const runStatus = (
  i: string,
) => `CASE WHEN ${i} >= ${HOT_RUNS} THEN (CASE ${i} % 10 WHEN 7 THEN 'failed' WHEN 3 THEN 'cancelled' ELSE 'succeeded' END)
  ELSE (CASE ${i} % 20 WHEN 7 THEN 'failed' WHEN 12 THEN 'failed' WHEN 8 THEN 'waiting' WHEN 14 THEN 'waiting' WHEN 9 THEN 'running' WHEN 10 THEN 'cancelled' ELSE 'succeeded' END) END`;

/** Workflows, versions and users (a few rows, written directly). */
export async function seedHistoryBase(db: SqlDb, nowMs: number): Promise<HistorySeed> {
  const at = db.dialect === "sqlite" ? new Date(nowMs).toISOString().replace("Z", "+00:00") : new Date(nowMs).toISOString();
  const graph = JSON.stringify(chainGraph(STEPS_PER_RUN));
  const workflowIds = Array.from({ length: WORKFLOWS }, () => randomUUID());
  const versionIds: string[] = [];
  const userIds = Array.from({ length: 20 }, (_, i) => `user-${i}`);
  await db.tx(async (q) => {
    for (const [i, id] of userIds.entries())
      await q.run(`INSERT INTO "User" ("id","name","email","role","createdAt","updatedAt") VALUES (?,?,?,?,?,?)`, [
        id,
        `User ${i}`,
        `user${i}@history.test`,
        i < 15 ? "reviewer" : "admin",
        at,
        at,
      ]);
    for (const [w, id] of workflowIds.entries()) {
      await q.run(`INSERT INTO "Workflow" ("id","name","draftGraph","createdAt","updatedAt") VALUES (?,?,?,?,?)`, [
        id,
        `Workflow ${w}`,
        graph,
        at,
        at,
      ]);
      for (let v = 1; v <= VERSIONS; v++) {
        const vid = randomUUID();
        versionIds.push(vid);
        await q.run(
          `INSERT INTO "WorkflowVersion" ("id","workflowId","version","graph","schemaVersion","published","createdAt") VALUES (?,?,?,?,1,?,?)`,
          [vid, id, v, graph, true, at],
        );
      }
    }
  });
  return { nowMs, workflowIds, versionIds, userIds };
}

/** Adds runs [from, to) with everything under them, in chunks of one transaction each. */
export async function growHistory(
  db: SqlDb,
  s: HistorySeed,
  from: number,
  to: number,
  archive = true,
  onChunk?: (done: number) => void,
): Promise<void> {
  const wf = (i: string) => `CASE ${i} % ${WORKFLOWS} ${s.workflowIds.map((id, n) => `WHEN ${n} THEN '${id}'`).join(" ")} END`;
  const ver = (i: string) => `CASE ${i} % ${s.versionIds.length} ${s.versionIds.map((id, n) => `WHEN ${n} THEN '${id}'`).join(" ")} END`;
  const T = s.nowMs;
  const t0 = (i: string) => `(${T} - ${i} * ${SPACING_MS})`;
  const stepMs = (i: string) => `(20 + (${i} % 37) * 3)`;
  const terminal = (st: string) => `${st} IN ('succeeded','failed','cancelled')`;
  const archived = (i: string) => (archive ? `${i} >= ${HOT_RUNS}` : `1 = 0`);
  for (let a = from; a < to; a += CHUNK_RUNS) {
    const b = Math.min(to, a + CHUNK_RUNS);
    await db.tx(async (q) => {
      const r = series(db, "i", a, b);
      await q.run(
        `INSERT INTO "Run" ("id","workflowId","versionId","status","trigger","input","initiatorId","tokens","costUsd","waitingOn","createdAt","startedAtMs","finishedAtMs","updatedAtMs","archivedAtMs")
         ${r.with}SELECT 'h' || x.i, ${wf("x.i")}, ${ver("x.i")}, x.st, 'manual', '{"ref":"REF-' || x.i || '"}', 'user-' || (x.i % 20),
           (x.i % 11) * 150, (x.i % 11) * 0.0013, CASE WHEN x.st = 'waiting' THEN 'task' END, ${ts(db, t0("x.i"))}, ${t0("x.i")},
           CASE WHEN ${terminal("x.st")} THEN ${t0("x.i")} + ${stepMs("x.i")} * ${STEPS_PER_RUN} END, ${t0("x.i")},
           CASE WHEN ${archived("x.i")} THEN ${T} END
         FROM (SELECT i, ${runStatus("i")} AS st FROM ${r.from}) x`,
      );
      // steps: k = i * 10 + s
      const k = series(db, "k", a * STEPS_PER_RUN, b * STEPS_PER_RUN);
      const stepStatus = `CASE y.rs WHEN 'succeeded' THEN 'succeeded'
          WHEN 'failed' THEN (CASE WHEN y.s < 5 THEN 'succeeded' WHEN y.s = 5 THEN 'failed' ELSE 'cancelled' END)
          WHEN 'cancelled' THEN (CASE WHEN y.s < 3 THEN 'succeeded' ELSE 'cancelled' END)
          ELSE (CASE WHEN y.s < 2 THEN 'succeeded' WHEN y.s = 2 THEN y.rs ELSE 'pending' END) END`;
      const stepSelect = (where: string) =>
        `${k.with}SELECT 's' || z.k, 'h' || z.i, z.key, z.key, z.kind, z.st, CASE WHEN z.st = 'pending' THEN 0 ELSE 1 END,
           CASE WHEN z.st = 'succeeded' THEN '{"ok":true}' END, CASE WHEN z.st = 'succeeded' THEN 'out' END,
           CASE WHEN z.st = 'failed' THEN '{"message":"upstream 503","code":"http_503"}' END,
           ${t0("z.i")} + z.s * ${stepMs("z.i")}, ${t0("z.i")} + z.s * ${stepMs("z.i")},
           CASE WHEN z.st IN ('succeeded','failed','cancelled') THEN ${t0("z.i")} + (z.s + 1) * ${stepMs("z.i")} END
         FROM (SELECT y.k, y.i, y.s, ${stepStatus} AS st,
                 CASE y.s WHEN 0 THEN 'start' WHEN ${STEPS_PER_RUN - 1} THEN 'end' ELSE 'n' || y.s END AS key,
                 CASE y.s WHEN 0 THEN 'start' WHEN ${STEPS_PER_RUN - 1} THEN 'end' ELSE 'transform' END AS kind
               FROM (SELECT k, k / ${STEPS_PER_RUN} AS i, k % ${STEPS_PER_RUN} AS s, ${runStatus(`(k / ${STEPS_PER_RUN})`)} AS rs FROM ${k.from}) y) z
         WHERE ${where}`;
      const stepCols = `("id","runId","stepKey","nodeId","kind","status","attempt","output","outputHandle","error","scheduledAtMs","startedAtMs","finishedAtMs")`;
      await q.run(`INSERT INTO "Step" ${stepCols} ${stepSelect(`NOT (${archived("z.i")})`)}`);
      await q.run(`INSERT INTO "StepArchive" ${stepCols} ${stepSelect(archived("z.i"))}`);
      // events: run.started and, when finished, run.<status>; ids above those the app wrote (EVENT_ID_BASE)
      const e = series(db, "e", a * 2, b * 2);
      const evSelect = (where: string) =>
        `${e.with}SELECT w.id, 'h' || w.i, CASE WHEN w.e % 2 = 0 THEN 'run.started' ELSE 'run.' || w.st END, '{}',
           ${t0("w.i")} + (w.e % 2) * ${stepMs("w.i")} * ${STEPS_PER_RUN}
         FROM (SELECT e, e / 2 AS i, ${runStatus("(e / 2)")} AS st, ${EVENT_ID_BASE} + e AS id FROM ${e.from}) w
         WHERE (w.e % 2 = 0 OR w.st IN ('succeeded','failed','cancelled')) AND ${where}`;
      await q.run(`INSERT INTO "RunEvent" ("id","runId","type","data","atMs") ${evSelect(`NOT (${archived("w.i")})`)}`);
      await q.run(`INSERT INTO "RunEventArchive" ("id","runId","type","data","atMs") ${evSelect(archived("w.i"))}`);
      // a model call on every fourth run
      const mcSelect = (where: string) =>
        `${r.with}SELECT 'm' || i, 'h' || i, 'n1', 0, CASE WHEN i % 8 = 0 THEN 'gpt-4o-mini' ELSE 'gpt-4o' END, '{}', '{}',
           200 + i % 50, 80 + i % 30, (i % 11) * 0.0013, 300 + i % 400, ${t0("i")} + ${stepMs("i")}
         FROM ${r.from} WHERE i % 4 = 0 AND ${where}`;
      const mcCols = `("id","runId","stepKey","seq","model","request","response","inputTokens","outputTokens","costUsd","latencyMs","atMs")`;
      await q.run(`INSERT INTO "ModelCall" ${mcCols} ${mcSelect(`NOT (${archived("i")})`)}`);
      await q.run(`INSERT INTO "ModelCallArchive" ${mcCols} ${mcSelect(archived("i"))}`);
      // tasks: an open review on each waiting run, a decided one on every fifth succeeded run
      await q.run(
        `INSERT INTO "Task" ("id","runId","stepKey","workflowId","versionId","nodeId","title","payload","status","initiatorId","createdAtMs","decidedAtMs")
         ${r.with}SELECT 't' || x.i, 'h' || x.i, 'n2', ${wf("x.i")}, ${ver("x.i")}, 'n2', 'Approve REF-' || x.i, '{"amount":' || (x.i % 1000) || '}',
           CASE WHEN x.st = 'waiting' THEN 'open' ELSE 'approved' END, 'user-' || (x.i % 20), ${t0("x.i")} + 2 * ${stepMs("x.i")},
           CASE WHEN x.st = 'waiting' THEN NULL ELSE ${t0("x.i")} + 2 * ${stepMs("x.i")} + 60000 + (x.i % 97) * 10000 END
         FROM (SELECT i, ${runStatus("i")} AS st FROM ${r.from}) x WHERE x.st = 'waiting' OR (x.st = 'succeeded' AND x.i % 5 = 0)`,
      );
      await q.run(
        `INSERT INTO "TaskAssignee" ("id","taskId","type","value","status")
         ${r.with}SELECT 'ta' || x.i, 't' || x.i, 'role', 'reviewer', CASE WHEN x.st = 'waiting' THEN 'open' ELSE 'approved' END
         FROM (SELECT i, ${runStatus("i")} AS st FROM ${r.from}) x WHERE x.st = 'waiting' OR (x.st = 'succeeded' AND x.i % 5 = 0)`,
      );
    });
    onChunk?.(b);
  }
  if (db.dialect === "postgresql") {
    // explicit ids: move the sequence past them, as autoincrement would have
    await db.run(
      `SELECT setval(pg_get_serial_sequence('"RunEvent"', 'id'), (SELECT GREATEST(COALESCE(MAX("id"), 0), ${EVENT_ID_BASE + to * 2}) FROM "RunEvent"))`,
    );
  }
  await db.run(db.dialect === "postgresql" ? `VACUUM ANALYZE` : `ANALYZE`);
}
