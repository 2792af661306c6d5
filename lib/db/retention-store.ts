// Retention in SQL (lib/governance/retention.ts): which finished runs are past their workflow's
// retention, and deleting them with everything under them in bounded batches; the audit log's own
// retention (oldest rows first, so what remains is a chain from its first row's prevHash); legal
// holds on workflows and runs. A batch is one short transaction, so runs keep moving meanwhile.
import "server-only";
import { rollupBeforeDelete } from "./run-rollup-store";
import { allowAuditMaintenance } from "./audit-store";
import { ARCHIVE_TABLES } from "./history-archive-store";
import type { Param, SqlDb, SqlQuery } from "./sql";

const FINISHED = `('succeeded','failed','cancelled','compensated','compensation_failed')`;
const list = (n: number): string => Array.from({ length: n }, () => "?").join(",");
const bool = (dialect: SqlDb["dialect"], v: boolean): Param => (dialect === "sqlite" ? (v ? 1 : 0) : v);

export interface RetentionWorkflowRow {
  id: string;
  name: string;
  settings: string;
  legalHold: boolean;
}

/** Every workflow (deleted ones too: their runs age out like any other), with its settings and hold. */
export async function selectRetentionWorkflows(q: SqlQuery): Promise<RetentionWorkflowRow[]> {
  const rows = await q.all<{ id: string; name: string; settings: string; legalHold: unknown }>(
    `SELECT "id","name","settings","legalHold" FROM "Workflow" ORDER BY "name"`,
  );
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), settings: String(r.settings), legalHold: Boolean(r.legalHold) }));
}

