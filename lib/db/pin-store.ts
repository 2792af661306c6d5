// Pinned outputs of a workflow's draft (WorkflowPin rows), the test snapshots test runs start
// (WorkflowVersion rows with published=false and negative numbers, so they never take a published
// number, are never live and never listed as versions), and the data "Run one step" reads from the
// last test run (and the audit record of each Run one step). The rules (which nodes may be pinned, who may start a test run) live in
// lib/workflows/test-runs.ts and the start service; this file only reads and writes.
import "server-only";
import { appendAudit, type AuditInput } from "./audit-store";
import { HISTORY } from "./history-archive-store";
import { isUniqueViolation, jsonColumn, num, sqlTimestamp } from "./row-codec";
import type { SqlDb, SqlQuery } from "./sql";
import type { WorkflowPin } from "@/lib/model/pins";

function toPin(r: Record<string, unknown>): WorkflowPin {
  return {
    nodeId: String(r.nodeId),
    output: jsonColumn(r.output),
    handle: String(r.handle),
    sourceRunId: r.sourceRunId === null || r.sourceRunId === undefined ? null : String(r.sourceRunId),
    sourceStepKey: r.sourceStepKey === null || r.sourceStepKey === undefined ? null : String(r.sourceStepKey),
    pinnedById: r.pinnedById === null || r.pinnedById === undefined ? null : String(r.pinnedById),
    pinnedAtMs: num(r.pinnedAtMs) ?? 0,
  };
}

export async function listPins(q: SqlQuery, workflowId: string): Promise<WorkflowPin[]> {
  const rows = await q.all(
    `SELECT "nodeId","output","handle","sourceRunId","sourceStepKey","pinnedById","pinnedAtMs" FROM "WorkflowPin" WHERE "workflowId"=? ORDER BY "nodeId"`,
    [workflowId],
  );
  return rows.map(toPin);
}

/** Pin (or re-pin) a node's output on the draft. */
export async function upsertPin(q: SqlQuery, workflowId: string, pin: WorkflowPin): Promise<void> {
  await q.run(
    `INSERT INTO "WorkflowPin" ("workflowId","nodeId","output","handle","sourceRunId","sourceStepKey","pinnedById","pinnedAtMs")
     VALUES (?,?,?,?,?,?,?,?)
     ON CONFLICT ("workflowId","nodeId") DO UPDATE SET "output"=excluded."output", "handle"=excluded."handle",
       "sourceRunId"=excluded."sourceRunId", "sourceStepKey"=excluded."sourceStepKey", "pinnedById"=excluded."pinnedById",
       "pinnedAtMs"=excluded."pinnedAtMs"`,
    [
      workflowId,
      pin.nodeId,
      JSON.stringify(pin.output ?? null),
      pin.handle,
      pin.sourceRunId,
      pin.sourceStepKey,
      pin.pinnedById,
      pin.pinnedAtMs,
    ],
  );
}

/** Unpin; false when the node had no pin. */
export async function deletePin(q: SqlQuery, workflowId: string, nodeId: string): Promise<boolean> {
  return (await q.run(`DELETE FROM "WorkflowPin" WHERE "workflowId"=? AND "nodeId"=?`, [workflowId, nodeId])) > 0;
}

/**
 * The test snapshot for this graph and these pins: the newest snapshot when it has exactly them
 * (pressing Test run again does not pile up copies), else a new one numbered below every other
 * snapshot. Snapshots are immutable like published versions.
 */
export async function testSnapshot(
  sql: SqlDb,
  s: { newId: () => string; workflowId: string; graph: string; pins: string | null; schemaVersion: number; authorId: string; atMs: number },
): Promise<{ id: string; version: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sql.tx(async (q) => {
        const last = await q.all(
          `SELECT "id","version","graph","pins" FROM "WorkflowVersion" WHERE "workflowId"=? AND "published"=? ORDER BY "version" ASC LIMIT 1`,
          [s.workflowId, false],
        );
        const prev = last[0];
        if (
          prev &&
          String(prev.graph) === s.graph &&
          (prev.pins === null || prev.pins === undefined ? null : String(prev.pins)) === s.pins
        ) {
          return { id: String(prev.id), version: Number(prev.version) };
        }
        const version = Math.min(Number(prev?.version ?? 0), 0) - 1;
        const id = s.newId();
        await q.run(
          `INSERT INTO "WorkflowVersion" ("id","workflowId","version","graph","schemaVersion","published","authorId","message","createdAt","pins")
           VALUES (?,?,?,?,?,?,?,?,?,?)`,
          [
            id,
            s.workflowId,
            version,
            s.graph,
            s.schemaVersion,
            false,
            s.authorId,
            "Test run snapshot",
            sqlTimestamp(sql.dialect, s.atMs),
            s.pins,
          ],
        );
        return { id, version };
      });
    } catch (e) {
      // Two test runs started at the same moment picked the same number: take the next one.
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}

/** Record a "Run one step" in the audit chain, on its own: the step test itself stores nothing. */
export async function auditStepTest(sql: SqlDb, audit: AuditInput): Promise<void> {
  await sql.tx((q) => appendAudit(q, sql.dialect, audit));
}

/** A step of the newest finished-or-not test run of the workflow, by node (its latest row per node). */
export interface LastTestRun {
  runId: string;
  input: unknown;
  outputs: Map<string, { output: unknown; status: string; handle: string | null }>;
}

export async function lastTestRun(q: SqlQuery, workflowId: string): Promise<LastTestRun | null> {
  const runs = await q.all(
    `SELECT "id","input" FROM "Run" WHERE "workflowId"=? AND "isTest" AND "parentRunId" IS NULL ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`,
    [workflowId],
  );
  if (!runs[0]) return null;
  const runId = String(runs[0].id);
  const steps = await q.all(
    `SELECT "nodeId","status","output","outputHandle" FROM ${HISTORY.Step} WHERE "runId"=? AND "status" IN ('succeeded','failed','skipped') ORDER BY "finishedAtMs"`,
    [runId],
  );
  const outputs = new Map<string, { output: unknown; status: string; handle: string | null }>();
  for (const s of steps) {
    outputs.set(String(s.nodeId), {
      output: jsonColumn(s.output),
      status: String(s.status),
      handle: s.outputHandle === null || s.outputHandle === undefined ? null : String(s.outputHandle),
    });
  }
  return { runId, input: jsonColumn(runs[0].input), outputs };
}

/** A step of a run of this workflow, for pinning its output. */
export async function runStepForPin(
  q: SqlQuery,
  workflowId: string,
  runId: string,
  stepKey: string,
): Promise<{ nodeId: string; status: string; output: unknown; handle: string | null } | null> {
  const rows = await q.all(
    `SELECT s."nodeId", s."status", s."output", s."outputHandle" FROM ${HISTORY.Step} s JOIN "Run" r ON r."id" = s."runId"
     WHERE s."runId"=? AND s."stepKey"=? AND r."workflowId"=?`,
    [runId, stepKey, workflowId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    nodeId: String(r.nodeId),
    status: String(r.status),
    output: jsonColumn(r.output),
    handle: r.outputHandle === null || r.outputHandle === undefined ? null : String(r.outputHandle),
  };
}
