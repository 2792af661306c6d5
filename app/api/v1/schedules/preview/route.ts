import { apiRoute } from "@/lib/api/route";
import { fireTimesBody } from "@/lib/api/responses/triggers";
import { schedulePreviewQuery } from "@/lib/triggers/schedule-api-schemas";
import { previewFireTimes } from "@/lib/triggers/schedule-service";

/**
 * GET /api/v1/schedules/preview?cron=&timezone= (or ?intervalSeconds=) — the next five fire times
 * from now, as croner computes them (the editor shows them; croner stays out of the browser bundle).
 * A cron or time zone croner refuses is a 422 invalid_schedule naming the field.
 */
export const GET = apiRoute(
  {
    response: fireTimesBody,
    summary: "The next five fire times of a cron or interval",
    errors: ["invalid_schedule"],
    roles: "any",
    query: schedulePreviewQuery,
  },
  async ({ app, query }) => ({
    fireTimes: previewFireTimes(query, await app.db.sql.now()),
  }),
);