/** Top-level finished runs of a workflow past the cutoff and not held: how many. */
export async function countExpiredRuns(q: SqlQuery, dialect: SqlDb["dialect"], workflowId: string, cutoffMs: number): Promise<number> {
  const rows = await q.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=? AND "parentRunId" IS NULL AND "finishedAtMs" < ?
       AND "status" IN ${FINISHED} AND "legalHold"=?`,
    [workflowId, cutoffMs, bool(dialect, false)],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Where a purge pass got to in a workflow's expired runs: the last top-level run a batch looked at. */
export interface PurgeCursor {
  finishedAtMs: number;
  id: string;
}

/**
 * Deletes up to `limit` expired top-level runs of a workflow and their sub-workflow runs, with every
 * row under them, in the caller's transaction, oldest first and after `after`. A tree with a held run
 * anywhere is skipped. Returns the runs deleted (children included), rows per table, and the cursor
 * past the top-level runs it looked at (null: none were left): the next batch starts there, so trees
 * kept for a held sub-run are not looked at again and never stall the pass.
 */
export async function purgeExpiredRunBatch(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  workflowId: string,
  cutoffMs: number,
  limit: number,
  after: PurgeCursor | null = null,
): Promise<{ runs: number; counts: Record<string, number>; next: PurgeCursor | null }> {
  const past = after ? `AND "finishedAtMs" >= ? AND ("finishedAtMs" > ? OR "id" > ?)` : "";
  const top = await q.all<{ id: string; finishedAtMs: number }>(
    `SELECT "id","finishedAtMs" FROM "Run" WHERE "workflowId"=? AND "parentRunId" IS NULL AND "finishedAtMs" < ? ${past}
       AND "status" IN ${FINISHED} AND "legalHold"=? ORDER BY "finishedAtMs", "id" LIMIT ?`,
    [workflowId, cutoffMs, ...(after ? [after.finishedAtMs, after.finishedAtMs, after.id] : []), bool(dialect, false), limit],
  );
  const counts: Record<string, number> = {};
  if (!top.length) return { runs: 0, counts, next: null };
  const last = top[top.length - 1];
  const next: PurgeCursor = { finishedAtMs: Number(last.finishedAtMs), id: String(last.id) };
  let ids = top.map((r) => String(r.id));
  // descendants (sub-workflow runs), level by level
  let frontier = ids;
  const held = new Set<string>();
  // SQLite, once ANALYZE has seen "parentRunId" NULL in nearly every row, plans `IN (?)` with one id
  // as a scan of the Run table (a batch of one run held the write lock 3 ms at 20,000 runs): the
  // index is named
  const byParent = dialect === "sqlite" ? `"Run" INDEXED BY "Run_parentRunId_idx"` : `"Run"`;
  while (frontier.length) {
    const kids = await q.all<{ id: string; parentRunId: string; legalHold: unknown }>(
      `SELECT "id","parentRunId","legalHold" FROM ${byParent} WHERE "parentRunId" IN (${list(frontier.length)})`,
      frontier,
    );
    for (const k of kids) if (k.legalHold) held.add(String(k.id));
    frontier = kids.map((k) => String(k.id));
    ids = ids.concat(frontier);
  }
  if (held.size) {
    // keep whole trees that hold a held run: walk parents up from each held run
    const parentOf = new Map<string, string>();
    const rows = await q.all<{ id: string; parentRunId: string | null }>(
      `SELECT "id","parentRunId" FROM "Run" WHERE "id" IN (${list(ids.length)})`,
      ids,
    );
    for (const r of rows) if (r.parentRunId) parentOf.set(String(r.id), String(r.parentRunId));
    const keep = new Set<string>();
    for (const h of held) {
      let cur: string | undefined = h;
      while (cur) {
        keep.add(cur);
        cur = parentOf.get(cur);
      }
    }
    const keptTops = new Set(top.map((t) => String(t.id)).filter((t) => keep.has(t)));
    const rootOf = (id: string): string => {
      let cur = id;
      while (parentOf.has(cur)) cur = parentOf.get(cur)!;
      return cur;
    };
    ids = ids.filter((id) => !keptTops.has(rootOf(id)));
    if (!ids.length) return { runs: 0, counts, next };
  }
  const inRuns = `(${list(ids.length)})`;
  const del = async (table: string, sql: string, params: Param[]) => {
    const n = await q.run(sql, params);
    if (n > 0) counts[table] = (counts[table] ?? 0) + n;
  };
  // purged runs keep counting in the dashboard's history statistics (aggregates, no run data):
  // those not in the rollup yet go in now, while their model calls are still here
  await rollupBeforeDelete(q, dialect, ids, Date.now());
  const tasks = `(SELECT "id" FROM "Task" WHERE "runId" IN ${inRuns})`;
  // test snapshots these runs started (deleted below once no run uses them: they copy pinned outputs)
  const snapshots = await q.all<{ id: string }>(
    `SELECT DISTINCT v."id" FROM "WorkflowVersion" v JOIN "Run" r ON r."versionId"=v."id" WHERE r."id" IN ${inRuns} AND v."version" < 0`,
    ids,
  );
  await del("ChatMessage", `DELETE FROM "ChatMessage" WHERE "taskId" IN ${tasks}`, ids);
  await del("Decision", `DELETE FROM "Decision" WHERE "taskId" IN ${tasks}`, ids);
  await del("TaskComment", `DELETE FROM "TaskComment" WHERE "taskId" IN ${tasks}`, ids);
  await del("TaskAssignee", `DELETE FROM "TaskAssignee" WHERE "taskId" IN ${tasks}`, ids);
  await del("Notification", `DELETE FROM "Notification" WHERE "taskId" IN ${tasks}`, ids);
  await del("Task", `DELETE FROM "Task" WHERE "runId" IN ${inRuns}`, ids);
  await del("ModelCall", `DELETE FROM "ModelCall" WHERE "runId" IN ${inRuns}`, ids);
  await del("RunEvent", `DELETE FROM "RunEvent" WHERE "runId" IN ${inRuns}`, ids);
  await del("Step", `DELETE FROM "Step" WHERE "runId" IN ${inRuns}`, ids);
  // archived history (history-archive-store), counted under its table's name wherever the rows are
  for (const t of ARCHIVE_TABLES) await del(t.replace(/Archive$/, ""), `DELETE FROM "${t}" WHERE "runId" IN ${inRuns}`, ids);
  await del("EventDelivery", `DELETE FROM "EventDelivery" WHERE "runId" IN ${inRuns}`, ids);
  await del("IdempotencyKey", `DELETE FROM "IdempotencyKey" WHERE "runId" IN ${inRuns}`, ids);
  await del("McpCallStart", `DELETE FROM "McpCallStart" WHERE "runId" IN ${inRuns}`, ids);
  await del("ScheduleFire", `DELETE FROM "ScheduleFire" WHERE "runId" IN ${inRuns}`, ids);
  // an evaluation row keeps its pass, cost and latency (the evaluation's totals) but not the run's
  // output, its grades (which may quote it) or the id of a run that is gone
  await del("EvaluationRow", `UPDATE "EvaluationRow" SET "output"=NULL, "scores"=NULL, "runId"=NULL WHERE "runId" IN ${inRuns}`, ids);
  await del("WorkflowPin", `DELETE FROM "WorkflowPin" WHERE "sourceRunId" IN ${inRuns}`, ids);
  await del("Run", `DELETE FROM "Run" WHERE "id" IN ${inRuns}`, ids);
  if (snapshots.length) {
    const snap = snapshots.map((v) => String(v.id));
    await del(
      "WorkflowVersion",
      `DELETE FROM "WorkflowVersion" WHERE "id" IN (${list(snap.length)}) AND "version" < 0
         AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."versionId"="WorkflowVersion"."id")`,
      snap,
    );
  }
  return { runs: counts.Run ?? 0, counts, next };
}

/**
 * Deletes up to `limit` of the oldest audit rows older than the cutoff — only a prefix of the chain,
 * so the remaining rows still verify from the first one's prevHash. On PostgreSQL the append-only
 * trigger (audit trail migration) lets this transaction through via the maintenance setting.
 */
export async function purgeAuditBatch(q: SqlQuery, dialect: SqlDb["dialect"], cutoffMs: number, limit: number): Promise<number> {
  const rows = await q.all<{ id: number; atMs: number }>(`SELECT "id","atMs" FROM "AuditEvent" ORDER BY "id" LIMIT ?`, [limit]);
  let lastId: number | null = null;
  for (const r of rows) {
    if (Number(r.atMs) >= cutoffMs) break;
    lastId = Number(r.id);
  }
  if (lastId === null) return 0;
  await allowAuditMaintenance(q, dialect);
  return q.run(`DELETE FROM "AuditEvent" WHERE "id" <= ?`, [lastId]);
}

export async function countExpiredAudit(q: SqlQuery, cutoffMs: number): Promise<number> {
  // the prefix older than the cutoff: rows before the first row at or after it
  const first = await q.all<{ id: number }>(`SELECT MIN("id") AS "id" FROM "AuditEvent" WHERE "atMs" >= ?`, [cutoffMs]);
  const bound = first[0]?.id;
  const rows =
    bound === null || bound === undefined
      ? await q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`)
      : await q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "id" < ?`, [Number(bound)]);
  return Number(rows[0]?.n ?? 0);
}

export async function setWorkflowLegalHold(q: SqlQuery, dialect: SqlDb["dialect"], workflowId: string, hold: boolean): Promise<number> {
  return q.run(`UPDATE "Workflow" SET "legalHold"=? WHERE "id"=?`, [bool(dialect, hold), workflowId]);
}

export async function setRunLegalHold(q: SqlQuery, dialect: SqlDb["dialect"], runId: string, hold: boolean): Promise<number> {
  return q.run(`UPDATE "Run" SET "legalHold"=? WHERE "id"=?`, [bool(dialect, hold), runId]);
}

export async function selectRunHold(q: SqlQuery, runId: string): Promise<{ workflowId: string; legalHold: boolean } | null> {
  const rows = await q.all<{ workflowId: string; legalHold: unknown }>(`SELECT "workflowId","legalHold" FROM "Run" WHERE "id"=?`, [runId]);
  return rows[0] ? { workflowId: String(rows[0].workflowId), legalHold: Boolean(rows[0].legalHold) } : null;
}

export async function updateWorkflowSettingsJson(q: SqlQuery, workflowId: string, settings: unknown): Promise<void> {
  await q.run(`UPDATE "Workflow" SET "settings"=? WHERE "id"=?`, [JSON.stringify(settings), workflowId]);
}
