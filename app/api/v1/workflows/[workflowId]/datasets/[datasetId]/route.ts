import { apiRoute } from "@/lib/api/route";
import { okBody } from "@/lib/api/responses/common";
import { datasetDetailBody } from "@/lib/api/responses/evaluations";
import { permissions } from "@/lib/auth/roles";
import { deleteDataset, getDataset } from "@/lib/evaluations/dataset-service";
import { datasetParams } from "@/lib/evaluations/evaluation-schemas";

/** GET /api/v1/workflows/:workflowId/datasets/:datasetId — the dataset and its first 200 rows. */
export const GET = apiRoute(
  {
    response: datasetDetailBody,
    summary: "An evaluation dataset and its rows",
    errors: ["not_found"],
    roles: permissions["workflows:read"],
    params: datasetParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => getDataset(app.db, params.workflowId, params.datasetId),
);

/** DELETE /api/v1/workflows/:workflowId/datasets/:datasetId — delete the dataset (evaluations keep their results). */
export const DELETE = apiRoute(
  {
    response: okBody,
    summary: "Delete an evaluation dataset",
    errors: ["not_found"],
    roles: permissions["workflows:write"],
    params: datasetParams,
    workflowScope: "workflowId",
  },
  async ({ app, params }) => {
    await deleteDataset(app.db, params.workflowId, params.datasetId);
    return { ok: true };
  },
);
