// Erasure by data subject (lib/governance/erasure.ts) in SQL: the job rows, and the in-place
// redaction of a batch of a subject's runs and everything under them. A batch commits the
// redaction, the runs' tombstones (erasedAtMs) and the job's progress together, so a worker that
// dies half-way leaves a job the next worker resumes exactly where it stopped.
import "server-only";
import { parseJsonColumn } from "@/lib/db/row-codec";
import type { Param, SqlQuery } from "@/lib/db/sql";

/** What an erased JSON column holds: structure stays parseable, no value survives. */
export const ERASED_JSON = '{"erased":true}';
/** What an erased text column holds. */
export const ERASED_TEXT = "[erased]";

export type ErasureStatus = "queued" | "running" | "done" | "failed";

export interface ErasureJobRow {
  id: string;
  subjectHash: string;
  status: ErasureStatus;
  reason: string;
  requestedById: string | null;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  runsTotal: number;
  runsDone: number;
  counts: Record<string, number>;
  error: string | null;
}

const JOB_COLS = `"id","subjectHash","status","reason","requestedById","createdAtMs","startedAtMs","finishedAtMs","runsTotal","runsDone","counts","error"`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toJob(r: Record<string, unknown>): ErasureJobRow {
  return {
    id: String(r.id),
    subjectHash: String(r.subjectHash),
    status: String(r.status) as ErasureStatus,
    reason: String(r.reason ?? ""),
    requestedById: (r.requestedById as string | null) ?? null,
    createdAtMs: Number(r.createdAtMs),
    startedAtMs: num(r.startedAtMs),
    finishedAtMs: num(r.finishedAtMs),
    runsTotal: Number(r.runsTotal),
    runsDone: Number(r.runsDone),
    counts: parseJsonColumn(r.counts, {}) as Record<string, number>,
    error: (r.error as string | null) ?? null,
  };
}

const list = (n: number): string => Array.from({ length: n }, () => "?").join(",");

/**
 * Runs (and dataset rows imported from them) hashed under a retired key move to the current hash, so
 * one job finds them all; how many runs moved.
 */
export async function rekeySubjectRuns(q: SqlQuery, current: string, retired: string[]): Promise<number> {
  if (!retired.length) return 0;
  await q.run(`UPDATE "EvalDatasetRow" SET "subjectHash"=? WHERE "subjectHash" IN (${list(retired.length)})`, [current, ...retired]);
  return q.run(`UPDATE "Run" SET "subjectHash"=? WHERE "subjectHash" IN (${list(retired.length)})`, [current, ...retired]);
}

/**
 * Dataset rows imported from the subject's runs that are not redacted yet, found by the subject hash
 * the row keeps: the rows whose source run the retention purge already deleted (the run batches redact
 * the others with their run). A row copied from a run under legal hold stays, as the run does. How many
 * were redacted.
 */
export async function eraseDatasetRowsOfSubject(q: SqlQuery, subjectHash: string): Promise<number> {
  return q.run(
    `UPDATE "EvalDatasetRow" SET "input"=?, "expected"=CASE WHEN "expected" IS NULL THEN NULL ELSE ? END
     WHERE "subjectHash"=? AND "input"<>?
       AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."id"="EvalDatasetRow"."sourceRunId" AND r."legalHold")`,
    [ERASED_JSON, ERASED_JSON, subjectHash, ERASED_JSON],
  );
}

