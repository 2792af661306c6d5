import { outOfScope } from "@/lib/api/key-scope";
import { apiRoute } from "@/lib/api/route";
import { runBody, runListBody } from "@/lib/api/responses/runs";
import { permissions } from "@/lib/auth/roles";
import { listRunsQuery, startRunBody } from "@/lib/engine/api-schemas";
import { listRuns, startRunOnce } from "@/lib/engine/run-service";
import { readIdempotencyKey } from "@/lib/triggers/idempotency-key";

/**
 * POST /api/v1/runs `{ versionId? | workflowId?, input }` — start a run (201); startRun finds the
 * version and checks the caller's role against its credentials. With an `Idempotency-Key` header the
 * same key and body return the first run (201, same body, `Idempotent-Replayed: true`) for 24 h; the
 * same key with another body is a 422. A key limited to some workflows may start only those. Contract: docs/api.md, docs/triggers.md.
 */
export const POST = apiRoute(
  {
    response: runBody,
    summary: "Start a run",
    status: 201,
    errors: [
      "not_found",
      "no_published_version",
      "credential_forbidden",
      "credential_missing",
      "validation_failed",
      "idempotency_key_reused",
    ],
    roles: permissions["runs:start"],
    body: startRunBody,
    workflowScope: "handler",
  },
  async ({ app, req, body, user, authMethod, scope }) => {
    if (body.versionId !== undefined) await scope.require({ versionId: body.versionId });
    if (body.workflowId !== undefined) await scope.require({ workflowId: body.workflowId });
    const key = readIdempotencyKey(req.headers);
    const { run, replayed } = await startRunOnce(app.engine, {
      versionId: body.versionId,
      workflowId: body.workflowId,
      input: body.input,
      initiatorId: user.id,
      initiatorRole: user.role,
      trigger: authMethod === "api_key" ? "api" : "manual",
      idempotency: key === undefined ? undefined : { scope: `runs:user:${user.id}`, key, request: body },
    });
    return Response.json({ run }, { status: 201, headers: replayed ? { "idempotent-replayed": "true" } : undefined });
  },
);

/**
 * GET /api/v1/runs?status&workflowId&outcome&limit&cursor — newest first, cursor pagination. A key limited to
 * some workflows must name one of them in `workflowId`.
 */
export const GET = apiRoute(
  {
    response: runListBody,
    summary: "List runs, newest first",
    errors: ["invalid_cursor"],
    roles: permissions["runs:read"],
    query: listRunsQuery,
    workflowScope: "handler",
  },
  async ({ app, query, scope }) => {
    if (scope.workflowIds !== null) {
      if (query.workflowId === undefined) throw outOfScope("This API key is limited to some workflows: pass one of them as workflowId.");
      await scope.require({ workflowId: query.workflowId });
    }
    return listRuns(app.engine, query);
  },
);
