import { can } from "@/lib/auth/roles";
import { requirePageWorkflow } from "@/lib/server/page-workflow";
import type { WorkflowDetail } from "@/lib/workflows/workflow-service";
import { PageHeader } from "@/components/ui/page-header";
import { BackToEditorLink } from "@/components/workflows/back-to-editor-link";
import { EvaluationsView } from "@/components/evaluations/evaluations-view";

/** The draft's Start input fields (what a CSV column can fill). */
function startInputFields(workflow: WorkflowDetail): string[] {
  const start = workflow.draft.graph.nodes.find((n) => n.kind === "start");
  const props = (start?.config as { inputSchema?: { properties?: unknown } } | undefined)?.inputSchema?.properties;
  return props && typeof props === "object" ? Object.keys(props) : [];
}

export const metadata = { title: "Evaluations" };

/** A workflow's evaluations: everyone reads them; designers import datasets and run them. */
export default async function WorkflowEvaluationsPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const { user, workflow } = await requirePageWorkflow("workflows:read", params);
  return (
    <div className="grid gap-6">
      <PageHeader
        title={`${workflow.name}: evaluations`}
        description="Datasets, scored runs of the draft or a version, and how they compare."
        actions={<BackToEditorLink workflowId={workflow.id} />}
      />
      <EvaluationsView workflowId={workflow.id} canWrite={can(user.role, "workflows:write")} inputFields={startInputFields(workflow)} />
    </div>
  );
}
