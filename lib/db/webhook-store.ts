// Webhook registrations (WebhookTrigger: URL id -> workflow, secrets encrypted by the caller) and the
// deliveries log (WebhookDelivery, kept 7 days, purged lazily by the process that writes it).
import "server-only";
import type { AuditInput } from "@/lib/engine/ports";
import { appendAudit } from "./audit-store";
import { jsonColumn, num } from "./row-codec";
import type { SqlDb, SqlQuery } from "./sql";

export const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60_000;
const PURGE_EVERY_MS = 60_000;
const PURGE_BATCH = 1000;

export interface WebhookRegistration {
  id: string;
  workflowId: string;
  /** Ciphertext of the secrets list (lib/triggers/webhook-secrets.ts). */
  secrets: string;
  createdAtMs: number;
  rotatedAtMs: number | null;
}

const toRegistration = (r: Record<string, unknown>): WebhookRegistration => ({
  id: String(r.id),
  workflowId: String(r.workflowId),
  secrets: String(r.secrets),
  createdAtMs: num(r.createdAtMs) ?? 0,
  rotatedAtMs: num(r.rotatedAtMs),
});

const COLUMNS = `t."id", t."workflowId", t."secrets", t."createdAtMs", t."rotatedAtMs"`;

/** The registration of a webhook whose workflow is not deleted, or null. */
export async function findWebhookTrigger(q: SqlQuery, id: string): Promise<WebhookRegistration | null> {
  const rows = await q.all(
    `SELECT ${COLUMNS} FROM "WebhookTrigger" t JOIN "Workflow" w ON w."id"=t."workflowId" WHERE t."id"=? AND w."deletedAt" IS NULL`,
    [id],
  );
  return rows[0] ? toRegistration(rows[0]) : null;
}

export async function listWebhookTriggers(q: SqlQuery, workflowId: string): Promise<WebhookRegistration[]> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM "WebhookTrigger" t WHERE t."workflowId"=? ORDER BY t."createdAtMs"`, [workflowId]);
  return rows.map(toRegistration);
}

/** Register a webhook and audit it, in one transaction. */
export async function insertWebhookTrigger(
  sql: SqlDb,
  r: Omit<WebhookRegistration, "rotatedAtMs"> & { createdById: string; audit: AuditInput },
): Promise<void> {
  await sql.tx(async (q) => {
    await q.run(`INSERT INTO "WebhookTrigger" ("id","workflowId","secrets","createdById","createdAtMs") VALUES (?,?,?,?,?)`, [
      r.id,
      r.workflowId,
      r.secrets,
      r.createdById,
      r.createdAtMs,
    ]);
    await appendAudit(q, sql.dialect, r.audit);
  });
}

/**
 * Replace a webhook's secrets (rotation) under its row lock and audit it: `next` gets the current
 * ciphertext and returns the new one. False when the webhook does not belong to `workflowId`.
 */
export async function replaceWebhookSecrets(
  sql: SqlDb,
  id: string,
  workflowId: string,
  atMs: number,
  next: (current: string) => string,
  audit: AuditInput,
): Promise<boolean> {
  return sql.tx(async (q) => {
    const lock = sql.dialect === "postgresql" ? " FOR UPDATE" : "";
    const rows = await q.all(`SELECT "secrets" FROM "WebhookTrigger" WHERE "id"=? AND "workflowId"=?${lock}`, [id, workflowId]);
    if (!rows[0]) return false;
    await q.run(`UPDATE "WebhookTrigger" SET "secrets"=?, "rotatedAtMs"=? WHERE "id"=?`, [next(String(rows[0].secrets)), atMs, id]);
    await appendAudit(q, sql.dialect, audit);
    return true;
  });
}

// ---------- deliveries ----------

export interface DeliveryRow {
  id: string;
  triggerId: string;
  workflowId: string;
  receivedAtMs: number;
  deliveryId: string | null;
  signatureHash: string | null;
  verified: boolean;
  reason: string | null;
  status: number;
  runId: string | null;
  /** What "send again" replays (verified deliveries only). */
  request: unknown;
}

let lastPurgeMs = 0;

export async function insertDelivery(q: SqlQuery, d: DeliveryRow): Promise<void> {
  if (d.receivedAtMs - lastPurgeMs >= PURGE_EVERY_MS) {
    lastPurgeMs = d.receivedAtMs;
    await purgeOldDeliveries(q, d.receivedAtMs);
  }
  await q.run(
    `INSERT INTO "WebhookDelivery" ("id","triggerId","workflowId","receivedAtMs","deliveryId","signatureHash","verified","reason","status","runId","request")
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    [
      d.id,
      d.triggerId,
      d.workflowId,
      d.receivedAtMs,
      d.deliveryId,
      d.signatureHash,
      d.verified,
      d.reason,
      d.status,
      d.runId,
      d.request === null || d.request === undefined ? null : JSON.stringify(d.request),
    ],
  );
}

