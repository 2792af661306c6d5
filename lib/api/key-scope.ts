// The one check behind workflow-scoped API keys. A key may be limited to some workflows; such a key
// may use only routes that declare how to find the workflow they touch (RouteOptions.workflowScope):
// a route param (workflowId, or runId whose run's workflow is looked up) checked before the handler
// runs, or "handler" where the handler calls scope.require / scope.allows itself (bodies, lists).
// Every other route answers 403 api_key_out_of_scope to a scoped key. Sessions and unscoped keys
// are not limited.
import type { SqlDb } from "@/lib/db/sql";
import { workflowIdOfRun, workflowIdOfVersion } from "@/lib/db/workflow-of-read";
import { DomainError, notFound } from "@/lib/errors/domain-error";

export type WorkflowScopeRule = "workflowId" | "runId" | "handler";

export type ScopeTarget = { workflowId: string } | { runId: string } | { versionId: string };

export interface KeyScope {
  /** Workflow ids the request is limited to; null = not limited. */
  readonly workflowIds: readonly string[] | null;
  allows(workflowId: string): boolean;
  /** Throws 403 api_key_out_of_scope unless the target's workflow is in scope (404 when the target does not exist). */
  require(target: ScopeTarget): Promise<void>;
}

export const outOfScope = (msg = "This API key is limited to other workflows.") => new DomainError("api_key_out_of_scope", msg);

export function keyScope(db: SqlDb, workflowIds: readonly string[] | null): KeyScope {
  const allows = (id: string) => workflowIds === null || workflowIds.includes(id);
  return {
    workflowIds,
    allows,
    async require(target) {
      if (workflowIds === null) return;
      let workflowId: string | null;
      if ("workflowId" in target) workflowId = target.workflowId;
      else if ("runId" in target) {
        workflowId = await workflowIdOfRun(db, target.runId);
        if (workflowId === null) throw notFound("Run");
      } else {
        workflowId = await workflowIdOfVersion(db, target.versionId);
        if (workflowId === null) throw notFound("Version");
      }
      if (!allows(workflowId)) throw outOfScope();
    },
  };
}

/** Applied by apiRoute before the handler. */
export async function checkRouteScope(scope: KeyScope, rule: WorkflowScopeRule | undefined, params: unknown): Promise<void> {
  if (scope.workflowIds === null) return;
  if (rule === undefined) throw outOfScope("This API key is limited to some workflows and cannot use this route.");
  if (rule === "handler") return;
  const value = (params as Record<string, unknown> | undefined)?.[rule];
  if (typeof value !== "string") throw outOfScope("This API key is limited to some workflows and cannot use this route.");
  await scope.require(rule === "workflowId" ? { workflowId: value } : { runId: value });
}
