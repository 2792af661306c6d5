import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { maskForRun } from "@/lib/governance/personal-data";
import { runViewBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { loadRunView } from "@/lib/db/run-view-read";

const params = z.object({ runId: z.string().min(1).max(128) });

/** GET /api/v1/runs/:runId/view — everything the run view draws (graph, steps, tasks, events, links). */
export const GET = apiRoute(
  {
    response: runViewBody,
    summary: "Everything the run view draws",
    errors: ["not_found"],
    roles: permissions["runs:read"],
    params,
    workflowScope: "runId",
  },
  async ({ app, params, user }) => maskForRun(app.db.sql, params.runId, user.role, await loadRunView(app.db.sql, params.runId)),
);
