// EngineStore on the raw SqlDb port, for SQLite and PostgreSQL. The engine's hot path lives here:
// claiming runs, loading their steps, and committing a step batch with a fencing check, each in as
// few statements as possible (multi-row upserts, one fenced UPDATE of the run).
//
// Dialect differences, all explicit below:
//  - now: PostgreSQL uses the database clock in SQL (clock_timestamp()); SQLite binds Date.now()
//    (the database is a file in this process, so the process clock IS the database clock).
//  - claim: PostgreSQL selects candidates FOR UPDATE SKIP LOCKED; SQLite needs nothing (one writer).
//  - locks: decisions and audit appends take row/advisory locks on PostgreSQL; SQLite's
//    BEGIN IMMEDIATE already serialises writers.
//  - createdAt text format: what each Prisma adapter writes, so Prisma reads our rows back.
//
// Signals. A leased run keeps readyAtMs == leaseExpiresMs. Anyone who needs the holder to look
// again (a decision, a timer set by another process) lowers readyAtMs below leaseExpiresMs; the
// holder's fenced UPDATE sees it (signalled) and a release keeps it, so no wake-up is ever lost.
import "server-only";
import { HISTORY } from "./history-archive-store";
import { randomUUID } from "node:crypto";
import type { Param, Row, SqlDb, SqlQuery, SqlStatement } from "./sql";
import { appendAudit, pgAuditStatements } from "@/lib/db/audit-store";
import { ConflictError, LeaseLostError, NotFoundError, ValidationError } from "@/lib/engine/errors";
import { ACTIVE_RUN_SQL_LIST, isActiveRun } from "@/lib/model/vocabulary";
import type {
  ChildRunSummary,
  ClaimedRun,
  CommitBatch,
  CommitResult,
  DecisionContext,
  DecisionPlan,
  DecisionRecord,
  EngineStore,
  EventWrite,
  IdempotentStart,
  NewChildRun,
  NewRun,
  NewTask,
  RunEventRecord,
  RunListFilter,
  RunRecord,
  RunStatus,
  StepRecord,
  TaskRecord,
  VersionRecord,
} from "@/lib/engine/ports";
import type { AuditInput } from "@/lib/db/audit-store";
import { redriveRunTx } from "./engine-redrive";
import { activeDelegationsOf } from "./delegation-store";
import { claimIdempotencyKey, findIdempotentStart } from "./idempotency-store";
import { isUniqueViolation, jsonColumn, jsonText, num, readTimestamp, sqlTimestamp } from "./row-codec";
import { closeTaskNotifications } from "./notification-store";
import { rowToDecision, rowToTask } from "./task-rows";
import {
  decidedTask,
  decideTaskScript,
  decisionContext,
  decisionInsertStatement,
  taskDecidedStatement,
  taskVersionConflict,
  type DecisionHandoff,
  type ScriptDb,
} from "./decide-task-script";
import { signalRun, signalRunStatement } from "./signal-run";
import { findStartVersion } from "./start-version";
import { deliverKeptEvents } from "./event-kept-delivery";
import { waitKeyOfInput } from "@/lib/model/wait-keys";

export const WAKEUP_CHANNEL = "switchyard_wakeup";
const ACTIVE = ACTIVE_RUN_SQL_LIST;
const PG_NOW = `(extract(epoch from clock_timestamp()) * 1000)::float8`;
const CHUNK = 400;
const NOTIFY_SQL = `SELECT pg_notify('${WAKEUP_CHANNEL}', '')`;
/** Settings key through which a claim script hands the claimed run ids to its step read. */
const CLAIMED_SETTING = "switchyard.claimed";
/** Raised inside a commit script (an integer cast of this text fails) when a fence or row check fails. */
const SCRIPT_CHECK = "switchyard:check";
/** Most worker batches sharing one group-commit transaction. */
const MAX_GROUP = 128;

const STEP_COLS = [
  "id",
  "runId",
  "stepKey",
  "nodeId",
  "kind",
  "status",
  "attempt",
  "input",
  "output",
  "outputHandle",
  "error",
  "idempotencyKey",
  "wakeAtMs",
  "scheduledAtMs",
  "startedAtMs",
  "finishedAtMs",
  "waitKey",
] as const;
const STEP_UPDATE = STEP_COLS.filter((c) => !["id", "runId", "stepKey", "nodeId", "kind", "scheduledAtMs"].includes(c))
  .map((c) => `"${c}"=excluded."${c}"`)
  .join(",");
const STEP_ROW = `(${STEP_COLS.map(() => "?").join(",")})`;
const EVENT_ROW = "(?,?,?,?,?)";

/** Timestamp columns as ISO-8601 (pg gives Date; SQLite gives the text Prisma wrote, "…+00:00"). */

export function rowToRun(r: Row): RunRecord {
  return {
    id: String(r.id),
    workflowId: String(r.workflowId),
    versionId: String(r.versionId),
    status: r.status as RunRecord["status"],
    trigger: String(r.trigger),
    input: jsonColumn(r.input),
    output: jsonColumn(r.output),
    error: jsonColumn(r.error),
    outcome: (r.outcome as string | null | undefined) ?? null,
    initiatorId: (r.initiatorId as string | null) ?? null,
    cancelledById: (r.cancelledById as string | null) ?? null,
    waitingOn: (r.waitingOn as string | null) ?? null,
    readyAtMs: num(r.readyAtMs),
    leaseOwner: (r.leaseOwner as string | null) ?? null,
    leaseExpiresMs: num(r.leaseExpiresMs),
    fencingToken: Number(r.fencingToken),
    createdAt: readTimestamp(r.createdAt),
    startedAtMs: num(r.startedAtMs),
    finishedAtMs: num(r.finishedAtMs),
    updatedAtMs: Number(r.updatedAtMs),
    parentRunId: (r.parentRunId as string | null) ?? null,
    parentStepKey: (r.parentStepKey as string | null) ?? null,
    depth: r.depth === undefined || r.depth === null ? 0 : Number(r.depth),
    sourceRunId: (r.sourceRunId as string | null) ?? null,
    isTest: r.isTest === undefined ? undefined : Boolean(r.isTest),
  };
}

/** The run row startLeased inserts, as rowToRun reads it back (JSON through text, as stored). */
function leasedRunRecord(run: NewRun, now: number, lease: { workerId: string; leaseMs: number }, createdAt: string): RunRecord {
  const expires = now + lease.leaseMs;
  return {
    id: run.id,
    workflowId: run.workflowId,
    versionId: run.versionId,
    status: "running",
    trigger: run.trigger,
    input: jsonColumn(JSON.stringify(run.input ?? {})),
    output: null,
    error: null,
    outcome: null,
    initiatorId: run.initiatorId,
    cancelledById: null,
    waitingOn: null,
    readyAtMs: expires,
    leaseOwner: lease.workerId,
    leaseExpiresMs: expires,
    fencingToken: 1,
    createdAt: readTimestamp(createdAt),
    startedAtMs: now,
    finishedAtMs: null,
    updatedAtMs: now,
    parentRunId: null,
    parentStepKey: null,
    depth: 0,
    sourceRunId: run.sourceRunId ?? null,
    isTest: run.isTest === true,
  };
}

