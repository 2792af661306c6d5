// Schedules and their fire rows. The registry (one Schedule row per schedule trigger of a
// workflow's live version) is written in the publish transaction and removed with the workflow;
// a fire commits in ONE transaction that locks the schedule row, claims each fire time with an
// insert-or-nothing on (scheduleId, fireAtMs), creates the run and moves the next fire time.
// Due-ness is always the database clock (txNow / clock_timestamp()). The rules (fire times,
// overlap, catch-up) come from lib/triggers as callbacks; this file only reads and writes rows.
import type { RunStatus } from "@/lib/model/vocabulary";
import "server-only";
import { randomUUID } from "node:crypto";
import type { NewRun } from "@/lib/engine/ports";
import { ACTIVE_RUN_SQL_LIST, isActiveRun } from "@/lib/model/vocabulary";
import { appendAudit, type AuditInput } from "./audit-store";
import { num, sqlTimestamp } from "./row-codec";
import type { Row, SqlDb, SqlQuery } from "./sql";
import { txNow } from "./tx-now";
import { WAKEUP_CHANNEL } from "./engine-store";

const PG_NOW = `(extract(epoch from clock_timestamp()) * 1000)::float8`;
/** Fire rows are kept this long (a fire time never comes back: next fire times only move forward). */
export const FIRE_RETENTION_MS = 7 * 86_400_000;

export interface ScheduleRow {
  id: string;
  workflowId: string;
  triggerId: string;
  versionId: string;
  spec: unknown;
  specKey: string;
  anchorMs: number;
  nextFireAtMs: number | null;
  paused: boolean;
  lastFireAtMs: number | null;
  lastRunId: string | null;
  queuedFireAtMs: number | null;
}

function toSchedule(r: Row): ScheduleRow {
  return {
    id: String(r.id),
    workflowId: String(r.workflowId),
    triggerId: String(r.triggerId),
    versionId: String(r.versionId),
    spec: JSON.parse(String(r.spec)) as unknown,
    specKey: String(r.specKey),
    anchorMs: Number(r.anchorMs),
    nextFireAtMs: num(r.nextFireAtMs),
    paused: r.paused === true || r.paused === 1,
    lastFireAtMs: num(r.lastFireAtMs),
    lastRunId: r.lastRunId === null || r.lastRunId === undefined ? null : String(r.lastRunId),
    queuedFireAtMs: num(r.queuedFireAtMs),
  };
}

// ---------- registry ----------

export interface ScheduleRegistration {
  triggerId: string;
  spec: unknown;
  specKey: string;
}

/**
 * Make the workflow's Schedule rows match the schedule triggers of the version just published
 * (inside its transaction). A trigger whose timing (specKey) is unchanged keeps its anchor, next
 * fire time and pause; a new or re-timed one starts counting at the database time; a removed or
 * disabled one is deleted with its fire rows.
 */
