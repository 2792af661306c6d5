// Alerts: the measures they compare (failure rate, the longest open approval, spend) and the
// firing rows whose unique key (alert, window) makes an alert fire once per window.
import "server-only";
import { randomUUID } from "node:crypto";
import { isUniqueViolation, num } from "./row-codec";
import type { SqlQuery } from "./sql";

/** Runs of the workflow that finished at or after `fromMs`, and how many of them failed. */
export async function finishedRunCounts(q: SqlQuery, workflowId: string, fromMs: number): Promise<{ finished: number; failed: number }> {
  const rows = await q.all<{ finished: number; failed: number | null }>(
    `SELECT COUNT(*) AS "finished", SUM(CASE WHEN "status" IN ('failed','compensation_failed') THEN 1 ELSE 0 END) AS "failed"
     FROM "Run" WHERE "workflowId"=? AND "finishedAtMs" >= ? AND "status" IN ('succeeded','failed','cancelled','compensated','compensation_failed')`,
    [workflowId, fromMs],
  );
  return { finished: num(rows[0]?.finished) ?? 0, failed: num(rows[0]?.failed) ?? 0 };
}

/** When the oldest open approval of the workflow was created (null: none open). */
export async function oldestOpenTaskMs(q: SqlQuery, workflowId: string): Promise<number | null> {
  const rows = await q.all<{ at: number | null }>(
    `SELECT MIN("createdAtMs") AS "at" FROM "Task" WHERE "workflowId"=? AND "status"='open'`,
    [workflowId],
  );
  return num(rows[0]?.at);
}

/** The cost of the workflow's runs started at or after `fromMs`. */
export async function spendSince(q: SqlQuery, workflowId: string, fromMs: number): Promise<number> {
  const rows = await q.all<{ cost: number | null }>(
    `SELECT SUM("costUsd") AS "cost" FROM "Run" WHERE "workflowId"=? AND "startedAtMs" >= ?`,
    [workflowId, fromMs],
  );
  return num(rows[0]?.cost) ?? 0;
}

export interface NewFiring {
  workflowId: string;
  alertId: string;
  kind: string;
  windowStartMs: number;
  value: number;
  threshold: number;
  atMs: number;
}

/** Record a firing; false when the alert already fired in that window. */
export async function insertAlertFiring(q: SqlQuery, f: NewFiring): Promise<boolean> {
  try {
    const n = await q.run(
      `INSERT INTO "AlertFiring" ("id","workflowId","alertId","kind","windowStartMs","value","threshold","atMs") VALUES (?,?,?,?,?,?,?,?)
       ON CONFLICT ("alertId","windowStartMs") DO NOTHING`,
      [randomUUID(), f.workflowId, f.alertId, f.kind, f.windowStartMs, f.value, f.threshold, f.atMs],
    );
    return n > 0;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function recentAlertFirings(
  q: SqlQuery,
  workflowId: string,
  limit: number,
): Promise<{ id: string; alertId: string; kind: string; windowStartMs: number; value: number; threshold: number; atMs: number }[]> {
  const rows = await q.all<Record<string, unknown>>(
    `SELECT "id","alertId","kind","windowStartMs","value","threshold","atMs" FROM "AlertFiring" WHERE "workflowId"=? ORDER BY "atMs" DESC LIMIT ${Math.trunc(limit)}`,
    [workflowId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    alertId: String(r.alertId),
    kind: String(r.kind),
    windowStartMs: Number(r.windowStartMs),
    value: Number(r.value),
    threshold: Number(r.threshold),
    atMs: Number(r.atMs),
  }));
}

/** Enabled admins and the workflow's creator: who is told about its alerts. */
export async function alertRecipients(q: SqlQuery, createdById: string | null): Promise<{ id: string; email: string; name: string }[]> {
  const rows = await q.all<{ id: string; email: string; name: string; disabled: unknown }>(
    `SELECT "id","email","name","disabled" FROM "User" WHERE "role"='admin' OR "id"=? ORDER BY "id"`,
    [createdById ?? ""],
  );
  return rows.filter((r) => !r.disabled).map((r) => ({ id: String(r.id), email: String(r.email), name: String(r.name) }));
}
