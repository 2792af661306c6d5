import { apiRoute } from "@/lib/api/route";
import { pinListBody } from "@/lib/api/responses/test-runs";
import { permissions } from "@/lib/auth/roles";
import { workflowParams } from "@/lib/workflows/api-schemas";
import { listPins } from "@/lib/workflows/test-runs";

/** GET /api/v1/workflows/:id/pins — the outputs pinned on the draft, which test runs reuse. */
export const GET = apiRoute(
  {
    response: pinListBody,
    summary: "Pinned outputs of the draft",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
  },
  async ({ app, params }) => ({ pins: await listPins(app.db, params.workflowId) }),
);
