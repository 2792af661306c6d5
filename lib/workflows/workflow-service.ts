// The rules of workflow editing, over the rows of lib/db/workflow-store: drafts with optimistic
// concurrency, publishing (validation, sub-workflow pins, credential warnings) into immutable
// versions, restore, duplicate, import and soft delete. Stored JSON is parsed with zod on read.
// Publish, restore and delete write their audit record in the same transaction as the change.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connection";
import * as rows from "@/lib/db/workflow-store";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import type { AuthMethod } from "@/lib/auth/session";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
import { parseGraph, SCHEMA_VERSION, type WorkflowGraph } from "@/lib/model/graph-schema";
import { validateGraph } from "@/lib/model/validate-graph";
import { diffGraphs, summarizeDiff } from "@/lib/model/diff-graph";
import { missingCredentialWarnings } from "@/lib/credentials/credential-references";
import { pinSubworkflows } from "./subworkflow-pins";
import { workflowAudit } from "./workflow-audit";
import { assertPublishable } from "@/lib/evaluations/publish-gate";
import { assertTriggersRegistrable, syncTriggerRegistryTx } from "@/lib/triggers/trigger-registry";
import { freshWebhookTriggers } from "@/lib/triggers/webhook-copies";
import type { DraftState, LiveVersion, UserRef, VersionDetail, VersionListItem, VersionSummary, WorkflowDetail } from "./types";

export type { DraftState, LiveVersion, UserRef, VersionDetail, VersionListItem, VersionSummary, WorkflowDetail } from "./types";

/** Who makes an audited change (publish, restore, delete). */
export interface WorkflowActor {
  id: string;
  authMethod: AuthMethod;
}

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

function toSummary(row: rows.VersionRow, users: Map<string, UserRef>): VersionSummary {
  return {
    id: row.id,
    version: row.version,
    message: row.message,
    schemaVersion: row.schemaVersion,
    createdAt: row.createdAt,
    author: row.authorId ? (users.get(row.authorId) ?? null) : null,
  };
}

async function findLiveWorkflow(db: Database, id: string): Promise<rows.WorkflowRow> {
  const row = await rows.findLiveWorkflow(db.sql, id);
  if (!row) throw notFound("Workflow");
  return row;
}

export async function getWorkflow(db: Database, id: string): Promise<WorkflowDetail> {
  const row = await findLiveWorkflow(db, id);
  const latest = await rows.latestPublishedVersion(db.sql, id);
  const live = row.liveVersionId ? await rows.findVersionById(db.sql, row.liveVersionId) : null;
  const users = await rows.userNames(db.sql, [row.updatedById, latest?.authorId ?? null, live?.authorId ?? null, row.liveById]);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt,
    draft: {
      graph: readDraftGraph(row.draftGraph, row.id),
      revision: row.draftRevision,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedById ? (users.get(row.updatedById) ?? null) : null,
    },
    latestVersion: latest ? toSummary(latest, users) : null,
    liveVersion: live ? { ...toSummary(live, users), ...liveMark(row, users) } : null,
  };
}

function liveMark(row: rows.WorkflowRow, users: Map<string, UserRef>) {
  return { since: row.liveSince, by: row.liveById ? (users.get(row.liveById) ?? null) : null };
}

/** 409 draft_conflict carrying the current draft, so the editor can show what the other tab saved. */
async function draftConflict(db: Database, id: string): Promise<DomainError> {
  const draft = (await getWorkflow(db, id)).draft;
  const who = draft.updatedBy ? ` by ${draft.updatedBy.name}` : "";
  return new DomainError("draft_conflict", `The draft was changed elsewhere${who} (now at revision ${draft.revision}).`, { draft });
}

/** Save the draft if nobody saved since `expectedRevision`; otherwise 409 with the current draft. */
export async function saveDraft(
  db: Database,
  id: string,
  input: { graph: DraftGraph; expectedRevision: number },
  userId: string,
): Promise<{ revision: number; updatedAt: string }> {
  const saved = await rows.saveDraftIfRevision(db.sql, id, {
    draftGraph: JSON.stringify(input.graph),
    expectedRevision: input.expectedRevision,
    userId,
    atMs: Date.now(),
  });
  if (!saved) throw await draftConflict(db, id); // (404 when the workflow is gone)
  return saved;
}

export async function renameWorkflow(
  db: Database,
  id: string,
  input: { name?: string; description?: string },
  userId: string,
): Promise<void> {
  if (!(await rows.updateWorkflowText(db.sql, id, { ...input, userId, atMs: Date.now() }))) throw notFound("Workflow");
}

