// Workflow rows: drafts (optimistic concurrency on draftRevision), immutable published versions,
// the live pointer (the version runs started by workflowId use), restore, soft delete. The rules (validation, pinning, error messages) live in lib/workflows; this
// file only reads and writes, and answers "refused" outcomes as values for the rules to name.
//
// Publish, make live, restore and delete are each ONE transaction with their audit record (appendAudit on the
// caller's `q`), so a crash can never keep the change and lose the record. Publish numbers versions
// under the workflow's row lock (PostgreSQL: SELECT … FOR UPDATE; SQLite: BEGIN IMMEDIATE holds the
// write lock), so concurrent publishes get consecutive numbers instead of a duplicate-key failure.
import "server-only";
import { appendAudit, type AuditInput } from "./audit-store";
import { isUniqueViolation, num, readTimestamp, sqlTimestamp } from "./row-codec";
import type { SqlDb, SqlQuery } from "./sql";
import { ACTIVE_RUN_SQL_LIST } from "@/lib/model/vocabulary";
import { removeWorkflowSchedulesTx } from "./schedule-store";

export interface WorkflowRow {
  id: string;
  name: string;
  description: string;
  draftGraph: string;
  draftRevision: number;
  createdAt: string;
  updatedAt: string;
  updatedById: string | null;
  liveVersionId: string | null;
  liveSince: string | null;
  liveById: string | null;
}

export interface VersionRow {
  id: string;
  version: number;
  message: string;
  schemaVersion: number;
  createdAt: string;
  authorId: string | null;
}

export interface VersionRowWithGraph extends VersionRow {
  graph: string;
}

const WORKFLOW_COLUMNS = `"id","name","description","draftGraph","draftRevision","createdAt","updatedAt","updatedById","liveVersionId","liveSince","liveById"`;

const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const VERSION_COLUMNS = `"id","version","message","schemaVersion","createdAt","authorId"`;

function toWorkflow(r: Record<string, unknown>): WorkflowRow {
  return {
    id: String(r.id),
    name: String(r.name),
    description: String(r.description ?? ""),
    draftGraph: String(r.draftGraph),
    draftRevision: Number(r.draftRevision),
    createdAt: readTimestamp(r.createdAt),
    updatedAt: readTimestamp(r.updatedAt),
    updatedById: textOrNull(r.updatedById),
    liveVersionId: textOrNull(r.liveVersionId),
    liveSince: r.liveSince === null || r.liveSince === undefined ? null : readTimestamp(r.liveSince),
    liveById: textOrNull(r.liveById),
  };
}

function toVersion(r: Record<string, unknown>): VersionRow {
  return {
    id: String(r.id),
    version: Number(r.version),
    message: String(r.message ?? ""),
    schemaVersion: Number(r.schemaVersion),
    createdAt: readTimestamp(r.createdAt),
    authorId: r.authorId === null || r.authorId === undefined ? null : String(r.authorId),
  };
}

const toVersionWithGraph = (r: Record<string, unknown>): VersionRowWithGraph => ({ ...toVersion(r), graph: String(r.graph) });

/** A workflow that is not soft-deleted, or null. */
export async function findLiveWorkflow(q: SqlQuery, id: string, opts: { forUpdate?: boolean; dialect?: SqlDb["dialect"] } = {}) {
  const lock = opts.forUpdate && opts.dialect === "postgresql" ? " FOR UPDATE" : "";
  const rows = await q.all(`SELECT ${WORKFLOW_COLUMNS} FROM "Workflow" WHERE "id"=? AND "deletedAt" IS NULL${lock}`, [id]);
  return rows[0] ? toWorkflow(rows[0]) : null;
}

/** Which of these names a live (not deleted) workflow already has. */
export async function takenWorkflowNames(q: SqlQuery, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await q.all(`SELECT "name" FROM "Workflow" WHERE "deletedAt" IS NULL AND "name" IN (${names.map(() => "?").join(",")})`, [
    ...names,
  ]);
  return new Set(rows.map((r) => String(r.name)));
}

export async function workflowExists(q: SqlQuery, id: string): Promise<boolean> {
  return (await q.all(`SELECT "id" FROM "Workflow" WHERE "id"=? AND "deletedAt" IS NULL`, [id])).length > 0;
}

export async function latestPublishedVersion(q: SqlQuery, workflowId: string): Promise<VersionRow | null> {
  const rows = await q.all(
    `SELECT ${VERSION_COLUMNS} FROM "WorkflowVersion" WHERE "workflowId"=? AND "published"=? ORDER BY "version" DESC LIMIT 1`,
    [workflowId, true],
  );
  return rows[0] ? toVersion(rows[0]) : null;
}

