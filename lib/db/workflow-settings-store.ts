// Reading and writing one workflow's settings JSON (Workflow.settings) for the settings that live
// there: chat approvals and alerts (lib/integrations, lib/alerts parse their own parts with zod).
import "server-only";
import { parseJsonColumn } from "./row-codec";
import type { SqlQuery } from "./sql";

export interface WorkflowSettingsRow {
  id: string;
  name: string;
  createdById: string | null;
  settings: Record<string, unknown>;
}

function toRow(r: { id: unknown; name: unknown; createdById: unknown; settings: unknown }): WorkflowSettingsRow {
  const s = parseJsonColumn(r.settings, {});
  return {
    id: String(r.id),
    name: String(r.name),
    createdById: r.createdById === null || r.createdById === undefined ? null : String(r.createdById),
    settings: typeof s === "object" && s !== null && !Array.isArray(s) ? (s as Record<string, unknown>) : {},
  };
}

/** The workflow's settings (null for an unknown or deleted workflow). */
export async function readWorkflowSettings(q: SqlQuery, workflowId: string): Promise<WorkflowSettingsRow | null> {
  const rows = await q.all<{ id: string; name: string; createdById: string | null; settings: string }>(
    `SELECT "id","name","createdById","settings" FROM "Workflow" WHERE "id"=? AND "deletedAt" IS NULL`,
    [workflowId],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Replace one key of the settings object, keeping the others. */
export async function writeWorkflowSetting(q: SqlQuery, workflowId: string, key: string, value: unknown): Promise<void> {
  const row = await readWorkflowSettings(q, workflowId);
  if (!row) return;
  await q.run(`UPDATE "Workflow" SET "settings"=? WHERE "id"=?`, [JSON.stringify({ ...row.settings, [key]: value }), workflowId]);
}

/** Live workflows whose settings name alerts (a text match narrows; the caller parses). */
export async function workflowsWithAlerts(q: SqlQuery): Promise<WorkflowSettingsRow[]> {
  const rows = await q.all<{ id: string; name: string; createdById: string | null; settings: string }>(
    `SELECT "id","name","createdById","settings" FROM "Workflow" WHERE "deletedAt" IS NULL AND "settings" LIKE '%"alerts"%'`,
  );
  return rows.map(toRow);
}