/** Soft delete, refused while runs of this workflow are still in flight. Audited in the same transaction. */
export async function deleteWorkflow(db: Database, id: string, actor: WorkflowActor): Promise<void> {
  const atMs = Date.now();
  const out = await rows.softDeleteWorkflow(db.sql, id, {
    atMs,
    audit: (name) => workflowAudit({ action: "workflow.deleted", workflowId: id, actor, atMs, data: { name } }),
  });
  if (out.ok) return;
  if (out.reason === "gone") throw notFound("Workflow");
  const n = out.activeRuns;
  throw new DomainError(
    "workflow_has_active_runs",
    `This workflow has ${n} active run${n === 1 ? "" : "s"}. Cancel or finish them before deleting it.`,
    { activeRuns: n },
  );
}

export async function createWorkflow(
  db: Database,
  input: { name: string; description: string; graph: DraftGraph },
  userId: string,
): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  const atMs = Date.now();
  // Webhook triggers that came with the graph (a duplicate, an imported file) get their own URL and secret.
  const { graph, registrations } = freshWebhookTriggers(input.graph);
  await rows.insertWorkflow(db.sql, {
    id,
    name: input.name,
    description: input.description,
    draftGraph: JSON.stringify(graph),
    userId,
    atMs,
    webhooks: registrations.map((r) => ({
      ...r,
      audit: {
        atMs,
        actorId: userId,
        action: "webhook.created",
        targetType: "workflow",
        targetId: id,
        data: { triggerId: r.id, copied: true },
      },
    })),
  });
  return { id, name: input.name };
}

/**
 * An imported workflow's name: the file's own when no live workflow has it, else "Name (imported)",
 * "Name (imported 2)", … Two workflows of one name cannot be told apart in the list or the pickers;
 * a unique name (rather than refusing) keeps "import the same file again" a way to get a copy.
 */
export async function importedWorkflowName(db: Database, name: string): Promise<string> {
  const base = name.slice(0, 98); // the longest suffix, " (imported xxxxxxxx)", keeps it within 120
  const candidates = [name, ...Array.from({ length: 20 }, (_, i) => `${base} (imported${i === 0 ? "" : ` ${i + 1}`})`)];
  const taken = await rows.takenWorkflowNames(db.sql, candidates);
  return candidates.find((c) => !taken.has(c)) ?? `${base} (imported ${randomUUID().slice(0, 8)})`;
}

/** A new workflow from a parsed workflow file, under a name no live workflow has (see importedWorkflowName). */
export async function importWorkflow(
  db: Database,
  file: { name: string; description: string; graph: DraftGraph },
  userId: string,
): Promise<{ id: string; name: string }> {
  return createWorkflow(db, { ...file, name: await importedWorkflowName(db, file.name) }, userId);
}

export async function duplicateWorkflow(db: Database, id: string, userId: string): Promise<{ id: string; name: string }> {
  const row = await findLiveWorkflow(db, id);
  const graph = readDraftGraph(row.draftGraph, row.id);
  const name = `${row.name.slice(0, 113)} (copy)`;
  return createWorkflow(db, { name, description: row.description, graph }, userId);
}

export interface PublishResult {
  version: VersionSummary;
  warnings: ReturnType<typeof validateGraph>["problems"];
  /** Whether the new version became the live one. */
  live: boolean;
}

/**
 * Publish the current draft as the next immutable version. Refused (422, every problem listed)
 * while validateGraph reports errors; warnings are allowed (plus one per reference to a credential
 * that does not exist). `expectedRevision`, when given, makes sure the version is exactly the draft
 * the publisher was looking at. With `makeLive` (the default) the new version becomes the live one.
 * Concurrent publishes get consecutive numbers; the version, the live pointer and the
 * `workflow.published` audit record (with `auditData` added) commit together.
 */
export async function publishWorkflow(
  db: Database,
  id: string,
  input: { message: string; expectedRevision?: number; makeLive?: boolean },
  actor: WorkflowActor,
  auditData: Record<string, unknown> = {},
): Promise<PublishResult> {
  const row = await findLiveWorkflow(db, id);
  if (input.expectedRevision !== undefined && input.expectedRevision !== row.draftRevision) throw await draftConflict(db, id);
  const draft = readDraftGraph(row.draftGraph, row.id);
  const result = validateGraph(draft);
  const errors = result.problems.filter((p) => p.severity === "error");
  if (!result.ok || !result.graph) {
    throw new DomainError("invalid_graph", `Fix ${errors.length} problem${errors.length === 1 ? "" : "s"} before publishing.`, {
      problems: result.problems,
    });
  }
  const graph = result.graph;
  const graphJson = JSON.stringify(await pinSubworkflows(db, graph));
  await assertPublishable(db, id, graphJson);
  const warnings = [...result.problems.filter((p) => p.severity === "warning"), ...(await missingCredentialWarnings(db.sql, result.graph))];
  const atMs = Date.now();
  const makeLive = input.makeLive ?? true;
  // A version published without going live registers its triggers when it is promoted: refuse now what would refuse then.
  if (!makeLive) assertTriggersRegistrable(graph);
  let out: rows.PublishOutcome;
  try {
    out = await rows.insertPublishedVersion(db.sql, {
      id: randomUUID(),
      workflowId: id,
      graph: graphJson,
      schemaVersion: SCHEMA_VERSION,
      message: input.message,
      authorId: actor.id,
      // The graph validated above is the draft at this revision: publish it only if nobody saved since.
      expectedRevision: input.expectedRevision,
      makeLive,
      atMs,
      registerTriggers: (q, v) => syncTriggerRegistryTx(q, db.sql.dialect, { workflowId: id, versionId: v.id, graph }),
      audit: (v) =>
        workflowAudit({
          action: "workflow.published",
          workflowId: id,
          actor,
          atMs,
          data: { version: v.version, versionId: v.id, message: input.message, warnings: warnings.length, live: makeLive, ...auditData },
        }),
    });
  } catch (e) {
    if (e instanceof rows.PublishRaceError) throw new DomainError("publish_conflict", e.message);
    throw e;
  }
  if (!out.ok) {
    if (out.reason === "gone") throw notFound("Workflow");
    throw await draftConflict(db, id);
  }
  const users = await rows.userNames(db.sql, [actor.id]);
  return { version: toSummary(out.version, users), warnings, live: makeLive };
}

