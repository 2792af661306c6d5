import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import { getAppContext } from "@/lib/server/app-context";
import { getWorkflow } from "@/lib/workflows/workflow-service";
import { PageHeader } from "@/components/ui/page-header";
import { EvaluationsView } from "@/components/evaluations/evaluations-view";

export const metadata = { title: "Evaluations" };

/** A workflow's evaluations: everyone reads them; designers import datasets and run them. */
export default async function WorkflowEvaluationsPage({ params }: { params: Promise<{ workflowId: string }> }) {
  const user = await requirePageUser("workflows:read");
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
        title={`${workflow.name}: evaluations`}
        description="Datasets, scored runs of the draft or a version, and how they compare."
        actions={
          <Link
            className="inline-flex min-h-11 items-center text-sm underline underline-offset-4"
            href={`/workflows/${encodeURIComponent(workflow.id)}`}
          >
            Back to the editor
          </Link>
        }
      />
      <EvaluationsView workflowId={workflow.id} canWrite={can(user.role, "workflows:write")} />
    </div>
  );
}