/** A step row as rowToStep reads it back after it was written as given. */
function asStoredStep(s: StepRecord): StepRecord {
  return {
    id: s.id,
    runId: s.runId,
    stepKey: s.stepKey,
    nodeId: s.nodeId,
    kind: s.kind,
    status: s.status,
    attempt: s.attempt,
    input: jsonColumn(jsonText(s.input)),
    output: jsonColumn(jsonText(s.output)),
    outputHandle: s.outputHandle,
    error: jsonColumn(jsonText(s.error)),
    idempotencyKey: s.idempotencyKey,
    wakeAtMs: s.wakeAtMs,
    scheduledAtMs: s.scheduledAtMs,
    startedAtMs: s.startedAtMs,
    finishedAtMs: s.finishedAtMs,
  };
}

export function rowToStep(r: Row): StepRecord {
  return {
    id: String(r.id),
    runId: String(r.runId),
    stepKey: String(r.stepKey),
    nodeId: String(r.nodeId),
    kind: String(r.kind),
    status: r.status as StepRecord["status"],
    attempt: Number(r.attempt),
    input: jsonColumn(r.input),
    output: jsonColumn(r.output),
    outputHandle: (r.outputHandle as string | null) ?? null,
    error: jsonColumn(r.error),
    idempotencyKey: (r.idempotencyKey as string | null) ?? null,
    wakeAtMs: num(r.wakeAtMs),
    scheduledAtMs: Number(r.scheduledAtMs),
    startedAtMs: num(r.startedAtMs),
    finishedAtMs: num(r.finishedAtMs),
  };
}

const STEPS_OF_RUN = `SELECT * FROM ${HISTORY.Step} WHERE "runId"=? ORDER BY "scheduledAtMs", "stepKey"`;

/** PostgreSQL: tasks with their assignees as one JSON column, in one statement (getTasks' two queries). */
function pgTasksSql(where: string): string {
  return `SELECT t.*, (SELECT json_agg(json_build_object('type', a."type", 'value', a."value")) FROM "TaskAssignee" a
      WHERE a."taskId"=t."id")::text AS "assigneeList"
    FROM "Task" t WHERE ${where} ORDER BY t."createdAtMs"`;
}

/** Set by a decision script that leased the run it resolved (decisionHandoff): that run's id. */
const LEASED_SETTING = "switchyard.leased";
const LEASED_ID = `NULLIF(current_setting('${LEASED_SETTING}', true), '')`;

/**
 * A decision's write script leases the run it resolves to a worker of this process when nobody holds
 * it, as claimRuns would (the run is due now), and reads its steps and tasks last, as the claim does;
 * a run held by a worker is woken as before (signalRun), and only then is NOTIFY sent.
 */
function decisionHandoff(lease: { workerId: string; leaseMs: number }): DecisionHandoff {
  return {
    wake: (runId, now) => [
      {
        sql: `WITH n AS (SELECT ${PG_NOW} AS now),
          u AS (UPDATE "Run" r SET "leaseOwner"=?, "leaseExpiresMs"=n.now + ?, "readyAtMs"=n.now + ?, "fencingToken"=r."fencingToken"+1,
            "status"=CASE WHEN r."status"='queued' THEN 'running' ELSE r."status" END
            FROM n WHERE r."id"=? AND r."status" IN ${ACTIVE} AND (r."leaseOwner" IS NULL OR r."leaseExpiresMs" < n.now) RETURNING r.*)
          SELECT u.*, set_config('${LEASED_SETTING}', u."id", true) AS "leasedId" FROM u`,
        params: [lease.workerId, lease.leaseMs, lease.leaseMs, runId],
      },
      signalRunStatement(runId, now, `${LEASED_ID} IS DISTINCT FROM "id"`),
    ],
    notify: { sql: `SELECT pg_notify('${WAKEUP_CHANNEL}', '') WHERE ${LEASED_ID} IS NULL` },
    reads: [{ sql: `SELECT * FROM "Step" WHERE "runId" = ${LEASED_ID}` }, { sql: pgTasksSql(`t."runId" = ${LEASED_ID}`) }],
    take: ([leased], [steps, tasks]) => {
      if (!leased?.[0]) return null;
      const run = rowToRun(leased[0]);
      return { run, steps: steps.map(rowToStep), tasks: pgTasksByRun(tasks).get(run.id) ?? [] };
    },
  };
}

function pgTasksByRun(rows: Row[]): Map<string, TaskRecord[]> {
  const out = new Map<string, TaskRecord[]>();
  for (const r of rows) {
    const task = rowToTask(r, (jsonColumn(r.assigneeList) as Row[] | null) ?? []);
    let list = out.get(task.runId);
    if (!list) out.set(task.runId, (list = []));
    list.push(task);
  }
  return out;
}

function stepParams(s: StepRecord): Param[] {
  return [
    s.id,
    s.runId,
    s.stepKey,
    s.nodeId,
    s.kind,
    s.status,
    s.attempt,
    jsonText(s.input),
    jsonText(s.output),
    s.outputHandle,
    jsonText(s.error),
    s.idempotencyKey,
    s.wakeAtMs,
    s.scheduledAtMs,
    s.startedAtMs,
    s.finishedAtMs,
    s.kind === "wait_event" || s.kind === "wait_callback" ? waitKeyOfInput(s.input) : null,
  ];
}

/** The agent's confidence, when the task carries one, is a column so the inbox can filter on it. */
function taskConfidence(context: unknown): number | null {
  const c = (context as { confidence?: unknown } | null)?.confidence;
  return typeof c === "number" && Number.isFinite(c) ? c : null;
}

export class SqlEngineStore implements EngineStore {
  readonly dialect: SqlDb["dialect"];
  private readonly versionCache = new Map<string, VersionRecord>();
  private pendingCommits: { b: CommitBatch; resolve: (r: CommitResult) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;

  /**
   * `listen: false`: no LISTEN (behind a transaction-mode pooler it cannot work); wake-ups from other
   * processes then come from polling (lib/server/worker-host.ts shortens the worker's poll).
   */
  constructor(
    private readonly db: SqlDb,
    private readonly opts: { listen?: boolean } = {},
  ) {
    this.dialect = db.dialect;
  }

  /** The database clock; on PostgreSQL a lower bound that costs no round trip (SqlDb.clock). */
  now(): Promise<number> {
    return this.db.clock ? this.db.clock() : this.db.now();
  }

  private createdAtText(ms: number): string {
    const iso = new Date(ms).toISOString();
    return this.dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso;
  }

  async getVersion(versionId: string): Promise<VersionRecord | null> {
    const hit = this.versionCache.get(versionId);
    if (hit) return hit;
    const rows = await this.db.all(`SELECT "id","workflowId","version","graph","published","pins" FROM "WorkflowVersion" WHERE "id"=?`, [
      versionId,
    ]);
    if (!rows[0]) return null;
    const v: VersionRecord = {
      id: String(rows[0].id),
      workflowId: String(rows[0].workflowId),
      version: Number(rows[0].version),
      graph: String(rows[0].graph),
      test: !rows[0].published,
      pins: rows[0].pins === null || rows[0].pins === undefined ? null : String(rows[0].pins),
    };
    if (this.versionCache.size > 1000) this.versionCache.clear();
    this.versionCache.set(versionId, v); // immutable rows: safe to cache forever
    return v;
  }

  async liveVersion(workflowId: string): Promise<VersionRecord | null> {
    const live = await findStartVersion(this.db, workflowId);
    return live ? this.getVersion(live.id) : null;
  }

  async findVersion(workflowId: string, version: number | "latest"): Promise<VersionRecord | null> {
    if (version === "latest") return this.liveVersion(workflowId);
    const rows = await this.db.all(`SELECT "id" FROM "WorkflowVersion" WHERE "workflowId"=? AND "version"=? AND "published"=?`, [
      workflowId,
      version,
      true,
    ]);
    return rows[0] ? this.getVersion(String(rows[0].id)) : null;
  }

  async loadChildRuns(runId: string): Promise<ChildRunSummary[]> {
    const rows = await this.db.all(
      `SELECT "id","parentStepKey","status","output","error" FROM "Run" WHERE "parentRunId"=? ORDER BY "createdAt", "id"`,
      [runId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      parentStepKey: String(r.parentStepKey),
      status: r.status as RunStatus,
      output: jsonColumn(r.output),
      error: jsonColumn(r.error),
    }));
  }