/**
 * Make published version `version` the live one: a promote (newer than the live one) or a roll back
 * (older). Runs already started keep their version. Its triggers (schedules, ...) replace the
 * registry and the change is audited (`workflow.live_changed`), all in the same transaction; making the live version live again changes nothing and records nothing.
 */
export async function makeVersionLive(db: Database, id: string, version: number, actor: WorkflowActor): Promise<LiveVersion> {
  const atMs = Date.now();
  const out = await rows.setLiveVersion(db.sql, id, {
    version,
    userId: actor.id,
    atMs,
    registerTriggers: (q, to) =>
      syncTriggerRegistryTx(q, db.sql.dialect, { workflowId: id, versionId: to.id, graph: readVersionGraph(to.graph, to.id) }),
    audit: (to, from) =>
      workflowAudit({
        action: "workflow.live_changed",
        workflowId: id,
        actor,
        atMs,
        data: {
          version: to.version,
          versionId: to.id,
          previousVersion: from?.version ?? null,
          previousVersionId: from?.id ?? null,
          direction: from && from.version > to.version ? "rollback" : "promote",
        },
      }),
  });
  if (!out.ok) throw out.reason === "gone" ? notFound("Workflow") : notFound(`Published version ${version}`);
  const live = (await getWorkflow(db, id)).liveVersion;
  if (!live) throw new Error(`Workflow ${id} has no live version right after making version ${version} live`);
  return live;
}

/** Newest first, each with a summary of what changed since the version before it; the live one is marked with who made it live and when. */
export async function listVersions(db: Database, id: string, limit = 100): Promise<VersionListItem[]> {
  const wf = await findLiveWorkflow(db, id);
  const versions = await rows.listPublishedVersions(db.sql, id, limit + 1);
  const users = await rows.userNames(db.sql, [...versions.map((r) => r.authorId), wf.liveById]);
  const graphs = versions.map((r) => {
    try {
      return readVersionGraph(r.graph, r.id);
    } catch {
      return null;
    }
  });
  return versions.slice(0, limit).map((row, i) => {
    const current = graphs[i];
    const previous = graphs[i + 1];
    let changes: string;
    if (!current) changes = "Unreadable graph";
    else if (i + 1 >= versions.length) changes = `Initial version: ${current.nodes.length} node${current.nodes.length === 1 ? "" : "s"}`;
    else if (!previous) changes = "—";
    else changes = summarizeDiff(diffGraphs(previous, current));
    return { ...toSummary(row, users), changes, live: row.id === wf.liveVersionId ? liveMark(wf, users) : null };
  });
}

export async function getVersion(db: Database, id: string, version: number): Promise<VersionDetail> {
  await findLiveWorkflow(db, id);
  const row = await rows.findVersion(db.sql, id, version);
  if (!row) throw notFound(`Version ${version}`);
  const users = await rows.userNames(db.sql, [row.authorId]);
  return { ...toSummary(row, users), graph: readVersionGraph(row.graph, row.id) };
}

/**
 * Make an old version the new draft (a new draft revision; other tabs see a conflict on their next
 * save). Audited in the same transaction.
 */
export async function restoreVersion(db: Database, id: string, version: number, actor: WorkflowActor): Promise<DraftState> {
  const v = await getVersion(db, id, version);
  const atMs = Date.now();
  const restored = await rows.restoreDraft(db.sql, id, {
    draftGraph: JSON.stringify(v.graph),
    userId: actor.id,
    atMs,
    audit: (draftRevision) => workflowAudit({ action: "workflow.restored", workflowId: id, actor, atMs, data: { version, draftRevision } }),
  });
  if (!restored) throw notFound("Workflow");
  return (await getWorkflow(db, id)).draft;
}
