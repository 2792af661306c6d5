// Retention: how long finished runs (and everything under them) and the audit log are kept, legal
// holds, a preview, and the background purge the worker runs in bounded batches. A global default
// (Setting "governance.retention") and a per-workflow override (Workflow.settings.runRetentionDays);
// held workflows and runs are never purged. Memory entries expire by their own per-workflow
// retention (lib/memory) and the same purge deletes them once expired. Every change is audited; the
// purge audits each pass that deleted something (counts only).
import { z } from "zod";
import { appendAudit } from "@/lib/db/audit-store";
import { purgeExpiredMemoryBatch } from "@/lib/db/memory-admin-store";
import {
  countExpiredAudit,
  countExpiredRuns,
  purgeAuditBatch,
  purgeExpiredRunBatch,
  selectRetentionWorkflows,
  selectRunHold,
  setRunLegalHold,
  setWorkflowLegalHold,
  updateWorkflowSettingsJson,
  type PurgeCursor,
  type RetentionWorkflowRow,
} from "@/lib/db/retention-store";
import { readSetting, writeSetting } from "@/lib/db/setting-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { notFound } from "@/lib/errors/domain-error";
import { parseJsonColumn } from "@/lib/db/row-codec";
import { nextBatchRuns, PURGE_PACING, purgePauseMs, timedTx } from "./purge-pacing";

export const DAY_MS = 86_400_000;
export const RETENTION_SETTING = "governance.retention";
/** Seven years: what most regulated processes must keep their audit trail for. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2557;
const MAX_DAYS = 36_500;

const days = z.number().int().min(1).max(MAX_DAYS);

export const retentionSettingsSchema = z.strictObject({
  /** Finished runs are deleted this many days after they finished; null keeps them. */
  runRetentionDays: days.nullable(),
  auditRetentionDays: days,
});
export type RetentionSettings = z.output<typeof retentionSettingsSchema>;

export const DEFAULT_RETENTION: RetentionSettings = { runRetentionDays: null, auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS };

export const workflowRetentionPatchSchema = z.strictObject({
  /** Days for this workflow's finished runs; null: the global default. */
  runRetentionDays: days.nullable().optional(),
  legalHold: z.boolean().optional(),
});
export type WorkflowRetentionPatch = z.output<typeof workflowRetentionPatchSchema>;

export async function getRetentionSettings(q: SqlQuery): Promise<RetentionSettings> {
  const parsed = retentionSettingsSchema.safeParse(parseJsonColumn(await readSetting(q, RETENTION_SETTING), null));
  return parsed.success ? parsed.data : DEFAULT_RETENTION;
}

export async function setRetentionSettings(db: SqlDb, next: RetentionSettings, actorId: string): Promise<RetentionSettings> {
  await db.tx(async (q) => {
    const before = await getRetentionSettings(q);
    await writeSetting(q, RETENTION_SETTING, next);
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "retention.settings_changed",
      targetType: "settings",
      targetId: RETENTION_SETTING,
      data: { diff: { from: before, to: next } },
    });
  });
  return next;
}

function workflowDays(w: RetentionWorkflowRow): number | null | undefined {
  const s = parseJsonColumn(w.settings, {}) as { runRetentionDays?: unknown };
  return typeof s.runRetentionDays === "number" ? s.runRetentionDays : undefined;
}

export interface WorkflowRetentionView {
  workflowId: string;
  name: string;
  /** The workflow's own setting (null: the global default applies). */
  runRetentionDays: number | null;
  /** What applies: the workflow's or the global default (null: kept). */
  effectiveDays: number | null;
  legalHold: boolean;
  /** Finished runs the next purge would delete. */
  wouldDelete: number;
}

export interface RetentionPreview {
  settings: RetentionSettings;
  runs: number;
  auditRows: number;
  workflows: WorkflowRetentionView[];
}

async function workflowView(db: SqlDb, w: RetentionWorkflowRow, settings: RetentionSettings, now: number): Promise<WorkflowRetentionView> {
  const own = workflowDays(w) ?? null;
  const effective = own ?? settings.runRetentionDays;
  const wouldDelete = effective === null || w.legalHold ? 0 : await countExpiredRuns(db, db.dialect, w.id, now - effective * DAY_MS);
  return { workflowId: w.id, name: w.name, runRetentionDays: own, effectiveDays: effective, legalHold: w.legalHold, wouldDelete };
}