export async function syncSchedulesTx(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  r: {
    workflowId: string;
    versionId: string;
    schedules: ScheduleRegistration[];
    firstFireAt: (spec: unknown, anchorMs: number, nowMs: number) => number | null;
  },
): Promise<void> {
  const now = await txNow(dialect, q);
  let retimed = false;
  const existing = new Map(
    (await q.all(`SELECT * FROM "Schedule" WHERE "workflowId"=?`, [r.workflowId])).map((row) => [String(row.triggerId), toSchedule(row)]),
  );
  const keep = new Set(r.schedules.map((s) => s.triggerId));
  const gone = [...existing.values()].filter((s) => !keep.has(s.triggerId));
  if (gone.length)
    await deleteSchedules(
      q,
      gone.map((s) => s.id),
    );
  for (const s of r.schedules) {
    const old = existing.get(s.triggerId);
    const spec = JSON.stringify(s.spec);
    if (old && old.specKey === s.specKey) {
      await q.run(`UPDATE "Schedule" SET "versionId"=?, "spec"=?, "updatedAtMs"=? WHERE "id"=?`, [r.versionId, spec, now, old.id]);
    } else if (old) {
      retimed = true;
      await q.run(
        `UPDATE "Schedule" SET "versionId"=?, "spec"=?, "specKey"=?, "anchorMs"=?, "nextFireAtMs"=?, "queuedFireAtMs"=NULL, "updatedAtMs"=? WHERE "id"=?`,
        [r.versionId, spec, s.specKey, now, r.firstFireAt(s.spec, now, now), now, old.id],
      );
    } else {
      retimed = true;
      await q.run(
        `INSERT INTO "Schedule" ("id","workflowId","triggerId","versionId","spec","specKey","anchorMs","nextFireAtMs","paused","createdAt","updatedAtMs")
         VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
        [
          randomUUID(),
          r.workflowId,
          s.triggerId,
          r.versionId,
          spec,
          s.specKey,
          now,
          r.firstFireAt(s.spec, now, now),
          false,
          sqlTimestamp(dialect, now),
          now,
        ],
      );
    }
  }
  // workers in other processes look at once (their loop sleeps until the next fire time it knows)
  if (retimed && dialect === "postgresql") await q.all(`SELECT pg_notify('${WAKEUP_CHANNEL}', '')`);
}

async function deleteSchedules(q: SqlQuery, ids: string[]): Promise<void> {
  const list = ids.map(() => "?").join(",");
  await q.run(`DELETE FROM "ScheduleFire" WHERE "scheduleId" IN (${list})`, ids);
  await q.run(`DELETE FROM "Schedule" WHERE "id" IN (${list})`, ids);
}

/** The workflow is deleted: its schedules stop (inside the delete transaction). */
export async function removeWorkflowSchedulesTx(q: SqlQuery, workflowId: string): Promise<void> {
  const rows = await q.all(`SELECT "id" FROM "Schedule" WHERE "workflowId"=?`, [workflowId]);
  if (rows.length)
    await deleteSchedules(
      q,
      rows.map((r) => String(r.id)),
    );
}

// ---------- reads ----------

export async function readSchedule(sql: SqlDb, id: string): Promise<ScheduleRow | null> {
  const rows = await sql.all(`SELECT * FROM "Schedule" WHERE "id"=?`, [id]);
  return rows[0] ? toSchedule(rows[0]) : null;
}

export interface ScheduleListItem extends ScheduleRow {
  lastRunStatus: RunStatus | null;
}

export async function listWorkflowSchedules(sql: SqlDb, workflowId: string): Promise<ScheduleListItem[]> {
  const rows = await sql.all(
    `SELECT s.*, r."status" AS "lastRunStatus" FROM "Schedule" s LEFT JOIN "Run" r ON r."id"=s."lastRunId"
     WHERE s."workflowId"=? ORDER BY s."triggerId"`,
    [workflowId],
  );
  return rows.map((r) => ({
    ...toSchedule(r),
    lastRunStatus: r.lastRunStatus === null || r.lastRunStatus === undefined ? null : (String(r.lastRunStatus) as RunStatus),
  }));
}

export interface DueSchedules {
  /** Schedules with a fire time at or before the database time, or a queued fire whose blocking run ended. */
  due: string[];
  /** The earliest fire time that is not due yet (database time), or null. */
  nextDueMs: number | null;
  /** The database time of the look. */
  nowMs: number;
}

/** The cheap look of every worker loop: an index range on nextFireAtMs, plus the (few) queued fires. */
export async function findDueSchedules(sql: SqlDb, limit = 20): Promise<DueSchedules> {
  const nowExpr = sql.dialect === "postgresql" ? PG_NOW : "?";
  const nowParam = sql.dialect === "postgresql" ? [] : [Date.now()];
  const rows = await sql.all<{ id: string; nextFireAtMs: number; nowMs: number }>(
    `SELECT "id", "nextFireAtMs", ${nowExpr} AS "nowMs" FROM "Schedule"
     WHERE "nextFireAtMs" IS NOT NULL AND "paused"=? ORDER BY "nextFireAtMs" LIMIT ?`,
    [...nowParam, false, limit + 1],
  );
  const nowMs = rows.length ? Number(rows[0].nowMs) : await sql.now();
  const due = rows.filter((r) => Number(r.nextFireAtMs) <= nowMs).map((r) => String(r.id));
  const later = rows.find((r) => Number(r.nextFireAtMs) > nowMs);
  const queued = await sql.all<{ id: string }>(
    `SELECT s."id" FROM "Schedule" s LEFT JOIN "Run" r ON r."id"=s."lastRunId"
     WHERE s."queuedFireAtMs" IS NOT NULL AND s."paused"=? AND (r."id" IS NULL OR r."status" NOT IN ${ACTIVE_RUN_SQL_LIST})`,
    [false],
  );
  for (const r of queued) if (!due.includes(String(r.id))) due.push(String(r.id));
  // a full page of due rows: more may be due (the caller looks again)
  const nextDueMs = later ? Number(later.nextFireAtMs) : rows.length > limit ? nowMs : null;
  return { due: due.slice(0, limit), nextDueMs, nowMs };
}

// ---------- fire ----------

export interface FireState {
  spec: unknown;
  anchorMs: number;
  nextFireAtMs: number | null;
  queuedFireAtMs: number | null;
  lastRunActive: boolean;
}

export type FireActionRow =
  | { kind: "start"; atMs: number }
  | { kind: "start_queued"; atMs: number }
  | { kind: "queued"; atMs: number }
  | { kind: "skipped_overlap"; atMs: number };

export interface FirePlanRows {
  actions: FireActionRow[];
  nextFireAtMs: number | null;
  queuedFireAtMs: number | null;
}

export interface FireOutcome {
  scheduleId: string;
  workflowId: string;
  /** Runs started, one per fire time claimed here. */
  started: { runId: string; fireAtMs: number }[];
  /** Fire times another worker had claimed already (nothing written for them here). */
  taken: number[];
  queued: number[];
  skipped: number[];
  failed: { fireAtMs: number; error: string }[];
}

/**
 * Apply one look at a schedule in one transaction: lock its row (another worker holding it: null),
 * plan from its state at the database time, claim each fire row insert-or-nothing and create its
 * run, then store the next fire time. `buildRun` makes the run at the database time (or says why it
 * cannot start: the fire is recorded as failed, so a broken schedule does not retry every loop).
 */
export async function fireScheduleTx(
  sql: SqlDb,
  scheduleId: string,
  f: {
    plan: (state: FireState, nowMs: number) => FirePlanRows;
    buildRun: (fireAtMs: number, nowMs: number) => NewRun | { error: string };
    createRunInTx: (q: SqlQuery, run: NewRun) => Promise<unknown>;
  },
): Promise<FireOutcome | null> {
  return sql.tx(async (q) => {
    const lock = sql.dialect === "postgresql" ? "FOR UPDATE OF s SKIP LOCKED" : "";
    const rows = await q.all(
      `SELECT s.*, r."status" AS "lastRunStatus" FROM "Schedule" s LEFT JOIN "Run" r ON r."id"=s."lastRunId"
       WHERE s."id"=? AND s."paused"=? ${lock}`,
      [scheduleId, false],
    );
    if (!rows.length) return null;
    const s = toSchedule(rows[0]);
    const status = rows[0].lastRunStatus;
    const lastRunActive = typeof status === "string" && isActiveRun(status);
    const now = await txNow(sql.dialect, q);
    const plan = f.plan(
      { spec: s.spec, anchorMs: s.anchorMs, nextFireAtMs: s.nextFireAtMs, queuedFireAtMs: s.queuedFireAtMs, lastRunActive },
      now,
    );
    const out: FireOutcome = { scheduleId, workflowId: s.workflowId, started: [], taken: [], queued: [], skipped: [], failed: [] };
    let lastRunId = s.lastRunId;
    let lastFireAtMs = s.lastFireAtMs;
    for (const a of plan.actions) {
      if (a.kind === "start_queued") {
        const run = f.buildRun(a.atMs, now);
        const claimed = await q.run(
          `UPDATE "ScheduleFire" SET "outcome"=?, "runId"=?, "error"=? WHERE "scheduleId"=? AND "fireAtMs"=? AND "outcome"='queued'`,
          "error" in run ? ["failed", null, run.error, scheduleId, a.atMs] : ["started", run.id, null, scheduleId, a.atMs],
        );
        if (!claimed) out.taken.push(a.atMs);
        else if ("error" in run) out.failed.push({ fireAtMs: a.atMs, error: run.error });
        else {
          await f.createRunInTx(q, run);
          out.started.push({ runId: run.id, fireAtMs: a.atMs });
          lastRunId = run.id;
        }
        continue;
      }
      lastFireAtMs = Math.max(lastFireAtMs ?? a.atMs, a.atMs);
      const run = a.kind === "start" ? f.buildRun(a.atMs, now) : null;
      const outcome = run === null ? a.kind : "error" in run ? "failed" : "started";
      const claimed = await q.run(
        `INSERT INTO "ScheduleFire" ("id","scheduleId","fireAtMs","outcome","runId","error","createdAtMs") VALUES (?,?,?,?,?,?,?)
         ON CONFLICT ("scheduleId","fireAtMs") DO NOTHING`,
        [
          randomUUID(),
          scheduleId,
          a.atMs,
          outcome,
          run && !("error" in run) ? run.id : null,
          run && "error" in run ? run.error : null,
          now,
        ],
      );
      if (!claimed) {
        out.taken.push(a.atMs);
        continue;
      }
      if (run === null) (a.kind === "queued" ? out.queued : out.skipped).push(a.atMs);
      else if ("error" in run) out.failed.push({ fireAtMs: a.atMs, error: run.error });
      else {
        await f.createRunInTx(q, run);
        out.started.push({ runId: run.id, fireAtMs: a.atMs });
        lastRunId = run.id;
      }
    }
    await q.run(
      `UPDATE "Schedule" SET "nextFireAtMs"=?, "queuedFireAtMs"=?, "lastFireAtMs"=?, "lastRunId"=?, "updatedAtMs"=? WHERE "id"=?`,
      [plan.nextFireAtMs, plan.queuedFireAtMs, lastFireAtMs, lastRunId, now, scheduleId],
    );
    await q.run(`DELETE FROM "ScheduleFire" WHERE "scheduleId"=? AND "fireAtMs" < ?`, [scheduleId, now - FIRE_RETENTION_MS]);
    return out;
  });
}

// ---------- pause / resume ----------

export type PauseOutcome = { ok: true; schedule: ScheduleRow } | { ok: false };

/**
 * Pause or resume a workflow's schedule with its audit record in one transaction. Resuming counts
 * from the database time: fires that fell in the pause are not caught up.
 */
export async function setSchedulePausedTx(
  sql: SqlDb,
  p: {
    workflowId: string;
    triggerId: string;
    paused: boolean;
    nextFireAt: (spec: unknown, anchorMs: number, nowMs: number) => number | null;
    audit: (nowMs: number, schedule: ScheduleRow) => AuditInput;
  },
): Promise<PauseOutcome> {
  return sql.tx(async (q): Promise<PauseOutcome> => {
    const lock = sql.dialect === "postgresql" ? "FOR UPDATE" : "";
    const rows = await q.all(`SELECT * FROM "Schedule" WHERE "workflowId"=? AND "triggerId"=? ${lock}`, [p.workflowId, p.triggerId]);
    if (!rows.length) return { ok: false };
    const s = toSchedule(rows[0]);
    const now = await txNow(sql.dialect, q);
    if (s.paused === p.paused) return { ok: true, schedule: s };
    const next = p.paused ? s.nextFireAtMs : p.nextFireAt(s.spec, s.anchorMs, now);
    await q.run(`UPDATE "Schedule" SET "paused"=?, "nextFireAtMs"=?, "queuedFireAtMs"=?, "updatedAtMs"=? WHERE "id"=?`, [
      p.paused,
      next,
      p.paused ? null : s.queuedFireAtMs,
      now,
      s.id,
    ]);
    const schedule = { ...s, paused: p.paused, nextFireAtMs: next, queuedFireAtMs: p.paused ? null : s.queuedFireAtMs };
    await appendAudit(q, sql.dialect, p.audit(now, schedule));
    if (!p.paused && sql.dialect === "postgresql") await q.all(`SELECT pg_notify('${WAKEUP_CHANNEL}', '')`);
    return { ok: true, schedule };
  });
}
