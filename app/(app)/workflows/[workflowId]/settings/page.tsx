import { can } from "@/lib/auth/roles";
import { requirePageWorkflow } from "@/lib/server/page-workflow";
import { PageHeader } from "@/components/ui/page-header";
import { BackToEditorLink } from "@/components/workflows/back-to-editor-link";
import { WorkflowChatSection } from "@/components/workflow-settings/workflow-chat-form";
import { WorkflowAlertsSection } from "@/components/workflow-settings/workflow-alerts-section";
import { WorkflowMcpSection } from "@/components/workflow-settings/workflow-mcp-section";
import { WorkflowRetentionSection } from "@/components/workflow-settings/workflow-retention-section";

export const metadata = { title: "Workflow settings" };

/** A workflow's settings for designers: where its approvals go in chat, and its alerts; for admins also its retention and legal hold. */
export default async function WorkflowSettingsPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const { user, workflow } = await requirePageWorkflow("workflows:write", params);
  return (
    <div className="grid gap-6">
      <PageHeader
        title={`${workflow.name}: settings`}
        description={`Chat approvals, alerts, exposure as an MCP tool${can(user.role, "settings:manage") ? ", retention and legal hold" : ""} for this workflow.`}
        actions={<BackToEditorLink workflowId={workflow.id} />}
      />
      <WorkflowChatSection workflowId={workflow.id} />
      <WorkflowAlertsSection workflowId={workflow.id} />
      <WorkflowMcpSection workflowId={workflow.id} />
      {can(user.role, "settings:manage") && <WorkflowRetentionSection workflowId={workflow.id} />}
    </div>
  );
}