/** Runs of the subject under legal hold: an erasure leaves them (and says so in its report). */
export async function countHeldSubjectRuns(q: SqlQuery, subjectHash: string): Promise<number> {
  const rows = await q.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Run" WHERE "subjectHash"=? AND "legalHold" AND "erasedAtMs" IS NULL`,
    [subjectHash],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function countSubjectRuns(q: SqlQuery, subjectHash: string, onlyUnerased = true): Promise<number> {
  const rows = await q.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Run" WHERE "subjectHash"=? AND NOT "legalHold"${onlyUnerased ? ` AND "erasedAtMs" IS NULL` : ""}`,
    [subjectHash],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Deletes memory entries stored under the clear subject key (any workflow); how many went. */
export async function deleteMemoryOfSubjectKey(q: SqlQuery, subjectKey: string): Promise<number> {
  return q.run(`DELETE FROM "MemoryEntry" WHERE "subjectKey"=?`, [subjectKey]);
}

export async function insertErasureJob(
  q: SqlQuery,
  j: {
    id: string;
    subjectHash: string;
    reason: string;
    requestedById: string | null;
    now: number;
    runsTotal: number;
    counts: Record<string, number>;
  },
): Promise<void> {
  await q.run(
    `INSERT INTO "ErasureJob" ("id","subjectHash","status","reason","requestedById","createdAtMs","runsTotal","runsDone","counts") VALUES (?,?,'queued',?,?,?,?,0,?)`,
    [j.id, j.subjectHash, j.reason, j.requestedById, j.now, j.runsTotal, JSON.stringify(j.counts)],
  );
}

export async function selectErasureJob(q: SqlQuery, id: string): Promise<ErasureJobRow | null> {
  const rows = await q.all(`SELECT ${JOB_COLS} FROM "ErasureJob" WHERE "id"=?`, [id]);
  return rows[0] ? toJob(rows[0]) : null;
}

export async function selectErasureJobs(q: SqlQuery, limit: number): Promise<ErasureJobRow[]> {
  const rows = await q.all(`SELECT ${JOB_COLS} FROM "ErasureJob" ORDER BY "createdAtMs" DESC, "id" DESC LIMIT ?`, [limit]);
  return rows.map(toJob);
}

/**
 * Claims the oldest unfinished job whose lease is free or expired (a worker that died half-way
 * leaves its lease to expire); null when there is none or another worker won it.
 */
export async function claimErasureJob(q: SqlQuery, owner: string, now: number, leaseMs: number): Promise<ErasureJobRow | null> {
  const rows = await q.all<{ id: string }>(
    `SELECT "id" FROM "ErasureJob" WHERE "status" IN ('queued','running') AND ("leaseExpiresMs" IS NULL OR "leaseExpiresMs" < ? OR "leaseOwner"=?)
     ORDER BY "createdAtMs" LIMIT 1`,
    [now, owner],
  );
  if (!rows[0]) return null;
  const won = await q.run(
    `UPDATE "ErasureJob" SET "status"='running', "leaseOwner"=?, "leaseExpiresMs"=?, "startedAtMs"=COALESCE("startedAtMs", ?)
     WHERE "id"=? AND "status" IN ('queued','running') AND ("leaseExpiresMs" IS NULL OR "leaseExpiresMs" < ? OR "leaseOwner"=?)`,
    [owner, now + leaseMs, now, rows[0].id, now, owner],
  );
  return won ? selectErasureJob(q, rows[0].id) : null;
}

/** Active runs of the subject (the job cancels them before redacting). */
export async function selectActiveSubjectRuns(q: SqlQuery, subjectHash: string, limit: number): Promise<string[]> {
  const rows = await q.all<{ id: string }>(
    `SELECT "id" FROM "Run" WHERE "subjectHash"=? AND "erasedAtMs" IS NULL AND NOT "legalHold"
       AND "status" IN ('queued','running','waiting','compensating') ORDER BY "id" LIMIT ?`,
    [subjectHash, limit],
  );
  return rows.map((r) => String(r.id));
}

/** Counts of rows redacted or deleted, per table. */
export type ErasureCounts = Record<string, number>;

function add(counts: ErasureCounts, table: string, n: number): void {
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
}

/**
 * Redacts up to `limit` unerased, finished runs of the subject and everything under them, in the
 * caller's transaction; returns the runs done and the rows touched per table. Structure stays
 * (ids, statuses, kinds, times, tokens, costs, hashes); every value the run carried goes.
 */
export async function eraseRunBatch(
  q: SqlQuery,
  subjectHash: string,
  now: number,
  limit: number,
): Promise<{ runs: number; counts: ErasureCounts }> {
  const runRows = await q.all<{ id: string }>(
    `SELECT "id" FROM "Run" WHERE "subjectHash"=? AND "erasedAtMs" IS NULL AND NOT "legalHold"
       AND "status" NOT IN ('queued','running','waiting','compensating') ORDER BY "id" LIMIT ?`,
    [subjectHash, limit],
  );
  const counts: ErasureCounts = {};
  if (!runRows.length) return { runs: 0, counts };
  const ids = runRows.map((r) => String(r.id));
  const inRuns = `(${list(ids.length)})`;
  const p = (...extra: Param[]): Param[] => [...extra, ...ids];

  // Events that started or resumed these runs carry the same data: redact them too.
  const eventIds = new Set<string>();
  for (const r of await q.all<{ eventId: string }>(`SELECT "eventId" FROM "EventDelivery" WHERE "runId" IN ${inRuns}`, ids)) {
    eventIds.add(String(r.eventId));
  }
  for (const r of await q.all<{ key: string }>(
    `SELECT "key" FROM "IdempotencyKey" WHERE "scope" LIKE 'event-trigger:%' AND "runId" IN ${inRuns}`,
    ids,
  )) {
    eventIds.add(String(r.key));
  }
  if (eventIds.size) {
    const ev = [...eventIds];
    add(
      counts,
      "PublishedEvent",
      await q.run(`UPDATE "PublishedEvent" SET "data"=?, "key"=NULL, "waitKey"=? WHERE "id" IN (${list(ev.length)})`, [
        ERASED_JSON,
        ERASED_TEXT,
        ...ev,
      ]),
    );
  }

  const taskRows = await q.all<{ id: string }>(`SELECT "id" FROM "Task" WHERE "runId" IN ${inRuns}`, ids);
  const taskIds = taskRows.map((t) => String(t.id));
  if (taskIds.length) {
    const inTasks = `(${list(taskIds.length)})`;
    add(
      counts,
      "Decision",
      await q.run(
        `UPDATE "Decision" SET "comment"='', "payload"=CASE WHEN "payload" IS NULL THEN NULL ELSE ? END,
           "diff"=CASE WHEN "diff" IS NULL THEN NULL ELSE ? END WHERE "taskId" IN ${inTasks}`,
        [ERASED_JSON, ERASED_JSON, ...taskIds],
      ),
    );
    add(counts, "TaskComment", await q.run(`UPDATE "TaskComment" SET "body"=? WHERE "taskId" IN ${inTasks}`, [ERASED_TEXT, ...taskIds]));
    add(counts, "Notification", await q.run(`UPDATE "Notification" SET "title"=? WHERE "taskId" IN ${inTasks}`, [ERASED_TEXT, ...taskIds]));
    // A posted Slack message quotes the task: back to "posted", so the chat poster rewrites it from the erased task.
    add(
      counts,
      "ChatMessage",
      await q.run(
        `UPDATE "ChatMessage" SET "error"=NULL,
           "state"=CASE WHEN "channel"='slack' AND "ts" IS NOT NULL AND "state"='closed' THEN 'posted' ELSE "state" END
         WHERE "taskId" IN ${inTasks}`,
        taskIds,
      ),
    );
    add(
      counts,
      "Task",
      await q.run(
        `UPDATE "Task" SET "title"=?, "instructions"='', "payload"=?, "context"=?,
           "result"=CASE WHEN "result" IS NULL THEN NULL ELSE ? END WHERE "id" IN ${inTasks}`,
        [ERASED_TEXT, ERASED_JSON, ERASED_JSON, ERASED_JSON, ...taskIds],
      ),
    );
  }

  // each history table and then its archive twin (lib/db/history-archive-store.ts), counted under the
  // table's name so the report does not depend on where the rows are; on PostgreSQL an archive batch
  // moving these runs commits before the hot update finds the rows gone, so the archive update sees them
  for (const t of ["Step", "StepArchive"]) {
    add(
      counts,
      "Step",
      await q.run(
        `UPDATE "${t}" SET "input"=CASE WHEN "input" IS NULL THEN NULL ELSE ? END,
           "output"=CASE WHEN "output" IS NULL THEN NULL ELSE ? END,
           "error"=CASE WHEN "error" IS NULL THEN NULL ELSE ? END, "waitKey"=NULL WHERE "runId" IN ${inRuns}`,
        p(ERASED_JSON, ERASED_JSON, ERASED_JSON),
      ),
    );
  }
  for (const t of ["ModelCall", "ModelCallArchive"]) {
    add(
      counts,
      "ModelCall",
      await q.run(
        `UPDATE "${t}" SET "request"=?, "response"=CASE WHEN "response" IS NULL THEN NULL ELSE ? END,
           "error"=CASE WHEN "error" IS NULL THEN NULL ELSE ? END WHERE "runId" IN ${inRuns}`,
        p(ERASED_JSON, ERASED_JSON, ERASED_TEXT),
      ),
    );
  }
  for (const t of ["RunEvent", "RunEventArchive"])
    add(counts, "RunEvent", await q.run(`UPDATE "${t}" SET "data"=? WHERE "runId" IN ${inRuns}`, p(ERASED_JSON)));
  add(counts, "MemoryEntry", await q.run(`DELETE FROM "MemoryEntry" WHERE "runId" IN ${inRuns}`, ids));
  // outputs pinned from these runs, and the copies in the test snapshots they ran
  add(counts, "WorkflowPin", await q.run(`DELETE FROM "WorkflowPin" WHERE "sourceRunId" IN ${inRuns}`, ids));
  const snapshots = await q.all<{ id: string; pins: string }>(
    `SELECT DISTINCT v."id", v."pins" FROM "WorkflowVersion" v JOIN "Run" r ON r."versionId"=v."id"
     WHERE r."id" IN ${inRuns} AND v."version" < 0 AND v."pins" IS NOT NULL`,
    ids,
  );
  for (const v of snapshots) {
    const pins = parseJsonColumn(v.pins, {}) as Record<string, { handle?: unknown }>;
    const erased = Object.fromEntries(
      Object.entries(pins).map(([node, p]) => [node, { output: { erased: true }, handle: p?.handle ?? "out" }]),
    );
    add(counts, "WorkflowVersion", await q.run(`UPDATE "WorkflowVersion" SET "pins"=? WHERE "id"=?`, [JSON.stringify(erased), v.id]));
  }
  // evaluation rows whose test run this is keep its output and grades (which may quote it), and dataset
  // rows imported from these runs copy their input and output: redact both, the scores' pass/cost stay
  add(
    counts,
    "EvaluationRow",
    await q.run(
      `UPDATE "EvaluationRow" SET "output"=CASE WHEN "output" IS NULL THEN NULL ELSE ? END,
         "scores"=CASE WHEN "scores" IS NULL THEN NULL ELSE ? END WHERE "runId" IN ${inRuns}`,
      p(ERASED_JSON, ERASED_JSON),
    ),
  );
  add(
    counts,
    "EvalDatasetRow",
    await q.run(
      `UPDATE "EvalDatasetRow" SET "input"=?, "expected"=CASE WHEN "expected" IS NULL THEN NULL ELSE ? END WHERE "sourceRunId" IN ${inRuns}`,
      p(ERASED_JSON, ERASED_JSON),
    ),
  );
  add(counts, "IdempotencyKey", await q.run(`DELETE FROM "IdempotencyKey" WHERE "runId" IN ${inRuns}`, ids));
  add(
    counts,
    "WebhookDelivery",
    await q.run(`UPDATE "WebhookDelivery" SET "request"=NULL WHERE "request" IS NOT NULL AND "runId" IN ${inRuns}`, ids),
  );
  add(
    counts,
    "ScheduleFire",
    await q.run(`UPDATE "ScheduleFire" SET "error"=NULL WHERE "error" IS NOT NULL AND "runId" IN ${inRuns}`, ids),
  );
  add(
    counts,
    "Run",
    await q.run(
      `UPDATE "Run" SET "input"=?, "output"=CASE WHEN "output" IS NULL THEN NULL ELSE ? END,
         "error"=CASE WHEN "error" IS NULL THEN NULL ELSE ? END, "erasedAtMs"=? WHERE "id" IN ${inRuns}`,
      p(ERASED_JSON, ERASED_JSON, ERASED_JSON, now),
    ),
  );
  return { runs: ids.length, counts };
}

/** Adds a batch's result to the job (same transaction as the batch) and renews the lease. */
export async function recordErasureProgress(
  q: SqlQuery,
  jobId: string,
  runs: number,
  counts: ErasureCounts,
  leaseUntil: number,
): Promise<void> {
  const rows = await q.all<{ counts: string }>(`SELECT "counts" FROM "ErasureJob" WHERE "id"=?`, [jobId]);
  const merged = parseJsonColumn(rows[0]?.counts, {}) as ErasureCounts;
  for (const [t, n] of Object.entries(counts)) merged[t] = (merged[t] ?? 0) + n;
  await q.run(`UPDATE "ErasureJob" SET "runsDone"="runsDone"+?, "counts"=?, "leaseExpiresMs"=? WHERE "id"=?`, [
    runs,
    JSON.stringify(merged),
    leaseUntil,
    jobId,
  ]);
}

export async function finishErasureJob(
  q: SqlQuery,
  jobId: string,
  status: "done" | "failed",
  now: number,
  error: string | null,
): Promise<void> {
  await q.run(`UPDATE "ErasureJob" SET "status"=?, "finishedAtMs"=?, "error"=?, "leaseOwner"=NULL, "leaseExpiresMs"=NULL WHERE "id"=?`, [
    status,
    now,
    error,
    jobId,
  ]);
}

/** The last error a pass met (the job stays unfinished and is resumed after its lease). */
export async function noteErasureError(q: SqlQuery, jobId: string, error: string): Promise<void> {
  await q.run(`UPDATE "ErasureJob" SET "error"=? WHERE "id"=?`, [error, jobId]);
}