/** A version by id (published or not), without its graph. */
export async function findVersionById(q: SqlQuery, versionId: string): Promise<VersionRow | null> {
  const rows = await q.all(`SELECT ${VERSION_COLUMNS} FROM "WorkflowVersion" WHERE "id"=?`, [versionId]);
  return rows[0] ? toVersion(rows[0]) : null;
}

/**
 * The number of a published version: this one if it exists, or the live one ("latest": what a run
 * started by workflowId would use); null when there is none.
 */
export async function publishedVersionNumber(q: SqlQuery, workflowId: string, version: number | "latest"): Promise<number | null> {
  const rows =
    version === "latest"
      ? await q.all(
          `SELECT v."version" AS "v" FROM "Workflow" w JOIN "WorkflowVersion" v ON v."id"=w."liveVersionId" WHERE w."id"=? AND v."published"=?`,
          [workflowId, true],
        )
      : await q.all(`SELECT "version" AS "v" FROM "WorkflowVersion" WHERE "workflowId"=? AND "version"=? AND "published"=?`, [
          workflowId,
          version,
          true,
        ]);
  return num(rows[0]?.v);
}

/** A version by number (published or not), with its graph. */
export async function findVersion(q: SqlQuery, workflowId: string, version: number): Promise<VersionRowWithGraph | null> {
  const rows = await q.all(`SELECT ${VERSION_COLUMNS},"graph" FROM "WorkflowVersion" WHERE "workflowId"=? AND "version"=?`, [
    workflowId,
    version,
  ]);
  return rows[0] ? toVersionWithGraph(rows[0]) : null;
}

/** Published versions, newest first. */
export async function listPublishedVersions(q: SqlQuery, workflowId: string, limit: number): Promise<VersionRowWithGraph[]> {
  const rows = await q.all(
    `SELECT ${VERSION_COLUMNS},"graph" FROM "WorkflowVersion" WHERE "workflowId"=? AND "published"=? ORDER BY "version" DESC LIMIT ?`,
    [workflowId, true, limit],
  );
  return rows.map(toVersionWithGraph);
}

export async function userNames(q: SqlQuery, ids: readonly (string | null)[]): Promise<Map<string, { id: string; name: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await q.all(`SELECT "id","name" FROM "User" WHERE "id" IN (${wanted.map(() => "?").join(",")})`, wanted);
  return new Map(rows.map((r) => [String(r.id), { id: String(r.id), name: String(r.name) }]));
}

export async function insertWorkflow(
  sql: SqlDb,
  w: {
    id: string;
    name: string;
    description: string;
    draftGraph: string;
    userId: string;
    atMs: number;
    /** Webhook triggers of the new draft, registered to it in the same transaction (each audited). */
    webhooks?: { id: string; secrets: string; audit: AuditInput }[];
  },
): Promise<void> {
  const at = sqlTimestamp(sql.dialect, w.atMs);
  await sql.tx(async (q) => {
    await q.run(
      `INSERT INTO "Workflow" ("id","name","description","draftGraph","draftRevision","settings","createdById","updatedById","createdAt","updatedAt")
       VALUES (?,?,?,?,0,'{}',?,?,?,?)`,
      [w.id, w.name, w.description, w.draftGraph, w.userId, w.userId, at, at],
    );
    for (const h of w.webhooks ?? []) {
      await q.run(`INSERT INTO "WebhookTrigger" ("id","workflowId","secrets","createdById","createdAtMs") VALUES (?,?,?,?,?)`, [
        h.id,
        w.id,
        h.secrets,
        w.userId,
        w.atMs,
      ]);
      await appendAudit(q, sql.dialect, h.audit);
    }
  });
}

/** Save the draft if its revision is still `expectedRevision`; null when it moved (or the workflow is gone). */
export async function saveDraftIfRevision(
  sql: SqlDb,
  id: string,
  d: { draftGraph: string; expectedRevision: number; userId: string; atMs: number },
): Promise<{ revision: number; updatedAt: string } | null> {
  return sql.tx(async (q) => {
    const changed = await q.run(
      `UPDATE "Workflow" SET "draftGraph"=?, "draftRevision"="draftRevision"+1, "updatedById"=?, "updatedAt"=?
       WHERE "id"=? AND "deletedAt" IS NULL AND "draftRevision"=?`,
      [d.draftGraph, d.userId, sqlTimestamp(sql.dialect, d.atMs), id, d.expectedRevision],
    );
    if (changed === 0) return null;
    const rows = await q.all(`SELECT "draftRevision","updatedAt" FROM "Workflow" WHERE "id"=?`, [id]);
    return { revision: Number(rows[0].draftRevision), updatedAt: readTimestamp(rows[0].updatedAt) };
  });
}

