// Erasure by data subject (right to erasure). An admin names a subject (its clear value, e.g. an
// applicant id); the request, in one transaction: moves runs hashed under a retired key to the
// current hash, deletes memory stored under the clear key, counts the subject's runs, records an
// ErasureJob (only the keyed hash) and audits the request. The worker then redacts the runs in
// bounded batches (lib/db/erasure-store.ts): each batch commits the redaction and the job's progress
// together, so a restart half-way resumes where it stopped. Active runs are cancelled first (a
// redacted run cannot continue). The job ends with a report: rows per table. Why redaction and not
// crypto-shredding: lib/governance/ARCHITECTURE.md.
import { randomUUID } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import {
  claimErasureJob,
  countHeldSubjectRuns,
  countSubjectRuns,
  deleteMemoryOfSubjectKey,
  eraseDatasetRowsOfSubject,
  eraseRunBatch,
  finishErasureJob,
  noteErasureError,
  insertErasureJob,
  recordErasureProgress,
  rekeySubjectRuns,
  selectActiveSubjectRuns,
  selectErasureJob,
  selectErasureJobs,
  type ErasureJobRow,
} from "@/lib/db/erasure-store";
import type { SqlDb } from "@/lib/db/sql";
import { selectSubjectRuns, type SubjectRunRow } from "@/lib/db/subject-read";
import type { EngineStore } from "@/lib/engine/ports";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { MAX_SUBJECT_LENGTH, subjectHashes, subjectText } from "./subject-hash";

export const ERASURE_BATCH_RUNS = 200;
export const ERASURE_LEASE_MS = 60_000;

export type ErasureJobView = ErasureJobRow;

export interface ErasureRequest {
  subject: string;
  reason?: string;
  actorId: string;
}

export async function requestErasure(db: SqlDb, req: ErasureRequest): Promise<ErasureJobView> {
  const text = subjectText(req.subject.trim());
  if (text === null) throw new DomainError("validation_failed", "Name the data subject to erase.");
  if (text.length > MAX_SUBJECT_LENGTH)
    throw new DomainError("validation_failed", `A data subject is at most ${MAX_SUBJECT_LENGTH} characters.`);
  const [current, ...retired] = subjectHashes(text);
  const id = randomUUID();
  const reason = (req.reason ?? "").trim().slice(0, 1000);
  await db.tx(async (q) => {
    const now = Date.now();
    await rekeySubjectRuns(q, current, retired);
    const memory = await deleteMemoryOfSubjectKey(q, text);
    const runsTotal = await countSubjectRuns(q, current);
    // A legal hold wins over erasure (GDPR art. 17(3)(e)): held runs stay, and the report says how many.
    const held = await countHeldSubjectRuns(q, current);
    await insertErasureJob(q, {
      id,
      subjectHash: current,
      reason,
      requestedById: req.actorId,
      now,
      runsTotal,
      counts: { ...(memory ? { MemoryEntry: memory } : {}), ...(held ? { heldRunsKept: held } : {}) },
    });
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId: req.actorId,
      action: "subject.erasure_requested",
      targetType: "erasure",
      targetId: id,
      data: { subjectHash: current, runs: runsTotal, heldRunsKept: held, memoryEntries: memory, reasonGiven: reason.length > 0 },
    });
  });
  return (await selectErasureJob(db, id))!;
}

export async function getErasureJob(db: SqlDb, id: string): Promise<ErasureJobView> {
  const job = await selectErasureJob(db, id);
  if (!job) throw notFound("Erasure");
  return job;
}

export async function listErasureJobs(db: SqlDb, limit = 100): Promise<ErasureJobView[]> {
  return selectErasureJobs(db, limit);
}

export interface ErasureRunnerOptions {
  db: SqlDb;
  store: Pick<EngineStore, "cancelRun">;
  owner: string;
  batchRuns?: number;
  leaseMs?: number;
  /** Test hook: stop after this many batches (as if the process died), leaving the lease to expire. */
  maxBatches?: number;
}

/**
 * One pass of the erasure worker: claims the oldest unfinished job and works it to the end (or to
 * `maxBatches`). Returns the job it worked on, or null when there was none.
 */
export async function runErasureJobs(o: ErasureRunnerOptions): Promise<ErasureJobView | null> {
  const { db } = o;
  const batchRuns = o.batchRuns ?? ERASURE_BATCH_RUNS;
  const leaseMs = o.leaseMs ?? ERASURE_LEASE_MS;
  const job = await db.tx((q) => claimErasureJob(q, o.owner, Date.now(), leaseMs));
  if (!job) return null;
  try {
    // Active runs first: cancelled (audited as the system), then redacted like any finished run.
    for (let round = 0; round < 20; round++) {
      const active = await selectActiveSubjectRuns(db, job.subjectHash, 100);
      if (!active.length) break;
      for (const runId of active) {
        try {
          await o.store.cancelRun(runId, null, "Erased: data subject erasure", {
            atMs: 0,
            actorId: null,
            actorType: "system",
            action: "run.cancelled",
            targetType: "run",
            targetId: runId,
            data: { reason: "data subject erasure", erasureId: job.id },
          });
        } catch {
          // it finished meanwhile: the batch below redacts it
        }
      }
    }
    let batches = 0;
    for (;;) {
      if (o.maxBatches !== undefined && batches >= o.maxBatches) return selectErasureJob(db, job.id);
      const done = await db.tx(async (q) => {
        const now = Date.now();
        const r = await eraseRunBatch(q, job.subjectHash, now, batchRuns);
        if (r.runs) await recordErasureProgress(q, job.id, r.runs, r.counts, now + leaseMs);
        return r.runs;
      });
      batches++;
      if (done < batchRuns) break;
    }
    await db.tx(async (q) => {
      const now = Date.now();
      // dataset rows whose source run is gone (purged) still carry the subject's hash
      const rows = await eraseDatasetRowsOfSubject(q, job.subjectHash);
      if (rows) await recordErasureProgress(q, job.id, 0, { EvalDatasetRow: rows }, now + leaseMs);
      await finishErasureJob(q, job.id, "done", now, null);
      const final = await selectErasureJob(q, job.id);
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId: null,
        actorType: "system",
        action: "subject.erased",
        targetType: "erasure",
        targetId: job.id,
        data: { subjectHash: job.subjectHash, runs: final?.runsDone ?? 0, counts: final?.counts ?? {}, requestedById: job.requestedById },
      });
    });
  } catch (err) {
    // Kept running: its lease expires and the next pass resumes from the last committed batch.
    const message = err instanceof Error ? err.message : String(err);
    await db.tx((q) => noteErasureError(q, job.id, message.slice(0, 1000)));
  }
  return selectErasureJob(db, job.id);
}

/** Runs of a data subject (admins, before an erasure), newest first, at most 500. */
export async function listSubjectRuns(db: SqlDb, subject: string): Promise<SubjectRunRow[]> {
  const text = subjectText(subject.trim());
  if (text === null) return [];
  return selectSubjectRuns(db, subjectHashes(text), 500);
}
