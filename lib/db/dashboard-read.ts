// Dashboard aggregates for a time range (failures an error edge handled are not failures; an agent's
// tool, memory and decision sub-steps are not models), in SQL that runs on both databases. Counts,
// cost, tokens, throughput, failure rates and model cost come from the hourly rollup of finished runs
// (lib/db/run-rollup-store.ts) plus the runs it does not hold yet, read from Run: exact, and read in
// time that does not grow with the history. Percentiles are nearest-rank (the smallest value whose
// rank reaches p·n) over the newest finished runs (or decisions) of the range, at most
// DURATION_SAMPLE_RUNS (the page says when it stopped there); step statistics read the newest runs of
// the range (capped, and the page says so) by joining Step on its (runId, stepKey) index, in one pass.
import "server-only";
import { armParams, overHistory } from "./history-archive-store";
import { ROLLUP_HOUR_MS } from "./run-rollup-store";
import type { Param, SqlDb, SqlQuery } from "@/lib/db/sql";
import { sqlTimestamp } from "@/lib/db/row-codec";
import { draftGraphSchema } from "@/lib/model/draft-graph-schema";
import { LruCache } from "@/lib/model/lru-cache";
import { ACTIVE_RUN_SQL_LIST, isActiveRun, TERMINAL_RUN_SQL_LIST, type RunStatus } from "@/lib/model/vocabulary";
import type { DashboardData, DashboardRange, Percentiles } from "@/lib/monitoring/dashboard-types";
import { BUCKET_MS, percentiles, RANGE_MS } from "@/lib/monitoring/dashboard-stats";
import { isExcludedFromSlowest, UNHANDLED_FAILURE_SQL } from "@/lib/monitoring/step-outcome";
import { modelOnlySql } from "@/lib/monitoring/sub-step-names";

type Db = SqlQuery & { dialect: SqlDb["dialect"] };

interface StepAgg {
  workflowId: string;
  nodeId: string;
  kind: string;
  n: number;
  failed: number;
  ok: number;
  okMs: number;
  maxMs: number | null;
  avg?: number;
}

/** Step statistics look at no more than this many runs (the newest of the range). */
export const STEP_SAMPLE_RUNS = 1_000;
/** Duration percentiles read at most this many finished runs (the newest of the range). */
export const DURATION_SAMPLE_RUNS = 5_000;
/** `"status" IN (...)` of the finished runs (constants only, no input). */

const n = (v: unknown) => Number(v ?? 0);

/** Values per group (one read), then percentiles per group and over all of them. */
async function groupedPercentiles(db: Db, sql: string, params: Param[]): Promise<{ all: Percentiles; by: Map<string, Percentiles> }> {
  const rows = await db.all<{ g: string; v: number }>(sql, params);
  const groups = new Map<string, number[]>();
  const all: number[] = [];
  for (const r of rows) {
    const v = Number(r.v);
    all.push(v);
    const list = groups.get(String(r.g)) ?? [];
    list.push(v);
    groups.set(String(r.g), list);
  }
  return { all: percentiles(all), by: new Map([...groups].map(([g, vs]) => [g, percentiles(vs)])) };
}

const names = new LruCache<string, Map<string, string>>(200);

/** Node names from each workflow's newest version in the data (display only). */
async function nodeNames(db: Db, versionIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const missing = versionIds.filter((v) => !names.has(v));
  if (missing.length) {
    const rows = await db.all<{ id: string; graph: string }>(
      `SELECT "id","graph" FROM "WorkflowVersion" WHERE "id" IN (${missing.map(() => "?").join(",")})`,
      missing,
    );
    for (const r of rows) {
      const m = new Map<string, string>();
      try {
        const g = draftGraphSchema.safeParse(JSON.parse(r.graph));
        if (g.success) for (const node of g.data.nodes) m.set(node.id, node.name);
      } catch {
        // unreadable graph: ids are shown instead
      }
      names.set(r.id, m);
    }
  }
  for (const v of versionIds) for (const [id, name] of names.get(v) ?? []) if (!out.has(id)) out.set(id, name);
  return out;
}

