// The prologue of every page of one workflow (the editor, its evaluations, its settings): the
// signed-in user with the page's permission (lib/auth/page-guard.ts), and the workflow, or the
// 404 page when there is none.
import "server-only";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import type { Permission } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors/domain-error";
import { getWorkflow, type WorkflowDetail } from "@/lib/workflows/workflow-service";
import { getAppContext } from "./app-context";

export async function requirePageWorkflow(
  permission: Permission,
  params: Promise<{ workflowId: string }>,
): Promise<{ user: SessionUser; workflow: WorkflowDetail }> {
  const user = await requirePageUser(permission);
  const { workflowId } = await params;
  try {
    return { user, workflow: await getWorkflow(getAppContext().db, workflowId) };
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}
