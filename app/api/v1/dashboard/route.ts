import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { dashboardBody } from "@/lib/api/responses/monitoring";
import { permissions } from "@/lib/auth/roles";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { DASHBOARD_RANGES } from "@/lib/monitoring/dashboard-types";

/** GET /api/v1/dashboard?range=1h|24h|7d|30d — run, step, human-wait and cost aggregates for the range. */
export const GET = apiRoute(
  {
    response: dashboardBody,
    summary: "Run, step, human-wait and cost aggregates",
    roles: permissions["runs:read"],
    query: z.object({ range: z.enum(DASHBOARD_RANGES).default("24h") }),
  },
  async ({ app, query }) => loadDashboard(app.db.sql, query.range),
);