/** A group of runs: a rollup row (times are hours) or a group of runs read directly (times are buckets). */
interface RunGroup {
  workflowId: string;
  status: string;
  outcome: string | null;
  startedBucket: number | null;
  finishedBucket: number | null;
  runs: number;
  cost: number;
  tokens: number;
  timedRuns: number;
}

function groupOf(g: Record<string, unknown>): Omit<RunGroup, "startedBucket" | "finishedBucket"> {
  return {
    workflowId: String(g.workflowId),
    status: String(g.status),
    outcome: g.outcome === null || g.outcome === undefined || g.outcome === "" ? null : String(g.outcome),
    runs: n(g.runs),
    cost: n(g.cost),
    tokens: n(g.tokens),
    timedRuns: n(g.timed),
  };
}

interface GroupSums {
  runs: number;
  cost: number;
  tokens: number;
  /** Finished runs with a start and a finish (duration and failure figures), and those of them that failed. */
  timed: number;
  failed: number;
}

function sumBy(groups: RunGroup[], key: (g: RunGroup) => string): Map<string, GroupSums> {
  const out = new Map<string, GroupSums>();
  for (const g of groups) {
    const k = key(g);
    const s = out.get(k) ?? { runs: 0, cost: 0, tokens: 0, timed: 0, failed: 0 };
    s.runs += g.runs;
    s.cost += g.cost;
    s.tokens += g.tokens;
    s.timed += g.timedRuns;
    if (g.status === "failed" || g.status === "compensation_failed") s.failed += g.timedRuns;
    out.set(k, s);
  }
  return out;
}

/** Model call sums per workflow × model, over the rolled and the direct rows. */
function sumCosts(rows: Record<string, unknown>[]): { workflowId: string; model: string; calls: number; tokens: number; cost: number }[] {
  const out = new Map<string, { workflowId: string; model: string; calls: number; tokens: number; cost: number }>();
  for (const r of rows) {
    const k = JSON.stringify([String(r.workflowId), String(r.model)]);
    const s = out.get(k) ?? { workflowId: String(r.workflowId), model: String(r.model), calls: 0, tokens: 0, cost: 0 };
    s.calls += n(r.calls);
    s.tokens += n(r.tokens);
    s.cost += n(r.cost);
    out.set(k, s);
  }
  return [...out.values()].filter((s) => s.calls > 0);
}

