import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { notFound } from "@/lib/api/errors";
import { loadOlderEvents } from "@/lib/monitoring/run-view";

const params = z.object({ runId: z.string().min(1).max(128) });
const query = z.object({ before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** GET /api/v1/runs/:runId/view/events?before=<eventId> — the previous page of the run's event log. */
export const GET = apiRoute({ roles: permissions["runs:read"], params, query }, async ({ app, params, query }) => {
  const run = await app.db.sql.all(`SELECT "id" FROM "Run" WHERE "id" = ?`, [params.runId]);
  if (!run.length) throw notFound("Run");
  return loadOlderEvents(app.db.sql, params.runId, query.before);
});
