// The read paths that need an index on "Run", and a view of a database that explains every statement
// they send to "Run" (tests/foundation/run-indexes.test.ts asserts on the plans; bench/run-index-plans.ts
// prints them, with execution times, for a seeded database of any size).
import type { Param, SqlDb, SqlQuery } from "@/lib/db/sql";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { listRunPage } from "@/lib/db/run-list-read";
import { loadRunListFacets } from "@/lib/db/run-list-facets-read";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { countExpiredRuns, purgeExpiredRunBatch } from "@/lib/db/retention-store";
import { finishedRunCounts } from "@/lib/db/alert-store";
import { countSubjectRuns, selectActiveSubjectRuns } from "@/lib/db/erasure-store";
import { rollupFinishedRunBatch } from "@/lib/db/run-rollup-store";
import { archiveFinishedRunBatch } from "@/lib/db/history-archive-store";
import { runListSortSchema, type RunListFilter } from "@/lib/monitoring/run-list-filter";

export interface Explained {
  sql: string;
  plan: string;
}

export interface PlanSeed {
  nowMs: number;
  workflowIds: string[];
  versionIds: string[];
  userIds: string[];
  /** A data subject some runs carry. */
  subjectHash: string;
}

/**
 * A view of `db` that explains every statement reading or changing "Run" before it runs it (with
 * `analyze` on PostgreSQL, a read is explained by EXPLAIN ANALYZE: its plan carries its execution time).
 */
export function explaining(db: SqlDb, out: Explained[], analyze = false): SqlDb {
  const explain = async (q: SqlQuery, sql: string, params: Param[] = []) => {
    if (!/"Run"/.test(sql) || /^\s*INSERT\s+INTO\s+"Run"/i.test(sql)) return;
    // EXPLAIN ANALYZE runs the statement: only a read is run twice
    const reads = !/\b(?:UPDATE|DELETE|INSERT)\b/i.test(sql);
    const how = db.dialect === "postgresql" ? (analyze && reads ? "EXPLAIN (ANALYZE, BUFFERS)" : "EXPLAIN") : "EXPLAIN QUERY PLAN";
    const rows = await q.all<Record<string, unknown>>(`${how} ${sql}`, params);
    const plan = rows.map((r) => String(r["QUERY PLAN"] ?? r.detail)).join("\n");
    out.push({ sql, plan });
  };
  const wrap = (q: SqlQuery): SqlQuery => ({
    all: async (sql, params) => {
      await explain(q, sql, params);
      return q.all(sql, params);
    },
    run: async (sql, params) => {
      await explain(q, sql, params);
      return q.run(sql, params);
    },
  });
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "all" || prop === "run") return wrap(target)[prop];
      if (prop === "tx") return <T>(fn: (q: SqlQuery) => Promise<T>) => target.tx((q) => fn(wrap(q)));
      // no one-round-trip scripts here: the store takes its statement-by-statement path, which is explained
      if (prop === "script") return undefined;
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Plans that read all of "Run": a sequential scan (PostgreSQL) or a SCAN of it without an index (SQLite). */
export function fullScans(dialect: SqlDb["dialect"], e: Explained[]): Explained[] {
  return e.filter(({ sql, plan }) => {
    if (dialect === "postgresql") return /Seq Scan on "Run"/.test(plan);
    const names = new Set(["Run", ...[...sql.matchAll(/"Run"\s+(?:AS\s+)?(?!WHERE|SET|JOIN|ON|INDEXED)(\w+)/gi)].map((m) => m[1])]);
    // a subquery may take a table's alias: its rows (a co-routine or a materialized view) are not the table's
    for (const m of plan.matchAll(/^\s*(?:CO-ROUTINE|MATERIALIZE) (\w+)$/gm)) names.delete(m[1]);
    return plan.split("\n").some((line) => {
      const m = /^SCAN (\w+)$/.exec(line.trim());
      return m !== null && names.has(m[1]);
    });
  });
}