/** What a purge now would delete ("would delete N runs"), per workflow, and audit rows. */
export async function previewRetention(db: SqlDb, now = Date.now()): Promise<RetentionPreview> {
  const settings = await getRetentionSettings(db);
  const workflows: WorkflowRetentionView[] = [];
  for (const w of await selectRetentionWorkflows(db)) workflows.push(await workflowView(db, w, settings, now));
  return {
    settings,
    runs: workflows.reduce((n, w) => n + w.wouldDelete, 0),
    auditRows: await countExpiredAudit(db, now - settings.auditRetentionDays * DAY_MS),
    workflows,
  };
}

/** One workflow's retention: its own setting, what applies, its hold and its preview, with the global default beside it. */
export async function workflowRetention(
  db: SqlDb,
  workflowId: string,
  now = Date.now(),
): Promise<WorkflowRetentionView & { globalDays: number | null }> {
  const settings = await getRetentionSettings(db);
  const w = (await selectRetentionWorkflows(db)).find((x) => x.id === workflowId);
  if (!w) throw notFound("Workflow");
  return { ...(await workflowView(db, w, settings, now)), globalDays: settings.runRetentionDays };
}

export async function setWorkflowRetention(
  db: SqlDb,
  workflowId: string,
  patch: WorkflowRetentionPatch,
  actorId: string,
): Promise<{ runRetentionDays: number | null; legalHold: boolean }> {
  return db.tx(async (q) => {
    const w = (await selectRetentionWorkflows(q)).find((x) => x.id === workflowId);
    if (!w) throw notFound("Workflow");
    const before = { runRetentionDays: workflowDays(w) ?? null, legalHold: w.legalHold };
    const after = { ...before };
    if (patch.runRetentionDays !== undefined) {
      const settings = { ...(parseJsonColumn(w.settings, {}) as Record<string, unknown>), runRetentionDays: patch.runRetentionDays };
      await updateWorkflowSettingsJson(q, workflowId, settings);
      after.runRetentionDays = patch.runRetentionDays;
    }
    if (patch.legalHold !== undefined) {
      await setWorkflowLegalHold(q, db.dialect, workflowId, patch.legalHold);
      after.legalHold = patch.legalHold;
    }
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action:
        patch.legalHold !== undefined && patch.legalHold !== before.legalHold ? "retention.legal_hold_set" : "retention.workflow_changed",
      targetType: "workflow",
      targetId: workflowId,
      data: { diff: { from: before, to: after } },
    });
    return after;
  });
}

export async function getRunHold(db: SqlDb, runId: string): Promise<{ runId: string; legalHold: boolean }> {
  const run = await selectRunHold(db, runId);
  if (!run) throw notFound("Run");
  return { runId, legalHold: run.legalHold };
}

export async function setRunHold(db: SqlDb, runId: string, hold: boolean, actorId: string): Promise<{ runId: string; legalHold: boolean }> {
  await db.tx(async (q) => {
    const run = await selectRunHold(q, runId);
    if (!run) throw notFound("Run");
    await setRunLegalHold(q, db.dialect, runId, hold);
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "retention.legal_hold_set",
      targetType: "run",
      targetId: runId,
      data: { workflowId: run.workflowId, diff: { from: run.legalHold, to: hold } },
    });
  });
  return { runId, legalHold: hold };
}

export interface PurgeOptions {
  db: SqlDb;
  now?: number;
  /** Most runs per transaction (default per database, PURGE_PACING: SQLite 10, PostgreSQL 20). */
  batchRuns?: number;
  /** Statement time a batch of runs may take; sizes the next batch (default per database: SQLite 2 ms, PostgreSQL none). */
  holdBudgetMs?: number;
  /**
   * Largest share of the time the purge spends in its statements (default 0.1, PURGE_PACING): after a batch whose statements took t ms it waits
   * t × (1 / dutyCycle − 1) ms, at most maxPauseMs. Like PostgreSQL's cost-based vacuum delay,
   * background deletion yields to the work in front of it.
   */
  dutyCycle?: number;
  /** The longest pause after one batch (default per database: none on SQLite, 200 ms on PostgreSQL). */
  maxPauseMs?: number;
  /** Milliseconds for timing statements (default performance.now; tests inject a fake clock). */
  clock?: () => number;
  /** Waits the pause after a batch (default setTimeout; tests record it). */
  sleep?: (ms: number) => Promise<void>;
  /** At most this many batches that found expired runs per pass, so a pass never runs long (default 50). */
  maxBatches?: number;
  /** Called between batches (the bench and the worker yield here). */
  pause?: () => Promise<void>;
  /** Stops the pass between batches (the worker stopping; the bench ending a measured interval): `more` is then true. */
  signal?: AbortSignal;
  /** The admin who asked for this pass ("Purge now"); the worker's passes are the system's. */
  actorId?: string;
}