  /** Sub-workflow children, inserted inside the parent's commit (queued and due now). */
  private async insertChildRuns(q: SqlQuery, runs: NewChildRun[], now: number): Promise<void> {
    for (const c of runs) {
      await q.run(
        `INSERT INTO "Run" ("id","workflowId","versionId","status","trigger","input","initiatorId","parentRunId","parentStepKey","depth","readyAtMs","fencingToken","createdAt","startedAtMs","updatedAtMs","subjectHash","isTest")
         VALUES (?,?,?,'queued','subworkflow',?,?,?,?,?,?,0,?,?,?,(SELECT p."subjectHash" FROM "Run" p WHERE p."id"=?),(SELECT p."isTest" FROM "Run" p WHERE p."id"=?))`,
        [
          c.id,
          c.workflowId,
          c.versionId,
          JSON.stringify(c.input ?? {}),
          c.initiatorId,
          c.parentRunId,
          c.parentStepKey,
          c.depth,
          now,
          this.createdAtText(now),
          now,
          now,
          c.parentRunId,
          c.parentRunId,
        ],
      );
      await this.insertEvents(q, c.id, now, [
        { type: "run.queued", data: { parentRunId: c.parentRunId, parentStepKey: c.parentStepKey, depth: c.depth } },
      ]);
    }
  }

  /** Cancel a run's active children (all, or those started by these steps), and theirs, in this transaction. */
  private async cancelChildrenIn(q: SqlQuery, runId: string, stepKeys: string[] | null, now: number, reason: string): Promise<void> {
    const rows = await q.all<{ id: string; parentStepKey: string }>(
      `SELECT "id","parentStepKey" FROM "Run" WHERE "parentRunId"=? AND "status" IN ${ACTIVE}`,
      [runId],
    );
    for (const r of rows) {
      const key = String(r.parentStepKey);
      if (stepKeys && !stepKeys.some((k) => key === k || key.startsWith(`${k}~`))) continue;
      await this.cancelIn(q, String(r.id), null, reason, now);
    }
  }

  /** Cancel one active run (tasks, open steps, lease) and its active descendants. False when not active. */
  private async cancelIn(q: SqlQuery, runId: string, byUserId: string | null, reason: string, now: number): Promise<boolean> {
    await q.run(`UPDATE "Task" SET "status"='cancelled', "decidedAtMs"=?, "version"="version"+1 WHERE "runId"=? AND "status"='open'`, [
      now,
      runId,
    ]);
    await closeTaskNotifications(q, this.dialect, { runId }, now);
    await q.run(
      `UPDATE "TaskAssignee" SET "status"='cancelled' WHERE "status"='open' AND "taskId" IN (SELECT "id" FROM "Task" WHERE "runId"=?)`,
      [runId],
    );
    const open = await q.all<{ stepKey: string }>(
      `SELECT "stepKey" FROM "Step" WHERE "runId"=? AND "status" IN ('pending','running','waiting')`,
      [runId],
    );
    await q.run(
      `UPDATE "Step" SET "status"='cancelled', "finishedAtMs"=?, "wakeAtMs"=NULL WHERE "runId"=? AND "status" IN ('pending','running','waiting')`,
      [now, runId],
    );
    const error = { message: reason, code: "cancelled" };
    const n = await q.run(
      `UPDATE "Run" SET "status"='cancelled', "cancelledById"=?, "error"=?, "finishedAtMs"=?, "updatedAtMs"=?, "readyAtMs"=NULL,
         "leaseOwner"=NULL, "leaseExpiresMs"=NULL, "waitingOn"=NULL, "fencingToken"="fencingToken"+1
       WHERE "id"=? AND "status" IN ${ACTIVE}`,
      [byUserId, JSON.stringify(error), now, now, runId],
    );
    if (n === 0) return false;
    await this.insertEvents(q, runId, now, [
      ...open.map((s) => ({ type: "step.cancelled", stepKey: s.stepKey, data: {} })),
      { type: "run.cancelled", data: { by: byUserId, reason } },
    ]);
    await this.cancelChildrenIn(q, runId, null, now, "parent run ended");
    return true;
  }

  private eventStatements(runId: string, atMs: number, events: EventWrite[]): SqlStatement[] {
    const out: SqlStatement[] = [];
    for (let i = 0; i < events.length; i += CHUNK) {
      const part = events.slice(i, i + CHUNK);
      const params: Param[] = [];
      for (const e of part) params.push(runId, e.type, e.stepKey ?? null, JSON.stringify(e.data ?? {}), atMs);
      out.push({
        sql: `INSERT INTO "RunEvent" ("runId","type","stepKey","data","atMs") VALUES ${part.map(() => EVENT_ROW).join(",")}`,
        params,
      });
    }
    return out;
  }

  private async insertEvents(q: SqlQuery, runId: string, atMs: number, events: EventWrite[]): Promise<void> {
    for (const st of this.eventStatements(runId, atMs, events)) await q.run(st.sql, st.params);
  }

  /** Upserts of full step rows in chunks, with the rows each must write; a terminal row is left alone. */
  private stepStatements(steps: StepRecord[]): (SqlStatement & { rows: number })[] {
    const out: (SqlStatement & { rows: number })[] = [];
    for (let i = 0; i < steps.length; i += CHUNK) {
      const part = steps.slice(i, i + CHUNK);
      const params: Param[] = [];
      for (const s of part) params.push(...stepParams(s));
      out.push({
        sql: `INSERT INTO "Step" (${STEP_COLS.map((c) => `"${c}"`).join(",")}) VALUES ${part.map(() => STEP_ROW).join(",")}
         ON CONFLICT ("runId","stepKey") DO UPDATE SET ${STEP_UPDATE}
         WHERE "Step"."status" IN ('pending','running','waiting')`,
        params,
        rows: part.length,
      });
    }
    return out;
  }

  /** Upsert full step rows; a row that is already terminal is left alone. Returns rows written. */
  private async upsertSteps(q: SqlQuery, steps: StepRecord[]): Promise<number> {
    let n = 0;
    for (const st of this.stepStatements(steps)) n += await q.run(st.sql, st.params);
    return n;
  }

