import { apiRoute } from "@/lib/api/route";
import { datasetBody, datasetListBody } from "@/lib/api/responses/evaluations";
import { permissions } from "@/lib/auth/roles";
import { createDataset, listDatasets } from "@/lib/evaluations/dataset-service";
import { datasetCreateBody, MAX_CSV_BYTES } from "@/lib/evaluations/evaluation-schemas";
import { workflowParams } from "@/lib/workflows/api-schemas";

/** GET /api/v1/workflows/:workflowId/datasets — the workflow's evaluation datasets, newest first. */
export const GET = apiRoute(
  {
    response: datasetListBody,
    summary: "A workflow's evaluation datasets",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: workflowParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => ({ datasets: await listDatasets(app.db, params.workflowId) }),
);

/**
 * POST /api/v1/workflows/:workflowId/datasets — a dataset from JSON rows `{ source: "rows", rows }`, a CSV
 * `{ source: "csv", csv, columns?, expectedColumn? }` or past runs `{ source: "runs", runIds }`. Every
 * row is checked against the draft's Start input schema; one bad row refuses all (invalid_dataset, with row numbers).
 */
export const POST = apiRoute(
  {
    response: datasetBody,
    summary: "Import an evaluation dataset",
    status: 201,
    errors: ["not_found", "invalid_dataset", "validation_failed"],
    roles: permissions["workflows:write"],
    params: workflowParams,
    body: datasetCreateBody,
    maxBodyBytes: 2 * MAX_CSV_BYTES,
    workflowScope: "workflowId",
  },
  async ({ app, params, body, user }) =>
    Response.json({ dataset: await createDataset(app.db, params.workflowId, body, user.id) }, { status: 201 }),
);