export interface PurgeResult {
  runs: number;
  auditRows: number;
  memoryEntries: number;
  counts: Record<string, number>;
  /** True when more is due (the pass stopped at maxBatches). */
  more: boolean;
}

/** One purge pass: expired runs per workflow, expired memory, then the audit log's prefix. */
export async function purgeExpired(o: PurgeOptions): Promise<PurgeResult> {
  const { db } = o;
  const now = o.now ?? Date.now();
  const base = PURGE_PACING[db.dialect];
  const sizing = { batchRuns: o.batchRuns ?? base.batchRuns, holdBudgetMs: o.holdBudgetMs ?? base.holdBudgetMs };
  let batchRuns = sizing.batchRuns;
  let lastBusyMs = 0;
  const pacing = { dutyCycle: o.dutyCycle ?? base.dutyCycle, maxPauseMs: o.maxPauseMs ?? base.maxPauseMs };
  const clock = o.clock ?? (() => performance.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // one batch: its transaction, then a pause in proportion to its statements' time (see dutyCycle)
  const batch = async <T>(fn: (q: SqlQuery) => Promise<T>, last: (v: T) => boolean): Promise<T> => {
    const { value, busyMs } = await timedTx(db, clock, fn);
    lastBusyMs = busyMs;
    if (last(value)) return value;
    const waitMs = purgePauseMs(busyMs, pacing);
    if (waitMs >= 1) await sleep(waitMs);
    if (o.pause) await o.pause();
    return value;
  };
  const maxBatches = o.maxBatches ?? 50;
  const settings = await getRetentionSettings(db);
  const result: PurgeResult = { runs: 0, auditRows: 0, memoryEntries: 0, counts: {}, more: false };
  let batches = 0;
  const merge = (c: Record<string, number>) => {
    for (const [t, n] of Object.entries(c)) result.counts[t] = (result.counts[t] ?? 0) + n;
  };
  for (const w of await selectRetentionWorkflows(db)) {
    if (o.signal?.aborted) {
      result.more = true;
      break;
    }
    const effective = workflowDays(w) ?? settings.runRetentionDays;
    if (effective === null || w.legalHold) continue;
    const cutoff = now - effective * DAY_MS;
    let after: PurgeCursor | null = null;
    for (;;) {
      if (batches >= maxBatches || o.signal?.aborted) {
        result.more = true;
        break;
      }
      const r = await batch(
        (q) => purgeExpiredRunBatch(q, db.dialect, w.id, cutoff, batchRuns, after),
        (v) => v.next === null,
      );
      // only batches that found expired runs count: a workflow with none costs one indexed read, and
      // counting it would leave every workflow after the first maxBatches (by name) unpurged for good
      if (r.next !== null) batches++;
      batchRuns = nextBatchRuns(r.runs, lastBusyMs, sizing);
      result.runs += r.runs;
      merge(r.counts);
      // a batch whose runs were all kept (a held sub-run) deleted nothing but moves the cursor on
      after = r.next;
      if (after === null) break;
    }
  }
  if (!o.signal?.aborted) {
    for (;;) {
      const n = await batch(
        (q) => purgeExpiredMemoryBatch(q, now, 1000),
        (v) => v < 1000,
      );
      result.memoryEntries += n;
      if (n < 1000) break;
    }
    const auditCutoff = now - settings.auditRetentionDays * DAY_MS;
    for (let i = 0; i < maxBatches; i++) {
      const n = await batch(
        (q) => purgeAuditBatch(q, db.dialect, auditCutoff, 1000),
        (v) => v < 1000,
      );
      result.auditRows += n;
      if (n < 1000) break;
    }
  }
  // an admin's "Purge now" is audited even when it found nothing; the worker's passes only when they deleted
  if (o.actorId || result.runs || result.auditRows || result.memoryEntries) {
    await db.tx((q) =>
      appendAudit(q, db.dialect, {
        atMs: Date.now(),
        actorId: o.actorId ?? null,
        actorType: o.actorId ? "user" : "system",
        action: "retention.purged",
        targetType: "settings",
        targetId: RETENTION_SETTING,
        data: { runs: result.runs, auditRows: result.auditRows, memoryEntries: result.memoryEntries, counts: result.counts },
      }),
    );
  }
  return result;
}