  private async insertTasks(q: SqlQuery, tasks: NewTask[]): Promise<void> {
    for (const t of tasks) {
      await q.run(
        `INSERT INTO "Task" ("id","runId","stepKey","workflowId","versionId","nodeId","type","title","instructions","payload",
          "editableSchema","context","confidence","status","quorum","rejectionPolicy","separationOfDuties","initiatorId","dueAtMs","escalation",
          "escalationLevel","version","createdAtMs") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?,?,?,?,?,0,?)`,
        [
          t.id,
          t.runId,
          t.stepKey,
          t.workflowId,
          t.versionId,
          t.nodeId,
          t.type,
          t.title,
          t.instructions,
          jsonText(t.payload) ?? "null",
          jsonText(t.editableSchema) ?? "{}",
          jsonText(t.context) ?? "{}",
          taskConfidence(t.context),
          t.quorum,
          t.rejectionPolicy,
          t.separationOfDuties,
          t.initiatorId,
          t.dueAtMs,
          jsonText(t.escalation) ?? "[]",
          t.escalationLevel,
          t.createdAtMs,
        ],
      );
      if (t.assignees.length) {
        const params: Param[] = [];
        for (const a of t.assignees) params.push(randomUUID(), t.id, a.type, a.value);
        await q.run(
          `INSERT INTO "TaskAssignee" ("id","taskId","type","value","status") VALUES ${t.assignees.map(() => "(?,?,?,?,'open')").join(",")}`,
          params,
        );
      }
    }
  }

  private async notifyInTx(q: SqlQuery): Promise<void> {
    if (this.dialect === "postgresql") await q.all(NOTIFY_SQL);
  }

  /**
   * On PostgreSQL a start without an Idempotency-Key is one round trip: Run, steps, events, the audit
   * append and NOTIFY as one script (one implicit transaction). A key needs an answer before the
   * rest is written, so such a start keeps the transaction path.
   */
  async createRun(run: NewRun): Promise<IdempotentStart | null> {
    if (this.db.script && !run.idempotency) {
      const now = run.audit.atMs;
      await this.db.script([
        this.runInsertStatement(run, now),
        ...this.stepStatements(run.steps),
        ...this.eventStatements(run.id, now, run.events),
        ...pgAuditStatements(run.audit),
        { sql: NOTIFY_SQL },
      ]);
      return null;
    }
    return this.db.tx((q) => this.createRunInTx(q, run));
  }

  /**
   * createRun with the run already leased to a worker of this process, as a claim would lease it
   * (status running, fencing token 1, `readyAtMs = leaseExpiresMs`), in the start's own transaction
   * (PostgreSQL: the same one round trip). The rows are returned as a claim returns them, built from
   * what was written rather than read back (`RETURNING *` sent every column back for pg to parse, the
   * run's timestamp included, to rebuild what this process had just sent). No NOTIFY: no other worker
   * may take the run. On SQLite the claim it saves was a write transaction of its own (BEGIN IMMEDIATE,
   * the Run row and its status indexes rewritten, COMMIT) taken in small batches while starts kept
   * coming, and every start kicked the claim loop again.
   */
  readonly createLeasedRun = (run: NewRun, lease: { workerId: string; leaseMs: number }): Promise<ClaimedRun> =>
    this.startLeased(run, lease);

  private async startLeased(run: NewRun, lease: { workerId: string; leaseMs: number }): Promise<ClaimedRun> {
    if (run.idempotency) throw new Error("a start with an Idempotency-Key is never leased at once");
    const now = run.audit.atMs;
    if (this.db.script) {
      const insert = this.runInsertStatement(run, now, lease);
      const steps = this.stepStatements(run.steps);
      // a new run's step rows conflict with none: every row is inserted as given
      await this.db.script([insert, ...steps, ...this.eventStatements(run.id, now, run.events), ...pgAuditStatements(run.audit)]);
    } else {
      await this.db.tx((q) => this.createRunInTx(q, run, lease));
    }
    return { run: leasedRunRecord(run, now, lease, this.createdAtText(now)), steps: run.steps.map(asStoredStep), tasks: [] };
  }

  private runInsertStatement(run: NewRun, now: number, lease?: { workerId: string; leaseMs: number }): SqlStatement {
    // leased: as claimRuns leaves a run it takes (while leased, readyAtMs is the lease's expiry)
    const expires = lease ? now + lease.leaseMs : null;
    return {
      sql: `INSERT INTO "Run" ("id","workflowId","versionId","status","trigger","input","initiatorId","sourceRunId","subjectHash","readyAtMs","fencingToken","leaseOwner","leaseExpiresMs","createdAt","startedAtMs","updatedAtMs","isTest")
       VALUES (?,?,?,?,?,?,?,?,COALESCE(?, (SELECT s."subjectHash" FROM "Run" s WHERE s."id"=?)),?,?,?,?,?,?,?,?)`,
      params: [
        run.id,
        run.workflowId,
        run.versionId,
        lease ? "running" : "queued",
        run.trigger,
        JSON.stringify(run.input ?? {}),
        run.initiatorId,
        run.sourceRunId ?? null,
        run.subjectHash ?? null,
        run.sourceRunId ?? null,
        expires ?? now,
        lease ? 1 : 0,
        lease?.workerId ?? null,
        expires,
        this.createdAtText(now),
        now,
        now,
        run.isTest === true,
      ],
    };
  }

  /**
   * createRun inside the caller's transaction (a schedule commits its fire row with the run). With
   * `lease`, written leased to a worker of this process (createLeasedRun), so no other worker is woken.
   */
  async createRunInTx(q: SqlQuery, run: NewRun, lease?: { workerId: string; leaseMs: number }): Promise<IdempotentStart | null> {
    const now = run.audit.atMs;
    if (run.idempotency) {
      const held = await claimIdempotencyKey(q, { ...run.idempotency, runId: run.id }, now);
      if (held) return held;
    }
    const insert = this.runInsertStatement(run, now, lease);
    await q.run(insert.sql, insert.params);
    if (run.steps.length) await this.upsertSteps(q, run.steps);
    await this.insertEvents(q, run.id, now, run.events);
    await appendAudit(q, this.dialect, run.audit);
    if (!lease) await this.notifyInTx(q);
    return null;
  }

  async findIdempotentStart(scope: string, key: string): Promise<IdempotentStart | null> {
    return findIdempotentStart(this.db, scope, key, await this.now());
  }

