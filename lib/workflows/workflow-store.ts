// Workflow persistence for the API: drafts with optimistic concurrency, immutable published
// versions, restore, duplicate, import and soft delete. JSON columns are parsed with zod on read.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import { ApiError, notFound } from "@/lib/api/errors";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
import { parseGraph, SCHEMA_VERSION, type WorkflowGraph } from "@/lib/model/graph-schema";
import { validateGraph } from "@/lib/model/validate-graph";
import { diffGraphs, summarizeDiff } from "@/lib/model/diff-graph";
import { missingCredentialWarnings } from "@/lib/credentials/credential-references";
import { pinSubworkflows } from "./subworkflow-pins";
import type { DraftState, UserRef, VersionDetail, VersionListItem, VersionSummary, WorkflowDetail } from "./types";
import { isUniqueViolation } from "@/lib/db/row-codec";
import { ACTIVE_RUN_STATUSES } from "@/lib/model/vocabulary";

export type { DraftState, UserRef, VersionDetail, VersionListItem, VersionSummary, WorkflowDetail } from "./types";

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}

/** Parse a stored draft; a corrupt row is a server error, never passed on unchecked. */
export function readDraftGraph(text: string, workflowId: string): DraftGraph {
  const parsed = parseDraftGraph(parseJson(text, `Draft of workflow ${workflowId}`));
  if (!parsed.success) {
    throw new Error(`Stored draft of workflow ${workflowId} is invalid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export function readVersionGraph(text: string, versionId: string): WorkflowGraph {
  const parsed = parseGraph(parseJson(text, `Graph of version ${versionId}`));
  if (!parsed.success) throw new Error(`Stored graph of version ${versionId} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

async function usersById(db: Database, ids: (string | null)[]): Promise<Map<string, UserRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((u) => [u.id, u]));
}

const versionSelect = {
  id: true,
  version: true,
  message: true,
  schemaVersion: true,
  createdAt: true,
  authorId: true,
} as const;

type VersionRow = { id: string; version: number; message: string; schemaVersion: number; createdAt: Date; authorId: string | null };

function toSummary(row: VersionRow, users: Map<string, UserRef>): VersionSummary {
  return {
    id: row.id,
    version: row.version,
    message: row.message,
    schemaVersion: row.schemaVersion,
    createdAt: row.createdAt.toISOString(),
    author: row.authorId ? (users.get(row.authorId) ?? null) : null,
  };
}

async function findLiveWorkflow(db: Database, id: string) {
  const row = await db.prisma.workflow.findFirst({ where: { id, deletedAt: null } });
  if (!row) throw notFound("Workflow");
  return row;
}

export async function getWorkflow(db: Database, id: string): Promise<WorkflowDetail> {
  const row = await findLiveWorkflow(db, id);
  const latest = await db.prisma.workflowVersion.findFirst({
    where: { workflowId: id, published: true },
    orderBy: { version: "desc" },
    select: versionSelect,
  });
  const users = await usersById(db, [row.updatedById, latest?.authorId ?? null]);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    draft: {
      graph: readDraftGraph(row.draftGraph, row.id),
      revision: row.draftRevision,
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: row.updatedById ? (users.get(row.updatedById) ?? null) : null,
    },
    latestVersion: latest ? toSummary(latest, users) : null,
  };
}

async function currentDraft(db: Database, id: string): Promise<DraftState> {
  return (await getWorkflow(db, id)).draft;
}

function conflict(draft: DraftState): ApiError {
  const who = draft.updatedBy ? ` by ${draft.updatedBy.name}` : "";
  return new ApiError(409, "draft_conflict", `The draft was changed elsewhere${who} (now at revision ${draft.revision}).`, { draft });
}

/** Save the draft if nobody saved since `expectedRevision`; otherwise 409 with the current draft. */
export async function saveDraft(
  db: Database,
  id: string,
  input: { graph: DraftGraph; expectedRevision: number },
  userId: string,
): Promise<{ revision: number; updatedAt: string }> {
  const result = await db.prisma.workflow.updateMany({
    where: { id, deletedAt: null, draftRevision: input.expectedRevision },
    data: { draftGraph: JSON.stringify(input.graph), draftRevision: { increment: 1 }, updatedById: userId },
  });
  if (result.count === 0) throw conflict(await currentDraft(db, id));
  const row = await db.prisma.workflow.findUniqueOrThrow({ where: { id }, select: { draftRevision: true, updatedAt: true } });
  return { revision: row.draftRevision, updatedAt: row.updatedAt.toISOString() };
}

export async function renameWorkflow(
  db: Database,
  id: string,
  input: { name?: string; description?: string },
  userId: string,
): Promise<void> {
  await findLiveWorkflow(db, id);
  await db.prisma.workflow.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      updatedById: userId,
    },
  });
}

/** Soft delete, refused while runs of this workflow are still in flight. */
export async function deleteWorkflow(db: Database, id: string): Promise<void> {
  await findLiveWorkflow(db, id);
  const active = await db.prisma.run.count({ where: { workflowId: id, status: { in: [...ACTIVE_RUN_STATUSES] } } });
  if (active > 0) {
    throw new ApiError(
      409,
      "workflow_has_active_runs",
      `This workflow has ${active} active run${active === 1 ? "" : "s"}. Cancel or finish them before deleting it.`,
      { activeRuns: active },
    );
  }
  await db.prisma.workflow.update({ where: { id }, data: { deletedAt: new Date() } });
}