/** Delete up to `limit` deliveries older than the retention. */
export async function purgeOldDeliveries(q: SqlQuery, nowMs: number, limit = PURGE_BATCH): Promise<number> {
  return q.run(`DELETE FROM "WebhookDelivery" WHERE "id" IN (SELECT "id" FROM "WebhookDelivery" WHERE "receivedAtMs" < ? LIMIT ?)`, [
    nowMs - DELIVERY_RETENTION_MS,
    limit,
  ]);
}

/** Was a delivery with this signature accepted since `sinceMs`? (A second one is a replay.) */
export async function signatureSeen(q: SqlQuery, triggerId: string, signatureHash: string, sinceMs: number): Promise<boolean> {
  // `+"receivedAtMs"` keeps the planner on the (triggerId, signatureHash) index: without statistics
  // SQLite otherwise picks (triggerId, receivedAtMs) and scans every delivery of the last 5 minutes
  // (3 ms at 5,000 deliveries, growing with traffic) instead of probing one signature.
  const rows = await q.all(
    `SELECT 1 AS "x" FROM "WebhookDelivery" WHERE "triggerId"=? AND "signatureHash"=? AND "verified"=? AND +"receivedAtMs">=? LIMIT 1`,
    [triggerId, signatureHash, true, sinceMs],
  );
  return rows.length > 0;
}

const toDelivery = (r: Record<string, unknown>): DeliveryRow => ({
  id: String(r.id),
  triggerId: String(r.triggerId),
  workflowId: String(r.workflowId),
  receivedAtMs: num(r.receivedAtMs) ?? 0,
  deliveryId: r.deliveryId === null ? null : String(r.deliveryId),
  signatureHash: r.signatureHash === null ? null : String(r.signatureHash),
  verified: r.verified === true || r.verified === 1,
  reason: r.reason === null ? null : String(r.reason),
  status: num(r.status) ?? 0,
  runId: r.runId === null ? null : String(r.runId),
  request: r.request === undefined ? null : jsonColumn(r.request),
});

/** Newest first, without the stored requests. */
export async function listDeliveries(q: SqlQuery, triggerId: string, limit: number): Promise<Omit<DeliveryRow, "request">[]> {
  const rows = await q.all(
    `SELECT "id","triggerId","workflowId","receivedAtMs","deliveryId","signatureHash","verified","reason","status","runId"
     FROM "WebhookDelivery" WHERE "triggerId"=? ORDER BY "receivedAtMs" DESC, "id" DESC LIMIT ?`,
    [triggerId, limit],
  );
  return rows.map((r) => {
    const { request: _request, ...rest } = toDelivery(r);
    void _request;
    return rest;
  });
}

export async function findDelivery(q: SqlQuery, triggerId: string, id: string): Promise<DeliveryRow | null> {
  const rows = await q.all(`SELECT * FROM "WebhookDelivery" WHERE "triggerId"=? AND "id"=?`, [triggerId, id]);
  return rows[0] ? toDelivery(rows[0]) : null;
}