export function indexesIn(e: Explained[]): Set<string> {
  return new Set(e.flatMap(({ plan }) => [...plan.matchAll(/((?:Run|Step)_\w+_(?:idx|key|pkey))/g)].map((m) => m[1])));
}

/** A read path: its name, what it runs, and the index(es) it is documented to walk ("A|B": either). */
export type ReadPath = [name: string, run: (db: SqlDb) => Promise<unknown>, expected: string[]];

/** Every read path that needs an index on "Run" (lib/db/ARCHITECTURE.md, "Indexes on Run"); the purge, which deletes, last. */
export function runReadPaths(seed: PlanSeed): ReadPath[] {
  const sort = runListSortSchema.parse({});
  const list = (f: RunListFilter) => (x: SqlDb) => listRunPage(x, f, sort, seed.nowMs);
  return [
    ["run list, no filter", list({}), ["Run_createdAt_idx"]],
    ["run list by status", list({ status: "failed" }), ["Run_status_createdAt_idx"]],
    [
      "run list by workflow",
      list({ workflowId: seed.workflowIds[1] }),
      ["Run_workflowId_createdAt_idx|Run_workflowId_status_createdAt_idx"],
    ],
    [
      "run list by workflow and status",
      list({ workflowId: seed.workflowIds[1], status: "failed" }),
      ["Run_workflowId_status_createdAt_idx"],
    ],
    ["run list by version", list({ versionId: seed.versionIds[2] }), ["Run_versionId_createdAt_idx"]],
    ["run list by initiator", list({ initiatorId: seed.userIds[3] }), ["Run_initiatorId_createdAt_idx"]],
    ["run list by outcome", list({ outcome: "approved" }), ["Run_outcome_createdAt_idx"]],
    ["run list of test runs", list({ test: "only" }), ["Run_test_createdAt_idx"]],
    ["run list facets", (x) => loadRunListFacets(x), ["Run_outcome_createdAt_idx"]],
    ["dashboard (24 hours)", (x) => loadDashboard(x, "24h", seed.nowMs), ["Run_rollup_backlog_idx"]],
    ["dashboard (7 days)", (x) => loadDashboard(x, "7d", seed.nowMs), ["Run_rollup_backlog_idx"]],
    ["alert check", (x) => finishedRunCounts(x, seed.workflowIds[0], seed.nowMs - 3_600_000), ["Run_workflowId_finishedAtMs_idx"]],
    [
      "erasure by subject",
      (x) => countSubjectRuns(x, seed.subjectHash).then(() => selectActiveSubjectRuns(x, seed.subjectHash, 10)),
      ["Run_subjectHash_idx"],
    ],
    ["sub-workflow children", (x) => new SqlEngineStore(x).loadChildRuns("no-such-run"), ["Run_parentRunId_idx"]],
    ["claim", (x) => new SqlEngineStore(x).claimRuns("plan-worker", 8, 30_000), ["Run_readyAtMs_idx"]],
    ["retention count", (x) => countExpiredRuns(x, x.dialect, seed.workflowIds[0], seed.nowMs), ["Run_workflowId_finishedAtMs_idx"]],
    ["rollup backlog", (x) => rollupFinishedRunBatch(x, { limit: 50, nowMs: seed.nowMs }), ["Run_rollup_backlog_idx"]],
    [
      "archive backlog",
      (x) => archiveFinishedRunBatch(x, { cutoffMs: seed.nowMs, limit: 20, nowMs: seed.nowMs }),
      ["Run_archive_backlog_idx"],
    ],
    [
      "retention purge",
      (x) => x.tx((q) => purgeExpiredRunBatch(q, x.dialect, seed.workflowIds[0], seed.nowMs, 5)),
      ["Run_workflowId_finishedAtMs_idx", "Run_parentRunId_idx"],
    ],
  ];
}