export async function createWorkflow(
  db: Database,
  input: { name: string; description: string; graph: DraftGraph },
  userId: string,
): Promise<{ id: string; name: string }> {
  return db.prisma.workflow.create({
    data: {
      id: randomUUID(),
      name: input.name,
      description: input.description,
      draftGraph: JSON.stringify(input.graph),
      createdById: userId,
      updatedById: userId,
    },
    select: { id: true, name: true },
  });
}

export async function duplicateWorkflow(db: Database, id: string, userId: string): Promise<{ id: string; name: string }> {
  const row = await findLiveWorkflow(db, id);
  const graph = readDraftGraph(row.draftGraph, row.id);
  const name = `${row.name.slice(0, 113)} (copy)`;
  return createWorkflow(db, { name, description: row.description, graph }, userId);
}

/**
 * Publish the current draft as the next immutable version. Refused (422, every problem listed)
 * while validateGraph reports errors; warnings are allowed (plus one per reference to a credential
 * that does not exist). `expectedRevision`, when given, makes sure the version is exactly the draft
 * the publisher was looking at.
 */
export async function publishWorkflow(
  db: Database,
  id: string,
  input: { message: string; expectedRevision?: number },
  userId: string,
): Promise<{ version: VersionSummary; warnings: ReturnType<typeof validateGraph>["problems"] }> {
  const row = await findLiveWorkflow(db, id);
  if (input.expectedRevision !== undefined && input.expectedRevision !== row.draftRevision) {
    throw conflict(await currentDraft(db, id));
  }
  const draft = readDraftGraph(row.draftGraph, row.id);
  const result = validateGraph(draft);
  const errors = result.problems.filter((p) => p.severity === "error");
  if (!result.ok || !result.graph) {
    throw new ApiError(422, "invalid_graph", `Fix ${errors.length} problem${errors.length === 1 ? "" : "s"} before publishing.`, {
      problems: result.problems,
    });
  }
  const graphJson = JSON.stringify(await pinSubworkflows(db, result.graph));
  const warnings = [...result.problems.filter((p) => p.severity === "warning"), ...(await missingCredentialWarnings(db.sql, result.graph))];
  for (let attempt = 0; ; attempt++) {
    const max = await db.prisma.workflowVersion.aggregate({ where: { workflowId: id }, _max: { version: true } });
    try {
      const created = await db.prisma.workflowVersion.create({
        data: {
          id: randomUUID(),
          workflowId: id,
          version: (max._max.version ?? 0) + 1,
          graph: graphJson,
          schemaVersion: SCHEMA_VERSION,
          published: true,
          authorId: userId,
          message: input.message,
        },
        select: versionSelect,
      });
      const users = await usersById(db, [userId]);
      return { version: toSummary(created, users), warnings };
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 4) throw e;
    }
  }
}

/** Newest first, each with a summary of what changed since the version before it. */
export async function listVersions(db: Database, id: string, limit = 100): Promise<VersionListItem[]> {
  await findLiveWorkflow(db, id);
  const rows = await db.prisma.workflowVersion.findMany({
    where: { workflowId: id, published: true },
    orderBy: { version: "desc" },
    take: limit + 1,
    select: { ...versionSelect, graph: true },
  });
  const users = await usersById(
    db,
    rows.map((r) => r.authorId),
  );
  const graphs = rows.map((r) => {
    try {
      return readVersionGraph(r.graph, r.id);
    } catch {
      return null;
    }
  });
  return rows.slice(0, limit).map((row, i) => {
    const current = graphs[i];
    const previous = graphs[i + 1];
    let changes: string;
    if (!current) changes = "Unreadable graph";
    else if (i + 1 >= rows.length) changes = `Initial version: ${current.nodes.length} node${current.nodes.length === 1 ? "" : "s"}`;
    else if (!previous) changes = "—";
    else changes = summarizeDiff(diffGraphs(previous, current));
    return { ...toSummary(row, users), changes };
  });
}

export async function getVersion(db: Database, id: string, version: number): Promise<VersionDetail> {
  await findLiveWorkflow(db, id);
  const row = await db.prisma.workflowVersion.findFirst({
    where: { workflowId: id, version },
    select: { ...versionSelect, graph: true },
  });
  if (!row) throw notFound(`Version ${version}`);
  const users = await usersById(db, [row.authorId]);
  return { ...toSummary(row, users), graph: readVersionGraph(row.graph, row.id) };
}

/** Make an old version the new draft (a new draft revision; other tabs see a conflict on their next save). */
export async function restoreVersion(db: Database, id: string, version: number, userId: string): Promise<DraftState> {
  const v = await getVersion(db, id, version);
  await db.prisma.workflow.update({
    where: { id },
    data: { draftGraph: JSON.stringify(v.graph), draftRevision: { increment: 1 }, updatedById: userId },
  });
  return currentDraft(db, id);
}