  async claimRuns(workerId: string, limit: number, leaseMs: number): Promise<ClaimedRun[]> {
    let rows: Row[];
    let stepRows: Row[] | null = null;
    let taskRows: Row[] | null = null;
    if (this.dialect === "postgresql") {
      const claim: SqlStatement = {
        sql: `WITH n AS (SELECT ${PG_NOW} AS now),
         c AS (SELECT "id" FROM "Run", n WHERE "readyAtMs" <= n.now AND ("leaseOwner" IS NULL OR "leaseExpiresMs" < n.now)
               AND "status" IN ${ACTIVE} ORDER BY "readyAtMs" LIMIT ? FOR UPDATE OF "Run" SKIP LOCKED),
         u AS (UPDATE "Run" r SET "leaseOwner"=?, "leaseExpiresMs"=n.now + ?, "readyAtMs"=n.now + ?, "fencingToken"=r."fencingToken"+1,
           "status"=CASE WHEN r."status"='queued' THEN 'running' ELSE r."status" END
         FROM c, n WHERE r."id"=c."id" RETURNING r.*)`,
        params: [limit, workerId, leaseMs, leaseMs],
      };
      if (this.db.script) {
        // One round trip: the claim hands its ids to the step read through a transaction-local
        // setting. The read is a second statement on purpose: its snapshot is taken after the claim
        // got its row locks, so it sees every step the previous holder committed before them.
        // The runs' tasks come last (the processor keeps them only when a step waits on one).
        const claimedIds = `SELECT json_array_elements_text(COALESCE(NULLIF(current_setting('${CLAIMED_SETTING}', true), ''), '[]')::json)`;
        const [claimed, steps, tasks] = await this.db.script([
          {
            sql: `${claim.sql} SELECT u.*, set_config('${CLAIMED_SETTING}', (SELECT json_agg("id")::text FROM u), true) AS "claimedIds" FROM u`,
            params: claim.params,
          },
          { sql: `SELECT * FROM "Step" WHERE "runId" IN (${claimedIds})` },
          { sql: pgTasksSql(`t."runId" IN (${claimedIds})`) },
        ]);
        rows = claimed;
        stepRows = steps;
        taskRows = tasks;
      } else {
        rows = await this.db.all(`${claim.sql} SELECT * FROM u`, claim.params);
      }
    } else {
      const now = Date.now();
      // `+"status"`: due runs are found on the readyAtMs index. Without statistics SQLite otherwise
      // takes (status, createdAt) and reads every active run, e.g. all 10,000 parked on a Wait for
      // event, on every claim.
      rows = await this.db.all(
        `UPDATE "Run" SET "leaseOwner"=?, "leaseExpiresMs"=?, "readyAtMs"=?, "fencingToken"="fencingToken"+1,
           "status"=CASE WHEN "status"='queued' THEN 'running' ELSE "status" END
         WHERE "id" IN (SELECT "id" FROM "Run" WHERE "readyAtMs" <= ? AND ("leaseOwner" IS NULL OR "leaseExpiresMs" < ?)
           AND +"status" IN ${ACTIVE} ORDER BY "readyAtMs" LIMIT ?) RETURNING *`,
        [workerId, now + leaseMs, now + leaseMs, now, now, limit],
      );
    }
    if (!rows.length) return [];
    const runs = rows.map(rowToRun);
    const steps =
      stepRows ??
      (await this.db.all(
        `SELECT * FROM "Step" WHERE "runId" IN (${runs.map(() => "?").join(",")})`,
        runs.map((r) => r.id),
      ));
    const byRun = new Map<string, StepRecord[]>();
    for (const s of steps) {
      const rec = rowToStep(s);
      let list = byRun.get(rec.runId);
      if (!list) byRun.set(rec.runId, (list = []));
      list.push(rec);
    }
    const tasks = taskRows && pgTasksByRun(taskRows);
    return runs.map((run) => ({ run, steps: byRun.get(run.id) ?? [], ...(tasks ? { tasks: tasks.get(run.id) ?? [] } : {}) }));
  }

  async loadRun(runId: string): Promise<ClaimedRun | null> {
    if (this.db.script) {
      // one round trip: the run, its steps and its tasks (read in that order, as the claim reads them)
      const [runs, steps, tasks] = await this.db.script([
        { sql: `SELECT * FROM "Run" WHERE "id"=?`, params: [runId] },
        { sql: STEPS_OF_RUN, params: [runId] },
        { sql: pgTasksSql(`t."runId"=?`), params: [runId] },
      ]);
      if (!runs[0]) return null;
      return { run: rowToRun(runs[0]), steps: steps.map(rowToStep), tasks: pgTasksByRun(tasks).get(runId) ?? [] };
    }
    const run = await this.getRun(runId);
    if (!run) return null;
    return { run, steps: await this.getSteps(runId) };
  }

  async loadTasks(runId: string): Promise<TaskRecord[]> {
    return this.getTasks(runId);
  }

