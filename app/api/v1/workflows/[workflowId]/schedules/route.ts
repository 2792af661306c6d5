import { apiRoute } from "@/lib/api/route";
import { schedulesBody } from "@/lib/api/responses/triggers";
import { permissions } from "@/lib/auth/roles";
import { listSchedules } from "@/lib/triggers/schedule-service";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:id/schedules — the live version's schedules: paused or not, next five fire times, last fire and run. */
export const GET = apiRoute(
  {
    response: schedulesBody,
    summary: "The live version's schedules with their next fire times",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
  },
  async ({ app, params }) => ({
    schedules: await listSchedules(app.db.sql, params.workflowId),
  }),
);
