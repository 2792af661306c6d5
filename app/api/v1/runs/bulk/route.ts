import { apiRoute } from "@/lib/api/route";
import { bulkBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { runBulk } from "@/lib/monitoring/bulk-actions";
import { bulkBodySchema } from "@/lib/monitoring/bulk-schema";

/**
 * POST /api/v1/runs/bulk `{ action: "cancel" | "retry_failed", target: { runIds } | { filter }, dryRun?, expectedCount?, reason? }`
 * — `dryRun: true` returns how many runs the action would affect (for the confirmation); otherwise
 * it acts on each eligible run in turn. Contract: docs/monitoring.md.
 */
export const POST = apiRoute(
  {
    response: bulkBody,
    summary: "Cancel or retry many runs (or preview with dryRun)",
    errors: ["too_many_runs", "count_changed"],
    roles: permissions["runs:control"],
    body: bulkBodySchema,
  },
  async ({ app, user, body, authMethod }) =>
    runBulk({ ...app.engine, db: app.db.sql }, { ...user, byApiKey: authMethod === "api_key" }, body),
);