export async function loadDashboard(db: Db, range: DashboardRange, nowMs = Date.now()): Promise<DashboardData> {
  const fromMs = nowMs - RANGE_MS[range];
  const bucketMs = BUCKET_MS[range];
  // throughput buckets fall on clock boundaries (UTC), so the rollup's hours fill them exactly
  const originMs = Math.floor(fromMs / bucketMs) * bucketMs;
  const from = sqlTimestamp(db.dialect, fromMs);
  // Test runs of drafts are not production: they stay out of every figure here.
  const inRange = `FROM "Run" r WHERE r."createdAt" >= ? AND NOT r."isTest"`;
  const bucket = (col: string) => (db.dialect === "postgresql" ? `FLOOR((${col} - ?) / ?)::int` : `CAST((${col} - ?) / ? AS INTEGER)`);
  const finished = `r."status" IN ${TERMINAL_RUN_SQL_LIST} AND r."finishedAtMs" IS NOT NULL AND r."startedAtMs" IS NOT NULL`;
  // Counts, sums and throughput: runs created from the first whole hour of the range on that were
  // rolled up come from the rollup (lib/db/run-rollup-store.ts); the rest of the range's runs (its
  // first partial hour, and the runs not rolled up: active ones and the last minute's finished ones)
  // from the Run table: the first partial hour through the createdAt index, the finished runs not
  // rolled up through the rollup backlog index (its predicate, repeated word for word), the active
  // ones through (status, createdAt) (the backlog index leaves them out: the engine updates them).
  // Each run is in exactly one of these at every committed state. The short range reads every run
  // directly (its buckets are finer than the rollup's hours).
  const splitMs = range === "1h" ? null : Math.ceil(fromMs / ROLLUP_HOUR_MS) * ROLLUP_HOUR_MS;
  const split = splitMs === null ? null : sqlTimestamp(db.dialect, splitMs);
  // (SQLite without statistics would walk every finished run of the range by status instead: the
  // backlog arm names its index there)
  const backlog = db.dialect === "sqlite" ? `"Run" r INDEXED BY "Run_rollup_backlog_idx"` : `"Run" r`;
  const directArms: { sql: string; params: Param[]; from?: string }[] =
    split === null
      ? [{ sql: `r."createdAt" >= ?`, params: [from] }]
      : [
          { sql: `r."createdAt" >= ? AND r."createdAt" < ?`, params: [from, split] },
          {
            sql: `r."rolledUpAtMs" IS NULL AND r."status" IN ${TERMINAL_RUN_SQL_LIST} AND r."createdAt" >= ?`,
            params: [split],
            from: backlog,
          },
          { sql: `r."status" IN ${ACTIVE_RUN_SQL_LIST} AND r."rolledUpAtMs" IS NULL AND r."createdAt" >= ?`, params: [split] },
        ];
  const directRuns = (cols: string) => ({
    sql: directArms.map((a) => `SELECT ${cols} FROM ${a.from ?? `"Run" r`} WHERE NOT r."isTest" AND ${a.sql}`).join(" UNION ALL "),
    params: directArms.flatMap((a) => a.params),
  });
  const direct = directRuns(`r."id", r."workflowId", r."status", r."outcome", r."startedAtMs", r."finishedAtMs", r."costUsd", r."tokens"`);
  const timed = `r."startedAtMs" IS NOT NULL AND r."finishedAtMs" IS NOT NULL AND r."status" IN ${TERMINAL_RUN_SQL_LIST}`;
  const directModels = directRuns(`r."id", r."workflowId"`);

  const [directGroups, rolledGroups, durations, wait, open, directCost, rolledCost, sampleCount] = await Promise.all([
    db.all(
      `SELECT r."workflowId" AS "workflowId", r."status" AS "status", r."outcome" AS "outcome",
         ${bucket(`r."startedAtMs"`)} AS "sb", ${bucket(`r."finishedAtMs"`)} AS "fb", COUNT(*) AS "runs", SUM(r."costUsd") AS "cost",
         SUM(r."tokens") AS "tokens", SUM(CASE WHEN ${timed} THEN 1 ELSE 0 END) AS "timed"
       FROM (${direct.sql}) r GROUP BY r."workflowId", r."status", r."outcome", 4, 5`,
      [originMs, bucketMs, originMs, bucketMs, ...direct.params],
    ),
    splitMs === null
      ? Promise.resolve([])
      : db.all(
          `SELECT "workflowId", "status", "outcome", "startedHourMs" AS "sh", "finishedHourMs" AS "fh", SUM("runs") AS "runs",
             SUM("costUsd") AS "cost", SUM("tokens") AS "tokens", SUM("timedRuns") AS "timed"
           FROM "RunRollup" WHERE "hourMs" >= ? GROUP BY "workflowId", "status", "outcome", "startedHourMs", "finishedHourMs"`,
          [splitMs],
        ),
    groupedPercentiles(
      db,
      `SELECT r."workflowId" AS "g", (r."finishedAtMs" - r."startedAtMs") AS "v" ${inRange} AND ${finished} ORDER BY r."createdAt" DESC LIMIT ${DURATION_SAMPLE_RUNS}`,
      [from],
    ),
    // the newest decisions of the range, per decided status: each arm reads its (status, createdAtMs) index range backwards
    groupedPercentiles(
      db,
      `SELECT 'all' AS "g", w."v" AS "v" FROM (${["approved", "rejected"]
        .map(
          (st) => `SELECT * FROM (SELECT (t."decidedAtMs" - t."createdAtMs") AS "v", t."createdAtMs" AS "c" FROM "Task" t
             WHERE t."status" = '${st}' AND t."createdAtMs" >= ? AND t."decidedAtMs" IS NOT NULL ORDER BY t."createdAtMs" DESC LIMIT ${DURATION_SAMPLE_RUNS}) AS "${st}"`,
        )
        .join(" UNION ALL ")}) w ORDER BY w."c" DESC LIMIT ${DURATION_SAMPLE_RUNS}`,
      [fromMs, fromMs],
    ),
    db.all(`SELECT COUNT(*) AS "n", MIN(t."createdAtMs") AS "oldest" FROM "Task" t WHERE t."status" = 'open'`),
    db.all(
      `SELECT c."workflowId" AS "workflowId", c."model" AS "model", SUM(c."calls") AS "calls", SUM(c."tokens") AS "tokens", SUM(c."cost") AS "cost" FROM (${overHistory(
        "ModelCall",
        (
          t,
        ) => `SELECT r."workflowId" AS "workflowId", m."model" AS "model", COUNT(*) AS "calls", SUM(m."inputTokens" + m."outputTokens") AS "tokens", SUM(m."costUsd") AS "cost"
       FROM (${directModels.sql}) r JOIN ${t} m ON m."runId" = r."id" WHERE ${modelOnlySql(`m."model"`)} GROUP BY r."workflowId", m."model"`,
      )}) c GROUP BY c."workflowId", c."model"`,
      armParams(directModels.params),
    ),
    splitMs === null
      ? Promise.resolve([])
      : db.all(
          `SELECT "workflowId", "model", SUM("calls") AS "calls", SUM("tokens") AS "tokens", SUM("costUsd") AS "cost"
           FROM "RunModelRollup" WHERE "hourMs" >= ? GROUP BY "workflowId", "model"`,
          [splitMs],
        ),
    // ordered like the sample, so it walks the createdAt index instead of the table (see countRuns)
    db.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM (SELECT 1 AS "x" ${inRange} ORDER BY r."createdAt" DESC LIMIT ?) AS c`, [
      from,
      STEP_SAMPLE_RUNS + 1,
    ]),
  ]);
  const toBucket = (hourMs: number) => (hourMs < 0 ? null : Math.floor((hourMs - originMs) / bucketMs));
  const nullable = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const groups: RunGroup[] = [
    ...directGroups.map((g) => ({ ...groupOf(g), startedBucket: nullable(g.sb), finishedBucket: nullable(g.fb) })),
    ...rolledGroups.map((g) => ({ ...groupOf(g), startedBucket: toBucket(n(g.sh)), finishedBucket: toBucket(n(g.fh)) })),
  ];
  const cost = sumCosts([...directCost, ...rolledCost]);
  const byStatus = sumBy(groups, (g) => g.status);
  const byOutcome = sumBy(
    groups.filter((g) => g.outcome),
    (g) => String(g.outcome),
  );
  const failure = [...sumBy(groups, (g) => g.workflowId)].map(([workflowId, s]) => ({ workflowId, finished: s.timed, failed: s.failed }));

  // step statistics over the newest runs of the range: one pass gives both "slowest" and "most failing".
  // The sample's ids and workflows are read first, so each table's arm (hot and archive) probes its
  // (runId, …) index with the same ids, and the workflow of each step comes from that list (a VALUES
  // table of the sample), not from a join to Run: joined to a subquery or a CTE, or to Run itself,
  // PostgreSQL's estimates made it hash the whole archive table, or the whole Run table.
  const sample = await db.all<{ id: string; workflowId: string }>(
    `SELECT r."id" AS "id", r."workflowId" AS "workflowId" ${inRange} ORDER BY r."createdAt" DESC LIMIT ${STEP_SAMPLE_RUNS}`,
    [from],
  );
  const sampleIds = sample.map((r) => String(r.id));
  const idList = sampleIds.map(() => "?").join(",");
  const stepRows = sampleIds.length
    ? await db.all<StepAgg>(
        `SELECT w."column2" AS "workflowId", s."nodeId" AS "nodeId", MAX(s."kind") AS "kind", COUNT(*) AS "n",
            SUM(CASE WHEN ${UNHANDLED_FAILURE_SQL} THEN 1 ELSE 0 END) AS "failed",
            SUM(CASE WHEN s."status" = 'succeeded' AND s."finishedAtMs" IS NOT NULL AND s."startedAtMs" IS NOT NULL THEN 1 ELSE 0 END) AS "ok",
            SUM(CASE WHEN s."status" = 'succeeded' AND s."finishedAtMs" IS NOT NULL AND s."startedAtMs" IS NOT NULL THEN s."finishedAtMs" - s."startedAtMs" ELSE 0 END) AS "okMs",
            MAX(CASE WHEN s."status" = 'succeeded' AND s."finishedAtMs" IS NOT NULL AND s."startedAtMs" IS NOT NULL THEN s."finishedAtMs" - s."startedAtMs" END) AS "maxMs"
         FROM (${overHistory(
           "Step",
           (t) =>
             `SELECT x."runId", x."nodeId", x."kind", x."status", x."outputHandle", x."startedAtMs", x."finishedAtMs" FROM ${t} x WHERE x."runId" IN (${idList})`,
         )}) s JOIN (VALUES ${sample.map(() => "(?, ?)").join(",")}) AS w ON w."column1" = s."runId"
         GROUP BY w."column2", s."nodeId"`,
        [...armParams(sampleIds), ...sample.flatMap((r) => [String(r.id), String(r.workflowId)])],
      )
    : [];
  const slow = stepRows
    .filter((r) => n(r.ok) > 0 && !isExcludedFromSlowest(String(r.kind)))
    .map((r) => Object.assign(r, { avg: n(r.okMs) / n(r.ok) }))
    .sort((a, b) => b.avg - a.avg)
    .slice(0, 10);
  const failing = stepRows
    .filter((r) => n(r.failed) > 0)
    .sort((a, b) => n(b.failed) - n(a.failed))
    .slice(0, 10);

  const wfIds = [
    ...new Set([
      ...durations.by.keys(),
      ...failure.map((r) => String(r.workflowId)),
      ...cost.map((r) => String(r.workflowId)),
      ...slow.map((r) => String(r.workflowId)),
      ...failing.map((r) => String(r.workflowId)),
    ]),
  ];
  const wfRows = wfIds.length
    ? await db.all<{ id: string; name: string }>(
        `SELECT "id","name" FROM "Workflow" WHERE "id" IN (${wfIds.map(() => "?").join(",")})`,
        wfIds,
      )
    : [];
  const wfName = new Map(wfRows.map((w) => [w.id, w.name]));
  const stepWfs = [...new Set([...slow, ...failing].map((r) => String(r.workflowId)))];
  const latestVersions = stepWfs.length
    ? await db.all<{ id: string; workflowId: string }>(
        `SELECT v."id", v."workflowId" FROM "WorkflowVersion" v WHERE v."workflowId" IN (${stepWfs.map(() => "?").join(",")})
         AND v."version" = (SELECT MAX(v2."version") FROM "WorkflowVersion" v2 WHERE v2."workflowId" = v."workflowId")`,
        stepWfs,
      )
    : [];
  const nodeNameByWf = new Map<string, Map<string, string>>();
  for (const v of latestVersions) nodeNameByWf.set(v.workflowId, await nodeNames(db, [v.id]));

  const totals = { runs: 0, finished: 0, succeeded: 0, failed: 0, active: 0, costUsd: 0, tokens: 0 };
  for (const [st, r] of byStatus) {
    const c = r.runs;
    totals.runs += c;
    totals.costUsd += r.cost;
    totals.tokens += r.tokens;
    if (st === "succeeded") totals.succeeded += c;
    if (st === "failed" || st === "compensation_failed") totals.failed += c;
    if (isActiveRun(st)) totals.active += c;
    else totals.finished += c;
  }
  const buckets = Math.max(1, Math.ceil((nowMs - originMs) / bucketMs));
  const startedBy = new Map<number, number>();
  const doneBy = new Map<number, number>();
  for (const g of groups) {
    if (g.startedBucket !== null) startedBy.set(g.startedBucket, (startedBy.get(g.startedBucket) ?? 0) + g.runs);
    if (g.finishedBucket !== null) doneBy.set(g.finishedBucket, (doneBy.get(g.finishedBucket) ?? 0) + g.runs);
  }
  const openRow = open[0] ?? {};
  const humanWait = wait.all;
  return {
    range,
    fromMs,
    toMs: nowMs,
    bucketMs,
    totals,
    byStatus: [...byStatus]
      .filter(([, r]) => r.runs > 0)
      .map(([status, r]) => ({ status: status as RunStatus, count: r.runs }))
      .sort((a, b) => b.count - a.count),
    byOutcome: [...byOutcome]
      .filter(([, r]) => r.runs > 0)
      .map(([outcome, r]) => ({ outcome, count: r.runs }))
      .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome)),
    throughput: Array.from({ length: buckets }, (_, i) => ({
      atMs: originMs + i * bucketMs,
      started: startedBy.get(i) ?? 0,
      finished: doneBy.get(i) ?? 0,
    })),
    duration: durations.all,
    durationSampleLimited: durations.all.count >= DURATION_SAMPLE_RUNS,
    humanWaitSampleLimited: humanWait.count >= DURATION_SAMPLE_RUNS,
    durationByWorkflow: [...durations.by.entries()]
      .map(([workflowId, p]) => ({ workflowId, workflowName: wfName.get(workflowId) ?? null, ...p }))
      .sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0)),
    failureByWorkflow: failure
      .filter((r) => r.finished > 0)
      .map((r) => ({
        workflowId: String(r.workflowId),
        workflowName: wfName.get(String(r.workflowId)) ?? null,
        finished: n(r.finished),
        failed: n(r.failed),
        rate: n(r.finished) ? n(r.failed) / n(r.finished) : 0,
      }))
      .sort((a, b) => b.rate - a.rate || b.failed - a.failed),
    humanWait: {
      ...humanWait,
      open: n(openRow.n),
      oldestOpenMs: openRow.oldest === null || openRow.oldest === undefined ? null : nowMs - n(openRow.oldest),
    },
    costByWorkflowModel: cost
      .map((r) => ({
        workflowId: String(r.workflowId),
        workflowName: wfName.get(String(r.workflowId)) ?? null,
        model: String(r.model),
        calls: n(r.calls),
        tokens: n(r.tokens),
        costUsd: n(r.cost),
      }))
      .sort((a, b) => b.costUsd - a.costUsd),
    slowestSteps: slow.map((r) => ({
      workflowId: String(r.workflowId),
      workflowName: wfName.get(String(r.workflowId)) ?? null,
      nodeId: String(r.nodeId),
      nodeName: nodeNameByWf.get(String(r.workflowId))?.get(String(r.nodeId)) ?? null,
      kind: String(r.kind),
      count: n(r.ok),
      avgMs: r.avg ?? 0,
      maxMs: n(r.maxMs),
    })),
    failingSteps: failing.map((r) => ({
      workflowId: String(r.workflowId),
      workflowName: wfName.get(String(r.workflowId)) ?? null,
      nodeId: String(r.nodeId),
      nodeName: nodeNameByWf.get(String(r.workflowId))?.get(String(r.nodeId)) ?? null,
      kind: String(r.kind),
      runs: n(r.n),
      failed: n(r.failed),
      rate: n(r.n) ? n(r.failed) / n(r.n) : 0,
    })),
    stepSample: { runs: Math.min(n(sampleCount[0]?.n), STEP_SAMPLE_RUNS), limited: n(sampleCount[0]?.n) > STEP_SAMPLE_RUNS },
  };
}
