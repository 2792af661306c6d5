// Reading and saving a workflow's alerts (audited), and the recent firings the settings page shows.
import "server-only";
import { appendAudit } from "@/lib/db/audit-store";
import { recentAlertFirings } from "@/lib/db/alert-store";
import type { SqlDb } from "@/lib/db/sql";
import { txNow } from "@/lib/db/tx-now";
import { readWorkflowSettings, writeWorkflowSetting } from "@/lib/db/workflow-settings-store";
import { notFound } from "@/lib/errors/domain-error";
import { parseAlerts, type Alert, type AlertFiringView, type WorkflowAlertsBody } from "./alert-schemas";

export interface WorkflowAlertsView {
  alerts: Alert[];
  firings: AlertFiringView[];
}

export async function getWorkflowAlerts(db: SqlDb, workflowId: string): Promise<WorkflowAlertsView> {
  const wf = await readWorkflowSettings(db, workflowId);
  if (!wf) throw notFound("Workflow");
  const firings = await recentAlertFirings(db, workflowId, 20);
  return { alerts: parseAlerts(wf.settings), firings: firings.map((f) => ({ ...f, kind: f.kind as Alert["kind"] })) };
}

export async function setWorkflowAlerts(
  db: SqlDb,
  workflowId: string,
  body: WorkflowAlertsBody,
  actorId: string,
): Promise<WorkflowAlertsView> {
  await db.tx(async (q) => {
    const wf = await readWorkflowSettings(q, workflowId);
    if (!wf) throw notFound("Workflow");
    await writeWorkflowSetting(q, workflowId, "alerts", body.alerts);
    await appendAudit(q, db.dialect, {
      atMs: await txNow(db.dialect, q),
      actorId,
      actorType: "user",
      action: "workflow.alerts_changed",
      targetType: "workflow",
      targetId: workflowId,
      data: { before: parseAlerts(wf.settings), after: body.alerts },
    });
  });
  return getWorkflowAlerts(db, workflowId);
}