/** Rename / describe a live workflow; false when it does not exist. */
export async function updateWorkflowText(
  sql: SqlDb,
  id: string,
  u: { name?: string; description?: string; userId: string; atMs: number },
): Promise<boolean> {
  const sets = [`"updatedById"=?`, `"updatedAt"=?`];
  const params: (string | number)[] = [u.userId, sqlTimestamp(sql.dialect, u.atMs)];
  if (u.name !== undefined) {
    sets.push(`"name"=?`);
    params.push(u.name);
  }
  if (u.description !== undefined) {
    sets.push(`"description"=?`);
    params.push(u.description);
  }
  return (await sql.run(`UPDATE "Workflow" SET ${sets.join(", ")} WHERE "id"=? AND "deletedAt" IS NULL`, [...params, id])) > 0;
}

export type PublishOutcome =
  { ok: true; version: VersionRow } | { ok: false; reason: "gone" } | { ok: false; reason: "stale"; revision: number };

/**
 * Insert the next version (number = highest + 1, under the workflow's row lock) and its audit record
 * in one transaction. With `expectedRevision` the draft must still be at that revision.
 */
export async function insertPublishedVersion(
  sql: SqlDb,
  v: {
    id: string;
    workflowId: string;
    graph: string;
    schemaVersion: number;
    message: string;
    authorId: string;
    expectedRevision?: number;
    /** Point the workflow's live pointer at the new version in the same transaction. */
    makeLive: boolean;
    atMs: number;
    audit: (version: { id: string; version: number }) => AuditInput;
    /** Writes the version's trigger registry (schedules, ...) in the same transaction when it becomes live; a throw aborts the publish. */
    registerTriggers?: (q: SqlQuery, version: { id: string; version: number }) => Promise<void>;
  },
): Promise<PublishOutcome> {
  try {
    return await sql.tx(async (q): Promise<PublishOutcome> => {
      const wf = await findLiveWorkflow(q, v.workflowId, { forUpdate: true, dialect: sql.dialect });
      if (!wf) return { ok: false, reason: "gone" };
      if (v.expectedRevision !== undefined && wf.draftRevision !== v.expectedRevision) {
        return { ok: false, reason: "stale", revision: wf.draftRevision };
      }
      // Test snapshots (published=false, negative numbers; lib/db/pin-store.ts) never take a published number.
      const max = await q.all(`SELECT MAX("version") AS "v" FROM "WorkflowVersion" WHERE "workflowId"=? AND "published"=?`, [
        v.workflowId,
        true,
      ]);
      const version = (num(max[0]?.v) ?? 0) + 1;
      const createdAt = sqlTimestamp(sql.dialect, v.atMs);
      await q.run(
        `INSERT INTO "WorkflowVersion" ("id","workflowId","version","graph","schemaVersion","published","authorId","message","createdAt")
         VALUES (?,?,?,?,?,?,?,?,?)`,
        [v.id, v.workflowId, version, v.graph, v.schemaVersion, true, v.authorId, v.message, createdAt],
      );
      if (v.makeLive) {
        await pointLive(q, v.workflowId, { versionId: v.id, userId: v.authorId, at: createdAt });
        await v.registerTriggers?.(q, { id: v.id, version });
      }
      await appendAudit(q, sql.dialect, v.audit({ id: v.id, version }));
      return {
        ok: true,
        version: {
          id: v.id,
          version,
          message: v.message,
          schemaVersion: v.schemaVersion,
          createdAt: readTimestamp(createdAt),
          authorId: v.authorId,
        },
      };
    });
  } catch (e) {
    // Only a writer that bypasses the row lock (another tool, a hand-written row) can take the number first.
    if (isUniqueViolation(e)) throw new PublishRaceError(v.workflowId, e);
    throw e;
  }
}

/** A version number was taken by a writer outside this store's lock; the caller reports a conflict. */
export class PublishRaceError extends Error {
  constructor(
    readonly workflowId: string,
    cause: unknown,
  ) {
    super(`Another version of workflow ${workflowId} was published at the same moment`, { cause });
  }
}

