import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import { getAppContext } from "@/lib/server/app-context";
import { getWorkflow } from "@/lib/workflows/workflow-service";
import { PageHeader } from "@/components/ui/page-header";
import { WorkflowChatSection } from "@/components/workflow-settings/workflow-chat-form";
import { WorkflowAlertsSection } from "@/components/workflow-settings/workflow-alerts-section";
import { WorkflowMcpSection } from "@/components/workflow-settings/workflow-mcp-section";
import { WorkflowRetentionSection } from "@/components/workflow-settings/workflow-retention-section";

export const metadata = { title: "Workflow settings" };

/** A workflow's settings for designers: where its approvals go in chat, and its alerts; for admins also its retention and legal hold. */
export default async function WorkflowSettingsPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const user = await requirePageUser("workflows:write");
  const { workflowId } = await params;
  let workflow;
  try {
    workflow = await getWorkflow(getAppContext().db, workflowId);
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
  return (
    <div className="grid gap-6">
      <PageHeader
        title={`${workflow.name}: settings`}
        description={`Chat approvals, alerts, exposure as an MCP tool${can(user.role, "settings:manage") ? ", retention and legal hold" : ""} for this workflow.`}
        actions={
          <Link className="text-sm underline underline-offset-4" href={`/workflows/${encodeURIComponent(workflow.id)}`}>
            Back to the editor
          </Link>
        }
      />
      <WorkflowChatSection workflowId={workflow.id} />
      <WorkflowAlertsSection workflowId={workflow.id} />
      <WorkflowMcpSection workflowId={workflow.id} />
      {can(user.role, "settings:manage") && <WorkflowRetentionSection workflowId={workflow.id} />}
    </div>
  );
}
