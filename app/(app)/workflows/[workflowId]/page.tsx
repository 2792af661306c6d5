import { can } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/server/app-context";
import { requirePageWorkflow } from "@/lib/server/page-workflow";
import { getWorkflow } from "@/lib/workflows/workflow-service";
import { loadDesignEnvironment } from "@/lib/workflows/design-environment";
import { WorkflowEditor } from "@/components/editor/workflow-editor";

export async function generateMetadata({ params }: { params: Promise<{ workflowId: string }> }) {
  const { workflowId } = await params;
  try {
    const wf = await getWorkflow(getAppContext().db, workflowId);
    return { title: wf.name };
  } catch {
    return { title: "Workflow" };
  }
}

export default async function WorkflowEditorPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const { user, workflow } = await requirePageWorkflow("workflows:read", params);
  const canWrite = can(user.role, "workflows:write");
  // Only designers get the workspace's references (people, providers, credentials) to check against.
  const designEnv = canWrite ? await loadDesignEnvironment(getAppContext().db.sql) : undefined;
  return (
    <WorkflowEditor key={workflow.id} workflow={workflow} designEnv={designEnv} canWrite={canWrite} canRun={can(user.role, "runs:start")} />
  );
}
