import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import { getAppContext } from "@/lib/server/app-context";
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
  const user = await requirePageUser("workflows:read");
  const { workflowId } = await params;
  let workflow;
  try {
    workflow = await getWorkflow(getAppContext().db, workflowId);
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
  const canWrite = can(user.role, "workflows:write");
  // Only designers get the workspace's references (people, providers, credentials) to check against.
  const designEnv = canWrite ? await loadDesignEnvironment(getAppContext().db.sql) : undefined;
  return (
    <WorkflowEditor key={workflow.id} workflow={workflow} designEnv={designEnv} canWrite={canWrite} canRun={can(user.role, "runs:start")} />
  );
}