  /**
   * Group commit: batches committed in the same event-loop turn (or while a flush is running) share
   * ONE database transaction, each inside its own SAVEPOINT so a stale fencing token or a race in
   * one batch rolls back only that batch. Every batch still gets its own result or error.
   */
  commit(b: CommitBatch): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.pendingCommits.push({ b, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushCommits().catch(() => undefined);
        });
      }
    });
  }

  private async flushCommits(): Promise<void> {
    while (this.pendingCommits.length) {
      // Sorted by run id: every group transaction takes its row locks in the same order.
      const group = this.pendingCommits.splice(0, MAX_GROUP).sort((a, b) => (a.b.runId < b.b.runId ? -1 : a.b.runId > b.b.runId ? 1 : 0));
      if (this.db.script && group.every((g) => scriptable(g.b))) {
        let results: CommitResult[] | null = null;
        try {
          results = await this.commitScript(group.map((g) => g.b));
        } catch (e) {
          // A statement error rolled the whole script back: the transaction path below finds the
          // batch that failed (its own savepoint) and commits the others. Anything else (a lost
          // connection) may have committed, so it is not retried.
          if (!isStatementError(e)) {
            for (const item of group) item.reject(e);
            continue;
          }
        }
        if (results) {
          group.forEach((item, i) => item.resolve(results[i]));
          continue;
        }
      }
      if (group.length === 1) {
        const [one] = group;
        try {
          one.resolve(await this.db.tx((q) => this.commitIn(q, one.b)));
        } catch (e) {
          one.reject(e);
        }
        continue;
      }
      const results: ({ ok: true; value: CommitResult } | { ok: false; error: unknown })[] = [];
      try {
        await this.db.tx(async (q) => {
          for (const item of group) {
            await q.run(`SAVEPOINT sy_batch`);
            try {
              results.push({ ok: true, value: await this.commitIn(q, item.b) });
              await q.run(`RELEASE SAVEPOINT sy_batch`);
            } catch (error) {
              await q.run(`ROLLBACK TO SAVEPOINT sy_batch`);
              await q.run(`RELEASE SAVEPOINT sy_batch`);
              results.push({ ok: false, error });
            }
          }
        });
        group.forEach((item, i) => {
          const r = results[i];
          if (r.ok) item.resolve(r.value);
          else item.reject(r.error);
        });
      } catch (e) {
        for (const item of group) item.reject(e);
      }
    }
    this.flushScheduled = false;
  }

  private async commitIn(q: SqlQuery, b: CommitBatch): Promise<CommitResult> {
    {
      for (const t of b.closeTasks ?? []) {
        const n = await q.run(
          `UPDATE "Task" SET "status"=?, "result"=?, "decidedAtMs"=?, "version"="version"+1 WHERE "id"=? AND "status"='open'`,
          [t.status, jsonText(t.result), b.atMs, t.id],
        );
        if (n === 0 && t.mustBeOpen) throw new ConflictError(`Task ${t.id} was decided concurrently`, "task_race");
        if (n > 0) {
          await q.run(`UPDATE "TaskAssignee" SET "status"=? WHERE "taskId"=?`, [t.status, t.id]);
          await closeTaskNotifications(q, this.dialect, { taskId: t.id }, b.atMs);
        }
      }
      if (b.closeAllOpenTasks) {
        await q.run(
          `UPDATE "TaskAssignee" SET "status"='cancelled' WHERE "status"='open' AND "taskId" IN (SELECT "id" FROM "Task" WHERE "runId"=? AND "status"='open')`,
          [b.runId],
        );
        await q.run(`UPDATE "Task" SET "status"='cancelled', "decidedAtMs"=?, "version"="version"+1 WHERE "runId"=? AND "status"='open'`, [
          b.atMs,
          b.runId,
        ]);
        await closeTaskNotifications(q, this.dialect, { runId: b.runId }, b.atMs);
      }
      if (b.newTasks?.length) await this.insertTasks(q, b.newTasks);
      if (b.newRuns?.length) await this.insertChildRuns(q, b.newRuns, b.atMs);
      if (b.steps.length) {
        const n = await this.upsertSteps(q, b.steps);
        if (n !== b.steps.length) throw new LeaseLostError(`Run ${b.runId}: step rows changed under us (${n}/${b.steps.length} written)`);
        // A Wait for event that parks now receives an event kept for it (and the signal reloads this run).
        await deliverKeptEvents(q, this.dialect, b.runId, b.steps, b.atMs);
      }
      if (b.events.length) await this.insertEvents(q, b.runId, b.atMs, b.events);
      const update = this.runUpdateStatement(b);
      const rows = await q.all<RunUpdateRow>(update.sql, update.params);
      if (!rows.length) throw new LeaseLostError(`Run ${b.runId}: lease lost (fencing token ${b.fencingToken} is stale)`);
      const r = rows[0];
      if (b.cancelChildren && (b.cancelChildren.all || b.cancelChildren.stepKeys.length)) {
        await this.cancelChildrenIn(
          q,
          b.runId,
          b.cancelChildren.all ? null : b.cancelChildren.stepKeys,
          b.atMs,
          b.cancelChildren.all ? "parent run ended" : "parent step cancelled",
        );
      }
      if (b.run.finished === true && r.parentRunId) {
        // A child finished: wake the parent's sub-workflow step (and other workers through NOTIFY).
        await signalRun(q, String(r.parentRunId), b.atMs);
        await this.notifyInTx(q);
      }
      return commitResult(b, r);
    }
  }

  /** The fenced UPDATE of the run that ends every commit (RETURNING what commitResult needs). */
  private runUpdateStatement(b: CommitBatch): SqlStatement {
    const terminal = b.run.finished === true;
    const sets = [
      `"status"=?`,
      `"updatedAtMs"=?`,
      `"waitingOn"=?`,
      ...(b.run.output !== undefined ? [`"output"=?`] : []),
      ...(b.run.error !== undefined ? [`"error"=?`] : []),
      ...(b.run.outcome !== undefined ? [`"outcome"=?`] : []),
      ...(terminal ? [`"finishedAtMs"=?`] : []),
    ];
    const params: Param[] = [b.run.status, b.atMs, b.run.waitingOn ?? null];
    if (b.run.output !== undefined) params.push(jsonText(b.run.output));
    if (b.run.error !== undefined) params.push(jsonText(b.run.error));
    if (b.run.outcome !== undefined) params.push(b.run.outcome);
    if (terminal) params.push(b.atMs);
    if (terminal) {
      sets.push(`"readyAtMs"=NULL`, `"leaseOwner"=NULL`, `"leaseExpiresMs"=NULL`);
    } else if (b.release) {
      sets.push(
        `"readyAtMs"=CASE WHEN "readyAtMs" < "leaseExpiresMs" THEN "readyAtMs" ELSE ? END`,
        `"leaseOwner"=NULL`,
        `"leaseExpiresMs"=NULL`,
      );
      params.push(b.release.readyAtMs);
    }
    params.push(b.runId, b.fencingToken);
    return {
      sql: `UPDATE "Run" SET ${sets.join(",")} WHERE "id"=? AND "fencingToken"=? RETURNING "readyAtMs","leaseExpiresMs","parentRunId"`,
      params,
    };
  }

  /**
   * PostgreSQL group commit in one round trip: every batch's step upserts, events and fenced run
   * update (and a finished child's wake-up of its parent), in run-id order, as one script. The row
   * checks the transaction path makes in JavaScript are made in SQL: a failed one casts a marked
   * text to int, which aborts and rolls back the whole script (the caller then takes the
   * transaction path, where each batch has its own savepoint).
   */
  private async commitScript(batches: CommitBatch[]): Promise<CommitResult[]> {
    const statements: SqlStatement[] = [];
    const updateAt: number[] = [];
    const check = (what: string, expected: number) =>
      `CASE WHEN count(*) = ${expected} THEN 0 ELSE ('${SCRIPT_CHECK} ${what} ' || count(*))::int END AS "ok"`;
    for (const b of batches) {
      for (const st of this.stepStatements(b.steps)) {
        statements.push({
          sql: `WITH w AS (${st.sql} RETURNING 1) SELECT ${check("step rows written:", st.rows)} FROM w`,
          params: st.params,
        });
      }
      statements.push(...this.eventStatements(b.runId, b.atMs, b.events));
      const update = this.runUpdateStatement(b);
      updateAt.push(statements.length);
      statements.push({
        sql: `WITH u AS (${update.sql}), k AS (SELECT ${check("run rows updated (stale fencing token):", 1)} FROM u)
          SELECT u.*, k."ok" FROM k LEFT JOIN u ON TRUE`,
        params: update.params,
      });
      if (b.run.finished === true) {
        // a finished child run wakes its parent's sub-workflow step, as signalRun does
        statements.push(
          {
            sql: `UPDATE "Run" p SET "readyAtMs"=CASE WHEN p."readyAtMs" IS NULL OR p."readyAtMs" > ? THEN ? ELSE p."readyAtMs" END
              FROM "Run" c WHERE c."id"=? AND p."id"=c."parentRunId" AND p."status" IN ${ACTIVE}`,
            params: [b.atMs, b.atMs, b.runId],
          },
          { sql: `SELECT pg_notify('${WAKEUP_CHANNEL}', '') FROM "Run" WHERE "id"=? AND "parentRunId" IS NOT NULL`, params: [b.runId] },
        );
      }
    }
    const results = await this.db.script!(statements);
    return batches.map((b, i) => commitResult(b, results[updateAt[i]][0] as unknown as RunUpdateRow));
  }

  async renewLeases(workerId: string, leaseMs: number): Promise<{ renewed: number; signalled: string[] }> {
    const extend = Number(leaseMs);
    let rows: { id: string; sig: number | boolean }[];
    if (this.dialect === "postgresql") {
      // SKIP LOCKED: a run whose row is locked right now is being committed (by us, or a decision is
      // signalling it); waiting for it could deadlock against a group commit. It is renewed next time.
      rows = await this.db.all(
        `WITH n AS (SELECT ${PG_NOW} AS now),
         c AS (SELECT "id" FROM "Run" WHERE "leaseOwner"=? AND "status" IN ${ACTIVE} ORDER BY "id" FOR UPDATE SKIP LOCKED)
         UPDATE "Run" r SET "readyAtMs"=CASE WHEN r."readyAtMs" < r."leaseExpiresMs" THEN r."readyAtMs" ELSE n.now + ${extend} END,
           "leaseExpiresMs"=n.now + ${extend}
         FROM c, n WHERE r."id"=c."id" RETURNING r."id", (r."readyAtMs" < r."leaseExpiresMs") AS sig`,
        [workerId],
      );
    } else {
      const now = Date.now();
      rows = await this.db.all(
        `UPDATE "Run" SET "readyAtMs"=CASE WHEN "readyAtMs" < "leaseExpiresMs" THEN "readyAtMs" ELSE ? END, "leaseExpiresMs"=?
         WHERE "leaseOwner"=? AND "status" IN ${ACTIVE} RETURNING "id", ("readyAtMs" < "leaseExpiresMs") AS sig`,
        [now + extend, now + extend, workerId],
      );
    }
    return { renewed: rows.length, signalled: rows.filter((r) => Boolean(r.sig)).map((r) => r.id) };
  }

  async releaseRun(runId: string, fencingToken: number): Promise<void> {
    const nowSql = this.dialect === "postgresql" ? PG_NOW : "?";
    await this.db.run(
      `UPDATE "Run" SET "leaseOwner"=NULL, "leaseExpiresMs"=NULL, "readyAtMs"=${nowSql} WHERE "id"=? AND "fencingToken"=? AND "status" IN ${ACTIVE}`,
      this.dialect === "postgresql" ? [runId, fencingToken] : [Date.now(), runId, fencingToken],
    );
  }

  async nextReadyAt(): Promise<number | null> {
    // Unleased runs only (index order on readyAtMs, skipping the few leased ones): a run held by a
    // live worker is that worker's business; expired leases are found by the fallback poll.
    const rows = await this.db.all<{ m: number | null }>(
      `SELECT "readyAtMs" AS m FROM "Run" WHERE "readyAtMs" IS NOT NULL AND "leaseOwner" IS NULL ORDER BY "readyAtMs" LIMIT 1`,
    );
    return num(rows[0]?.m);
  }

  async decideTask(
    taskId: string,
    plan: (ctx: DecisionContext) => DecisionPlan,
    lease?: { workerId: string; leaseMs: number },
  ): Promise<{ task: TaskRecord; decision: DecisionRecord; claimed?: ClaimedRun }> {
    try {
      if (this.db.script) {
        const events = (runId: string, atMs: number, ev: EventWrite[]) => this.eventStatements(runId, atMs, ev);
        return await decideTaskScript(this.db as ScriptDb, taskId, plan, events, NOTIFY_SQL, lease && decisionHandoff(lease));
      }
      return await this.db.tx(async (q) => {
        const taskRows = await q.all(`SELECT * FROM "Task" WHERE "id"=?`, [taskId]);
        const assignees = taskRows[0] ? await q.all(`SELECT "type","value" FROM "TaskAssignee" WHERE "taskId"=?`, [taskId]) : [];
        const decisions = taskRows[0] ? await q.all(`SELECT * FROM "Decision" WHERE "taskId"=? ORDER BY "atMs"`, [taskId]) : [];
        const runRows = taskRows[0]
          ? await q.all(`SELECT "id","status","initiatorId","versionId" FROM "Run" WHERE "id"=?`, [String(taskRows[0].runId)])
          : [];
        const now = this.dialect === "postgresql" ? await this.nowIn(q) : Date.now();
        const named = assignees.filter((a) => a.type === "user").map((a) => String(a.value));
        const delegations = runRows[0] ? await activeDelegationsOf(q, named, now) : [];
        const ctx = decisionContext(taskId, taskRows[0], assignees, decisions, runRows[0], now, () => delegations);
        const task = ctx.task;
        const p = plan(ctx);
        const fence = taskDecidedStatement(taskId, task.version, p.task);
        if ((await q.run(fence.sql, fence.params)) === 0) throw taskVersionConflict(taskId);
        if (p.task.status !== "open") {
          await q.run(`UPDATE "TaskAssignee" SET "status"=? WHERE "taskId"=?`, [p.task.status, taskId]);
          await closeTaskNotifications(q, this.dialect, { taskId }, now);
        }
        const insert = decisionInsertStatement(p.decision);
        await q.run(insert.sql, insert.params);
        await this.insertEvents(q, task.runId, now, p.events);
        if (p.resolved) await signalRun(q, task.runId, now);
        await appendAudit(q, this.dialect, p.audit);
        if (p.resolved) await this.notifyInTx(q);
        return decidedTask(task, p);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError("You have already decided this task", "already_decided");
      throw e;
    }
  }

  private async nowIn(q: SqlQuery): Promise<number> {
    const r = await q.all<{ now: number }>(`SELECT ${PG_NOW} AS now`);
    return Number(r[0].now);
  }

  async cancelRun(runId: string, byUserId: string | null, reason: string, audit: AuditInput | null): Promise<RunRecord> {
    return this.db.tx(async (q) => {
      const rows = await q.all(`SELECT * FROM "Run" WHERE "id"=?`, [runId]);
      if (!rows[0]) throw new NotFoundError(`Run ${runId} not found`);
      const run = rowToRun(rows[0]);
      if (!isActiveRun(run.status)) {
        throw new ConflictError(`Run ${runId} is already ${run.status}`, "run_finished");
      }
      const now = this.dialect === "postgresql" ? await this.nowIn(q) : Date.now();
      if (!(await this.cancelIn(q, runId, byUserId, reason, now)))
        throw new ConflictError(`Run ${runId} finished meanwhile`, "run_finished");
      // A child cancelled on its own: its parent's sub-workflow step must see it.
      if (run.parentRunId) await signalRun(q, run.parentRunId, now);
      await this.notifyInTx(q);
      if (audit) await appendAudit(q, this.dialect, { ...audit, atMs: now });
      const error = { message: reason, code: "cancelled" };
      return {
        ...run,
        status: "cancelled",
        cancelledById: byUserId,
        error,
        finishedAtMs: now,
        updatedAtMs: now,
        readyAtMs: null,
        leaseOwner: null,
        leaseExpiresMs: null,
        fencingToken: run.fencingToken + 1,
      };
    });
  }

  redriveRun(runId: string, plan: Parameters<EngineStore["redriveRun"]>[1]): Promise<RunRecord> {
    return redriveRunTx(this.db, runId, plan);
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const rows = await this.db.all(`SELECT * FROM "Run" WHERE "id"=?`, [runId]);
    return rows[0] ? rowToRun(rows[0]) : null;
  }

  async getSteps(runId: string): Promise<StepRecord[]> {
    return (await this.db.all(STEPS_OF_RUN, [runId])).map(rowToStep);
  }

  async getTasks(runId: string): Promise<TaskRecord[]> {
    if (this.dialect === "postgresql") return pgTasksByRun(await this.db.all(pgTasksSql(`t."runId"=?`), [runId])).get(runId) ?? [];
    const tasks = await this.db.all(`SELECT * FROM "Task" WHERE "runId"=? ORDER BY "createdAtMs"`, [runId]);
    if (!tasks.length) return [];
    const assignees = await this.db.all(
      `SELECT "taskId","type","value" FROM "TaskAssignee" WHERE "taskId" IN (${tasks.map(() => "?").join(",")})`,
      tasks.map((t) => String(t.id)),
    );
    return tasks.map((t) =>
      rowToTask(
        t,
        assignees.filter((a) => a.taskId === t.id),
      ),
    );
  }

  async getTask(taskId: string): Promise<TaskRecord | null> {
    const rows = await this.db.all(`SELECT * FROM "Task" WHERE "id"=?`, [taskId]);
    if (!rows[0]) return null;
    const assignees = await this.db.all(`SELECT "type","value" FROM "TaskAssignee" WHERE "taskId"=?`, [taskId]);
    return rowToTask(rows[0], assignees);
  }

  async getDecisions(taskId: string): Promise<DecisionRecord[]> {
    return (await this.db.all(`SELECT * FROM "Decision" WHERE "taskId"=? ORDER BY "atMs"`, [taskId])).map(rowToDecision);
  }

  async getEvents(runId: string, afterId = 0, limit = 1000): Promise<RunEventRecord[]> {
    const rows = await this.db.all(`SELECT * FROM ${HISTORY.RunEvent} WHERE "runId"=? AND "id" > ? ORDER BY "id" LIMIT ?`, [
      runId,
      afterId,
      limit,
    ]);
    return rows.map((r) => ({
      id: Number(r.id),
      runId: String(r.runId),
      type: String(r.type),
      stepKey: (r.stepKey as string | null) ?? null,
      data: jsonColumn(r.data),
      atMs: Number(r.atMs),
    }));
  }

  async listRuns(f: RunListFilter): Promise<{ runs: RunRecord[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: Param[] = [];
    if (f.status) {
      where.push(`"status"=?`);
      params.push(f.status);
    }
    if (f.workflowId) {
      where.push(`"workflowId"=?`);
      params.push(f.workflowId);
    }
    if (f.outcome) {
      where.push(`"outcome"=?`);
      params.push(f.outcome);
    }
    if (f.test !== "include") where.push(f.test === "only" ? `"isTest"` : `NOT "isTest"`);
    if (f.versionId) {
      where.push(`"versionId"=?`);
      params.push(f.versionId);
    }
    if (f.from !== undefined) {
      where.push(`"createdAt" >= ?`);
      params.push(sqlTimestamp(this.dialect, f.from));
    }
    if (f.to !== undefined) {
      where.push(`"createdAt" <= ?`);
      params.push(sqlTimestamp(this.dialect, f.to));
    }
    if (f.cursor) {
      const [createdAt, id] = decodeCursor(f.cursor);
      where.push(`("createdAt" < ? OR ("createdAt" = ? AND "id" < ?))`);
      params.push(createdAt, createdAt, id);
    }
    params.push(f.limit + 1);
    const rows = await this.db.all(
      `SELECT * FROM "Run" ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`,
      params,
    );
    const runs = rows.slice(0, f.limit).map(rowToRun);
    const last = rows.length > f.limit ? rows[f.limit - 1] : undefined;
    const nextCursor = last
      ? encodeCursor(last.createdAt instanceof Date ? last.createdAt.toISOString() : String(last.createdAt), String(last.id))
      : null;
    return { runs, nextCursor };
  }

  async registerWorker(w: { id: string; pid: number; host: string }): Promise<void> {
    const now = await this.db.now();
    await this.db.run(`INSERT INTO "Worker" ("id","pid","host","startedAtMs","heartbeatMs") VALUES (?,?,?,?,?)`, [
      w.id,
      w.pid,
      w.host,
      now,
      now,
    ]);
  }

  async heartbeatWorker(id: string): Promise<void> {
    await this.db.run(`UPDATE "Worker" SET "heartbeatMs"=? WHERE "id"=?`, [await this.db.now(), id]);
  }

  async unregisterWorker(id: string): Promise<void> {
    await this.db.run(`DELETE FROM "Worker" WHERE "id"=?`, [id]);
  }

  async liveWorkers(staleAfterMs: number): Promise<{ id: string; pid: number; host: string; heartbeatMs: number }[]> {
    const rows = await this.db.all(`SELECT * FROM "Worker" WHERE "heartbeatMs" > ?`, [(await this.db.now()) - staleAfterMs]);
    return rows.map((r) => ({ id: String(r.id), pid: Number(r.pid), host: String(r.host), heartbeatMs: Number(r.heartbeatMs) }));
  }

  /**
   * One LISTEN connection per store, however many subscribe (the worker's claim loop, the
   * evaluation sweeper, the event hub): each would otherwise hold a pool connection for good.
   */
  async listen(onWake: () => void): Promise<() => Promise<void>> {
    const pool = (this.db as { pool?: { connect(): Promise<PgListenClient> } }).pool;
    if (this.dialect !== "postgresql" || !pool || this.opts.listen === false) return async () => undefined;
    const sub = { onWake };
    this.wakeSubs.add(sub);
    try {
      this.listener ??= this.openListener(pool);
      await this.listener;
    } catch (e) {
      this.wakeSubs.delete(sub);
      this.listener = null;
      throw e;
    }
    return async () => {
      if (!this.wakeSubs.delete(sub) || this.wakeSubs.size > 0 || !this.listener) return;
      const closing = this.listener;
      this.listener = null;
      const client = await closing.catch(() => null);
      if (!client) return;
      await client.query(`UNLISTEN ${WAKEUP_CHANNEL}`).catch(() => undefined);
      client.release(true);
    };
  }

  private readonly wakeSubs = new Set<{ onWake: () => void }>();
  private listener: Promise<PgListenClient> | null = null;

  private async openListener(pool: { connect(): Promise<PgListenClient> }): Promise<PgListenClient> {
    const client = await pool.connect();
    client.on("notification", (m) => {
      if (m.channel === WAKEUP_CHANNEL) for (const s of this.wakeSubs) s.onWake();
    });
    client.on("error", () => undefined); // polling covers a lost listener
    try {
      await client.query(`LISTEN ${WAKEUP_CHANNEL}`);
    } catch (e) {
      client.release(true);
      throw e;
    }
    return client;
  }
}

interface RunUpdateRow {
  readyAtMs: number | null;
  leaseExpiresMs: number | null;
  parentRunId?: string | null;
}

/** What a commit reports, from the run row its fenced UPDATE returned. */
function commitResult(b: CommitBatch, r: RunUpdateRow): CommitResult {
  const readyAtMs = num(r.readyAtMs);
  const lease = num(r.leaseExpiresMs);
  const signalled = b.release || b.run.finished === true ? false : readyAtMs !== null && lease !== null && readyAtMs < lease;
  if (b.release && readyAtMs !== null && readyAtMs !== b.release.readyAtMs) return { signalled: true, readyAtMs };
  return { signalled, readyAtMs };
}

/**
 * A batch the one-round-trip commit script can carry: steps, events and the run update only. Tasks,
 * child runs, cancellations and kept-event deliveries read or decide between statements and take the
 * transaction path.
 */
function scriptable(b: CommitBatch): boolean {
  return (
    !b.closeTasks?.length &&
    !b.closeAllOpenTasks &&
    !b.newTasks?.length &&
    !b.newRuns?.length &&
    !(b.cancelChildren && (b.cancelChildren.all || b.cancelChildren.stepKeys.length)) &&
    !b.steps.some((s) => s.kind === "wait_event" && s.status === "waiting")
  );
}

/**
 * An error the server raised for a statement (data, integrity, rollback classes: a failed check,
 * a deadlock, a serialisation failure): the implicit transaction of the script was rolled back.
 */
function isStatementError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|40)[0-9A-Z]{3}$/.test(code);
}

interface PgListenClient {
  on(event: "notification", fn: (m: { channel: string }) => void): void;
  on(event: "error", fn: (e: unknown) => void): void;
  query(sql: string): Promise<unknown>;
  release(destroy?: boolean): void;
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new ValidationError("Invalid cursor", [{ path: "cursor", message: "not a cursor returned by this API" }], "invalid_cursor");
}
