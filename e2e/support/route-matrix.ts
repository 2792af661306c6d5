// Every page and API route, with the roles allowed to use it. e2e/route-matrix.spec.ts walks every
// route × every role (and signed out) and asserts the status; it fails when a route exists in app/
// without a row here, so this table grows with every route added.
import type { Role } from "@/lib/auth/roles";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const all: Role[] = ["admin", "designer", "reviewer", "viewer", "auditor"];
const designers: Role[] = ["admin", "designer"];
const deciders: Role[] = ["admin", "reviewer"];
const admins: Role[] = ["admin"];
const auditors: Role[] = ["admin", "auditor"];

export interface RouteRow {
  method: Method;
  /** Path pattern as in app/ (route groups removed), e.g. /api/v1/runs/[runId] */
  pattern: string;
  /** Roles allowed; "public" routes need no session. */
  allowed: Role[] | "public";
  /** Needs a signed-in session: an API key of any role gets 403 (managing keys and passwords; test runs of a draft, which only a person starts). */
  sessionOnly?: true;
}

export const routeMatrix: RouteRow[] = [
  // pages
  { method: "GET", pattern: "/", allowed: all },
  { method: "GET", pattern: "/setup", allowed: "public" },
  { method: "GET", pattern: "/sign-in", allowed: "public" },
  { method: "GET", pattern: "/workflows", allowed: all },
  { method: "GET", pattern: "/runs", allowed: all },
  { method: "GET", pattern: "/runs/[runId]", allowed: all },
  { method: "GET", pattern: "/dashboard", allowed: all },
  { method: "GET", pattern: "/inbox", allowed: all },
  { method: "GET", pattern: "/inbox/[taskId]", allowed: all },
  { method: "GET", pattern: "/audit", allowed: auditors },
  { method: "GET", pattern: "/settings", allowed: admins },
  { method: "GET", pattern: "/memory", allowed: designers },
  { method: "GET", pattern: "/workflows/[workflowId]/settings", allowed: designers },
  { method: "GET", pattern: "/api-docs", allowed: all },
  // API
  { method: "GET", pattern: "/api/health", allowed: "public" },
  // Prometheus metrics: a bearer token of its own (SWITCHYARD_METRICS_TOKEN), not a session or an API key
  { method: "GET", pattern: "/api/metrics", allowed: "public" },
  // governance: retention, erasure, personal data (admins); the evidence pack (the audit trail's readers)
  { method: "GET", pattern: "/api/v1/governance/retention", allowed: admins },
  { method: "PATCH", pattern: "/api/v1/governance/retention", allowed: admins },
  { method: "POST", pattern: "/api/v1/governance/retention/purge", allowed: admins },
  { method: "GET", pattern: "/api/v1/governance/retention/workflows/[workflowId]", allowed: admins },
  { method: "PATCH", pattern: "/api/v1/governance/retention/workflows/[workflowId]", allowed: admins },
  { method: "GET", pattern: "/api/v1/governance/erasures", allowed: admins },
  { method: "POST", pattern: "/api/v1/governance/erasures", allowed: admins },
  { method: "GET", pattern: "/api/v1/governance/erasures/[erasureId]", allowed: admins },
  { method: "GET", pattern: "/api/v1/governance/personal-data", allowed: admins },
  { method: "PATCH", pattern: "/api/v1/governance/personal-data", allowed: admins },
  { method: "POST", pattern: "/api/v1/governance/subject-runs", allowed: admins },
  { method: "GET", pattern: "/api/v1/runs/[runId]/legal-hold", allowed: all },
  { method: "POST", pattern: "/api/v1/runs/[runId]/legal-hold", allowed: admins },
  { method: "GET", pattern: "/api/v1/runs/[runId]/evidence", allowed: auditors },
  { method: "POST", pattern: "/api/setup", allowed: "public" },
  { method: "GET", pattern: "/api/auth/[...all]", allowed: "public" },
  { method: "POST", pattern: "/api/auth/[...all]", allowed: "public" },
  { method: "GET", pattern: "/api/v1/inbox/count", allowed: all },
  { method: "GET", pattern: "/api/v1/events", allowed: all },
  { method: "GET", pattern: "/api/v1/openapi.json", allowed: all },
  { method: "POST", pattern: "/api/v1/events", allowed: designers },
  // Wait for callback: the one-time token in the URL is the credential
  { method: "POST", pattern: "/api/v1/callbacks/[token]", allowed: "public" },
  { method: "POST", pattern: "/api/v1/callbacks/[token]/heartbeat", allowed: "public" },
  { method: "POST", pattern: "/api/v1/runs/bulk", allowed: designers },
  { method: "GET", pattern: "/api/v1/runs/[runId]/view", allowed: all },
  { method: "GET", pattern: "/api/v1/runs/[runId]/view/events", allowed: all },
  { method: "GET", pattern: "/api/v1/runs/[runId]/steps/[stepKey]", allowed: all },
  { method: "POST", pattern: "/api/v1/runs/[runId]/retry", allowed: designers },
  { method: "POST", pattern: "/api/v1/runs/[runId]/rerun", allowed: designers },
  { method: "GET", pattern: "/api/v1/dashboard", allowed: all },
  { method: "GET", pattern: "/api/v1/audit", allowed: auditors },
  { method: "GET", pattern: "/api/v1/audit/[eventId]", allowed: auditors },
  { method: "GET", pattern: "/api/v1/audit/export", allowed: auditors },
  { method: "POST", pattern: "/api/v1/audit/verify", allowed: auditors },
  { method: "GET", pattern: "/api/v1/audit/checkpoints", allowed: auditors },
  { method: "POST", pattern: "/api/v1/audit/checkpoints", allowed: auditors },
  { method: "GET", pattern: "/api/v1/users", allowed: admins },
  { method: "POST", pattern: "/api/v1/users", allowed: admins },
  { method: "PATCH", pattern: "/api/v1/users/[userId]", allowed: admins },
  { method: "GET", pattern: "/api/v1/workflows", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows", allowed: designers },
  // model providers and credentials (agent issue)
  { method: "GET", pattern: "/api/v1/providers", allowed: designers },
  { method: "POST", pattern: "/api/v1/providers", allowed: admins },
  { method: "GET", pattern: "/api/v1/providers/[providerId]", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/providers/[providerId]", allowed: admins },
  { method: "DELETE", pattern: "/api/v1/providers/[providerId]", allowed: admins },
  { method: "POST", pattern: "/api/v1/providers/[providerId]/test", allowed: admins },
  { method: "GET", pattern: "/api/v1/credentials", allowed: designers },
  { method: "POST", pattern: "/api/v1/credentials", allowed: admins },
  { method: "GET", pattern: "/api/v1/credentials/[credentialId]", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/credentials/[credentialId]", allowed: admins },
  { method: "DELETE", pattern: "/api/v1/credentials/[credentialId]", allowed: admins },
  // MCP servers (agent tools) and Switchyard's own MCP endpoint (API keys; its tools check roles)
  { method: "POST", pattern: "/api/v1/mcp", allowed: all },
  { method: "GET", pattern: "/api/v1/mcp", allowed: all },
  { method: "GET", pattern: "/api/v1/mcp-servers", allowed: designers },
  { method: "POST", pattern: "/api/v1/mcp-servers", allowed: admins },
  { method: "GET", pattern: "/api/v1/mcp-servers/[serverId]", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/mcp-servers/[serverId]", allowed: admins },
  { method: "DELETE", pattern: "/api/v1/mcp-servers/[serverId]", allowed: admins },
  { method: "POST", pattern: "/api/v1/mcp-servers/[serverId]/refresh", allowed: admins },
  // agent memory
  { method: "GET", pattern: "/api/v1/memory", allowed: designers },
  { method: "GET", pattern: "/api/v1/memory/[workflowId]", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/memory/[workflowId]", allowed: designers },
  { method: "GET", pattern: "/api/v1/memory/[workflowId]/entries", allowed: designers },
  { method: "DELETE", pattern: "/api/v1/memory/[workflowId]/entries", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/memory/[workflowId]/entries/[entryId]", allowed: designers },
  { method: "DELETE", pattern: "/api/v1/memory/[workflowId]/entries/[entryId]", allowed: designers },
  // reviewers' inbox: tasks and notifications
  { method: "GET", pattern: "/api/v1/tasks", allowed: all },
  { method: "GET", pattern: "/api/v1/tasks/[taskId]", allowed: all },
  { method: "POST", pattern: "/api/v1/tasks/bulk-decide", allowed: deciders },
  // chat approvals and alerts: Slack's interactivity URL proves itself with the signing secret
  { method: "GET", pattern: "/api/v1/integrations/chat", allowed: admins },
  { method: "PATCH", pattern: "/api/v1/integrations/chat", allowed: admins },
  { method: "POST", pattern: "/api/v1/integrations/slack/interactions", allowed: "public" },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/chat", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/workflows/[workflowId]/chat", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/alerts", allowed: designers },
  { method: "PATCH", pattern: "/api/v1/workflows/[workflowId]/alerts", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/mcp", allowed: designers },
  { method: "PUT", pattern: "/api/v1/workflows/[workflowId]/mcp", allowed: designers },
  { method: "GET", pattern: "/api/v1/delegations", allowed: deciders },
  { method: "POST", pattern: "/api/v1/delegations", allowed: deciders },
  { method: "DELETE", pattern: "/api/v1/delegations/[delegationId]", allowed: deciders },
  { method: "GET", pattern: "/api/v1/delegations/candidates", allowed: deciders },
  { method: "GET", pattern: "/api/v1/tasks/[taskId]/reassign", allowed: deciders },
  { method: "POST", pattern: "/api/v1/tasks/[taskId]/reassign", allowed: deciders },
  { method: "POST", pattern: "/api/v1/tasks/[taskId]/claim", allowed: deciders },
  { method: "DELETE", pattern: "/api/v1/tasks/[taskId]/claim", allowed: deciders },
  { method: "GET", pattern: "/api/v1/tasks/[taskId]/comments", allowed: all },
  { method: "POST", pattern: "/api/v1/tasks/[taskId]/comments", allowed: deciders },
  { method: "GET", pattern: "/api/v1/notifications", allowed: all },
  { method: "POST", pattern: "/api/v1/notifications/read", allowed: all },
  // workflow builder
  { method: "GET", pattern: "/workflows/[workflowId]", allowed: all },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]", allowed: all },
  { method: "PATCH", pattern: "/api/v1/workflows/[workflowId]", allowed: designers },
  { method: "DELETE", pattern: "/api/v1/workflows/[workflowId]", allowed: designers },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/duplicate", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/export", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/publish", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/versions", allowed: all },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/versions/[version]", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/versions/[version]/restore", allowed: designers },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/versions/[version]/live", allowed: designers },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/test-runs", allowed: designers, sessionOnly: true },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/pins", allowed: all },
  { method: "PUT", pattern: "/api/v1/workflows/[workflowId]/pins/[nodeId]", allowed: designers },
  { method: "DELETE", pattern: "/api/v1/workflows/[workflowId]/pins/[nodeId]", allowed: designers },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/nodes/[nodeId]/test", allowed: designers, sessionOnly: true },
  // evaluations (issue 17)
  { method: "GET", pattern: "/workflows/[workflowId]/evaluations", allowed: all },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/datasets", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/datasets", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/datasets/[datasetId]", allowed: all },
  { method: "DELETE", pattern: "/api/v1/workflows/[workflowId]/datasets/[datasetId]", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/evaluations", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/evaluations", allowed: designers, sessionOnly: true },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/evaluations/[evaluationId]", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/evaluations/[evaluationId]/cancel", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/evaluation-settings", allowed: all },
  { method: "PUT", pattern: "/api/v1/workflows/[workflowId]/evaluation-settings", allowed: designers },
  // schedules (triggers issue)
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/schedules", allowed: all },
  { method: "PATCH", pattern: "/api/v1/workflows/[workflowId]/schedules/[triggerId]", allowed: designers },
  { method: "GET", pattern: "/api/v1/schedules/preview", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/import", allowed: designers },
  // engine: runs and decisions
  { method: "GET", pattern: "/api/v1/runs", allowed: all },
  { method: "POST", pattern: "/api/v1/runs", allowed: designers },
  { method: "GET", pattern: "/api/v1/runs/[runId]", allowed: all },
  { method: "POST", pattern: "/api/v1/runs/[runId]/cancel", allowed: designers },
  { method: "POST", pattern: "/api/v1/tasks/[taskId]/decide", allowed: deciders },
  // webhooks (the delivery route verifies signatures instead of sessions)
  { method: "POST", pattern: "/api/v1/hooks/[triggerId]", allowed: "public" },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/webhooks", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/webhooks", allowed: designers },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/webhooks/[triggerId]/rotate", allowed: designers },
  { method: "GET", pattern: "/api/v1/workflows/[workflowId]/webhooks/[triggerId]/deliveries", allowed: all },
  { method: "POST", pattern: "/api/v1/workflows/[workflowId]/webhooks/[triggerId]/deliveries/[deliveryId]/resend", allowed: designers },
  // API keys and the own password: every signed-in person, by session only
  { method: "GET", pattern: "/settings/api-keys", allowed: all },
  { method: "GET", pattern: "/settings/account", allowed: all },
  { method: "GET", pattern: "/api/v1/api-keys", allowed: all, sessionOnly: true },
  { method: "POST", pattern: "/api/v1/api-keys", allowed: all, sessionOnly: true },
  { method: "DELETE", pattern: "/api/v1/api-keys/[keyId]", allowed: all, sessionOnly: true },
  { method: "POST", pattern: "/api/v1/api-keys/[keyId]/rotate", allowed: all, sessionOnly: true },
  { method: "POST", pattern: "/api/v1/account/password", allowed: all, sessionOnly: true },
];

export const roleSets = { all, designers, deciders, admins, auditors };
