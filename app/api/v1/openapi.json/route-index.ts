// Every route module under app/api/v1, by folder. The OpenAPI document and the API reference page
// are built from this list; tests/api/openapi-routes.test.ts walks app/api/v1 and fails when a
// route.ts is missing here. Imports are lazy so this module (imported by the document's own route)
// does not load every route at start-up.
import type { RouteModule } from "@/lib/api/openapi/build-document";

type Loader = () => Promise<Record<string, unknown>>;

export const routeLoaders: Record<string, Loader> = {
  "account/password": () => import("@/app/api/v1/account/password/route"),
  "api-keys": () => import("@/app/api/v1/api-keys/route"),
  "api-keys/[keyId]": () => import("@/app/api/v1/api-keys/[keyId]/route"),
  "api-keys/[keyId]/rotate": () => import("@/app/api/v1/api-keys/[keyId]/rotate/route"),
  audit: () => import("@/app/api/v1/audit/route"),
  "audit/[eventId]": () => import("@/app/api/v1/audit/[eventId]/route"),
  "audit/checkpoints": () => import("@/app/api/v1/audit/checkpoints/route"),
  "audit/export": () => import("@/app/api/v1/audit/export/route"),
  "audit/verify": () => import("@/app/api/v1/audit/verify/route"),
  "callbacks/[token]": () => import("@/app/api/v1/callbacks/[token]/route"),
  "callbacks/[token]/heartbeat": () => import("@/app/api/v1/callbacks/[token]/heartbeat/route"),
  credentials: () => import("@/app/api/v1/credentials/route"),
  "credentials/[credentialId]": () => import("@/app/api/v1/credentials/[credentialId]/route"),
  dashboard: () => import("@/app/api/v1/dashboard/route"),
  delegations: () => import("@/app/api/v1/delegations/route"),
  "delegations/[delegationId]": () => import("@/app/api/v1/delegations/[delegationId]/route"),
  events: () => import("@/app/api/v1/events/route"),
  "governance/erasures": () => import("@/app/api/v1/governance/erasures/route"),
  "governance/erasures/[erasureId]": () => import("@/app/api/v1/governance/erasures/[erasureId]/route"),
  "governance/personal-data": () => import("@/app/api/v1/governance/personal-data/route"),
  "governance/retention": () => import("@/app/api/v1/governance/retention/route"),
  "governance/retention/workflows/[workflowId]": () => import("@/app/api/v1/governance/retention/workflows/[workflowId]/route"),
  "governance/subject-runs": () => import("@/app/api/v1/governance/subject-runs/route"),
  "hooks/[triggerId]": () => import("@/app/api/v1/hooks/[triggerId]/route"),
  "inbox/count": () => import("@/app/api/v1/inbox/count/route"),
  memory: () => import("@/app/api/v1/memory/route"),
  "memory/[workflowId]": () => import("@/app/api/v1/memory/[workflowId]/route"),
  "memory/[workflowId]/entries": () => import("@/app/api/v1/memory/[workflowId]/entries/route"),
  "memory/[workflowId]/entries/[entryId]": () => import("@/app/api/v1/memory/[workflowId]/entries/[entryId]/route"),
  notifications: () => import("@/app/api/v1/notifications/route"),
  "notifications/read": () => import("@/app/api/v1/notifications/read/route"),
  "openapi.json": () => import("@/app/api/v1/openapi.json/route"),
  providers: () => import("@/app/api/v1/providers/route"),
  "providers/[providerId]": () => import("@/app/api/v1/providers/[providerId]/route"),
  "providers/[providerId]/test": () => import("@/app/api/v1/providers/[providerId]/test/route"),
  runs: () => import("@/app/api/v1/runs/route"),
  "runs/[runId]": () => import("@/app/api/v1/runs/[runId]/route"),
  "runs/[runId]/evidence": () => import("@/app/api/v1/runs/[runId]/evidence/route"),
  "runs/[runId]/legal-hold": () => import("@/app/api/v1/runs/[runId]/legal-hold/route"),
  "runs/[runId]/cancel": () => import("@/app/api/v1/runs/[runId]/cancel/route"),
  "runs/[runId]/rerun": () => import("@/app/api/v1/runs/[runId]/rerun/route"),
  "runs/[runId]/retry": () => import("@/app/api/v1/runs/[runId]/retry/route"),
  "runs/[runId]/steps/[stepKey]": () => import("@/app/api/v1/runs/[runId]/steps/[stepKey]/route"),
  "runs/[runId]/view": () => import("@/app/api/v1/runs/[runId]/view/route"),
  "runs/[runId]/view/events": () => import("@/app/api/v1/runs/[runId]/view/events/route"),
  "runs/bulk": () => import("@/app/api/v1/runs/bulk/route"),
  "schedules/preview": () => import("@/app/api/v1/schedules/preview/route"),
  tasks: () => import("@/app/api/v1/tasks/route"),
  "tasks/bulk-decide": () => import("@/app/api/v1/tasks/bulk-decide/route"),
  "tasks/[taskId]": () => import("@/app/api/v1/tasks/[taskId]/route"),
  "tasks/[taskId]/claim": () => import("@/app/api/v1/tasks/[taskId]/claim/route"),
  "tasks/[taskId]/comments": () => import("@/app/api/v1/tasks/[taskId]/comments/route"),
  "tasks/[taskId]/decide": () => import("@/app/api/v1/tasks/[taskId]/decide/route"),
  "tasks/[taskId]/reassign": () => import("@/app/api/v1/tasks/[taskId]/reassign/route"),
  users: () => import("@/app/api/v1/users/route"),
  "users/[userId]": () => import("@/app/api/v1/users/[userId]/route"),
  workflows: () => import("@/app/api/v1/workflows/route"),
  "workflows/[workflowId]": () => import("@/app/api/v1/workflows/[workflowId]/route"),
  "workflows/[workflowId]/duplicate": () => import("@/app/api/v1/workflows/[workflowId]/duplicate/route"),
  "workflows/[workflowId]/export": () => import("@/app/api/v1/workflows/[workflowId]/export/route"),
  "workflows/[workflowId]/publish": () => import("@/app/api/v1/workflows/[workflowId]/publish/route"),
  "workflows/[workflowId]/schedules": () => import("@/app/api/v1/workflows/[workflowId]/schedules/route"),
  "workflows/[workflowId]/schedules/[triggerId]": () => import("@/app/api/v1/workflows/[workflowId]/schedules/[triggerId]/route"),
  "workflows/[workflowId]/versions": () => import("@/app/api/v1/workflows/[workflowId]/versions/route"),
  "workflows/[workflowId]/versions/[version]": () => import("@/app/api/v1/workflows/[workflowId]/versions/[version]/route"),
  "workflows/[workflowId]/versions/[version]/restore": () => import("@/app/api/v1/workflows/[workflowId]/versions/[version]/restore/route"),
  "workflows/[workflowId]/versions/[version]/live": () => import("@/app/api/v1/workflows/[workflowId]/versions/[version]/live/route"),
  "workflows/[workflowId]/webhooks": () => import("@/app/api/v1/workflows/[workflowId]/webhooks/route"),
  "workflows/[workflowId]/webhooks/[triggerId]/deliveries": () =>
    import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/deliveries/route"),
  "workflows/[workflowId]/webhooks/[triggerId]/deliveries/[deliveryId]/resend": () =>
    import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/deliveries/[deliveryId]/resend/route"),
  "workflows/[workflowId]/webhooks/[triggerId]/rotate": () =>
    import("@/app/api/v1/workflows/[workflowId]/webhooks/[triggerId]/rotate/route"),
  "workflows/import": () => import("@/app/api/v1/workflows/import/route"),
};

export async function loadRouteModules(): Promise<RouteModule[]> {
  return Promise.all(Object.entries(routeLoaders).map(async ([folder, load]) => ({ folder, module: await load() })));
}