async function pointLive(q: SqlQuery, workflowId: string, p: { versionId: string; userId: string; at: string }): Promise<void> {
  await q.run(`UPDATE "Workflow" SET "liveVersionId"=?, "liveSince"=?, "liveById"=? WHERE "id"=?`, [
    p.versionId,
    p.at,
    p.userId,
    workflowId,
  ]);
}

export type SetLiveOutcome =
  { ok: true; version: VersionRow; previous: VersionRow | null; changed: boolean } | { ok: false; reason: "gone" | "no_version" };

/**
 * Make published version `version` the live one (promote or roll back) with its audit record, under
 * the workflow's row lock; nothing is written (and no record) when it already is live.
 */
export async function setLiveVersion(
  sql: SqlDb,
  workflowId: string,
  s: {
    version: number;
    userId: string;
    atMs: number;
    audit: (to: VersionRow, from: VersionRow | null) => AuditInput;
    /** Writes the trigger registry (schedules, ...) for the version that becomes live, in the same transaction. */
    registerTriggers?: (q: SqlQuery, to: VersionRowWithGraph) => Promise<void>;
  },
): Promise<SetLiveOutcome> {
  return sql.tx(async (q): Promise<SetLiveOutcome> => {
    const wf = await findLiveWorkflow(q, workflowId, { forUpdate: true, dialect: sql.dialect });
    if (!wf) return { ok: false, reason: "gone" };
    const rows = await q.all(
      `SELECT ${VERSION_COLUMNS},"graph" FROM "WorkflowVersion" WHERE "workflowId"=? AND "version"=? AND "published"=?`,
      [workflowId, s.version, true],
    );
    if (!rows[0]) return { ok: false, reason: "no_version" };
    const withGraph = toVersionWithGraph(rows[0]);
    const target = toVersion(rows[0]);
    const previous = wf.liveVersionId ? await findVersionById(q, wf.liveVersionId) : null;
    if (previous?.id === target.id) return { ok: true, version: target, previous, changed: false };
    await pointLive(q, workflowId, { versionId: target.id, userId: s.userId, at: sqlTimestamp(sql.dialect, s.atMs) });
    await s.registerTriggers?.(q, withGraph);
    await appendAudit(q, sql.dialect, s.audit(target, previous));
    return { ok: true, version: target, previous, changed: true };
  });
}

export type DeleteOutcome =
  { ok: true; name: string } | { ok: false; reason: "gone" } | { ok: false; reason: "active_runs"; activeRuns: number };

/** Soft delete with its audit record, refused while runs of the workflow are active. */
export async function softDeleteWorkflow(
  sql: SqlDb,
  id: string,
  d: { atMs: number; audit: (name: string) => AuditInput },
): Promise<DeleteOutcome> {
  return sql.tx(async (q): Promise<DeleteOutcome> => {
    const wf = await findLiveWorkflow(q, id, { forUpdate: true, dialect: sql.dialect });
    if (!wf) return { ok: false, reason: "gone" };
    const active = await q.all(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "workflowId"=? AND "status" IN ${ACTIVE_RUN_SQL_LIST}`, [id]);
    const activeRuns = Number(active[0]?.n ?? 0);
    if (activeRuns > 0) return { ok: false, reason: "active_runs", activeRuns };
    await q.run(`UPDATE "Workflow" SET "deletedAt"=? WHERE "id"=?`, [sqlTimestamp(sql.dialect, d.atMs), id]);
    await removeWorkflowSchedulesTx(q, id);
    await appendAudit(q, sql.dialect, d.audit(wf.name));
    return { ok: true, name: wf.name };
  });
}

/** Make `draftGraph` (an old version's graph, read by the caller) the draft, a new revision, with its audit record; false when the workflow is gone. */
export async function restoreDraft(
  sql: SqlDb,
  id: string,
  r: { draftGraph: string; userId: string; atMs: number; audit: (draftRevision: number) => AuditInput },
): Promise<{ revision: number } | null> {
  return sql.tx(async (q) => {
    const wf = await findLiveWorkflow(q, id, { forUpdate: true, dialect: sql.dialect });
    if (!wf) return null;
    await q.run(`UPDATE "Workflow" SET "draftGraph"=?, "draftRevision"="draftRevision"+1, "updatedById"=?, "updatedAt"=? WHERE "id"=?`, [
      r.draftGraph,
      r.userId,
      sqlTimestamp(sql.dialect, r.atMs),
      id,
    ]);
    const revision = wf.draftRevision + 1;
    await appendAudit(q, sql.dialect, r.audit(revision));
    return { revision };
  });
}
