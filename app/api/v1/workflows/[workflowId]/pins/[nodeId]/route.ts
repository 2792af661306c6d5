import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { pinBodyResponse } from "@/lib/api/responses/test-runs";
import { permissions } from "@/lib/auth/roles";
import { pinBody, pinParams } from "@/lib/workflows/api-schemas";
import { removePin, setPin } from "@/lib/workflows/test-runs";

/**
 * PUT /api/v1/workflows/:id/pins/:nodeId `{ output, handle? }` | `{ runId, stepKey }` — pin an HTTP,
 * agent or sub-workflow node's output on the draft, typed by hand or from a succeeded step of an earlier run.
 */
export const PUT = apiRoute(
  {
    response: pinBodyResponse,
    summary: "Pin a node's output on the draft",
    errors: ["not_found", "not_pinnable", "validation_failed"],
    roles: permissions["workflows:write"],
    params: pinParams,
    body: pinBody,
  },
  async ({ app, params, body, user }) => ({ pin: await setPin(app.db, params.workflowId, params.nodeId, body, user.id) }),
);

/** DELETE /api/v1/workflows/:id/pins/:nodeId — unpin: test runs execute the node again. */
export const DELETE = apiRoute(
  { response: okBody, summary: "Unpin a node's output", errors: ["not_found"], roles: permissions["workflows:write"], params: pinParams },
  async ({ app, params }) => {
    await removePin(app.db, params.workflowId, params.nodeId);
    return { ok: true };
  },
);
