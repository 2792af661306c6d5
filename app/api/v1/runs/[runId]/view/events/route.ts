import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { beforeIdCursor } from "@/lib/api/int-params";
import { olderEventsBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { notFound } from "@/lib/api/errors";
import { loadOlderEvents, runExists } from "@/lib/db/run-view-read";

const params = z.object({ runId: z.string().min(1).max(128) });
const query = z.object({ before: beforeIdCursor() });

/** GET /api/v1/runs/:runId/view/events?before=<eventId> — the previous page of the run's event log. */
export const GET = apiRoute(
  {
    response: olderEventsBody,
    summary: "An older page of the run's event log",
    errors: ["not_found"],
    roles: permissions["runs:read"],
    params,
    workflowScope: "runId",
    query,
  },
  async ({ app, params, query }) => {
    if (!(await runExists(app.db.sql, params.runId))) throw notFound("Run");
    return loadOlderEvents(app.db.sql, params.runId, query.before);
  },
);
