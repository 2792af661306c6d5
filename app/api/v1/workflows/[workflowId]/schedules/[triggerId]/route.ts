import { apiRoute } from "@/lib/api/route";
import { scheduleBody } from "@/lib/api/responses/triggers";
import { permissions } from "@/lib/auth/roles";
import { scheduleParams, schedulePatchBody } from "@/lib/triggers/schedule-api-schemas";
import { setSchedulePaused } from "@/lib/triggers/schedule-service";

/**
 * PATCH /api/v1/workflows/:id/schedules/:triggerId `{ paused }` — pause or resume a schedule
 * (designers and admins). Audited as schedule.paused / schedule.resumed; resuming counts from now.
 */
export const PATCH = apiRoute(
  {
    response: scheduleBody,
    summary: "Pause or resume a schedule",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: scheduleParams,
    body: schedulePatchBody,
  },
  async ({ app, params, body, user, authMethod }) => {
    const schedule = await setSchedulePaused(app.db.sql, { ...params, paused: body.paused }, { id: user.id, authMethod });
    if (!body.paused) app.engine.schedulesChanged(); // the in-process worker looks at the resumed schedule now
    return { schedule };
  },
);
