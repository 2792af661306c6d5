import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { workflowImportedBody } from "@/lib/api/responses/workflows";
import { permissions } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import { parseWorkflowFile } from "@/lib/workflows/workflow-file";
import { importWorkflow } from "@/lib/workflows/workflow-service";

/**
 * POST /api/v1/workflows/import — body: a workflow file. 422 with every problem when the file or its
 * graph does not match the schema; otherwise a new workflow (201) plus any graph-rule problems. A name
 * a live workflow already has becomes "Name (imported)" (then "(imported 2)", …): the response says which.
 */
export const POST = apiRoute(
  {
    response: workflowImportedBody,
    summary: "Import a workflow file",
    status: 201,
    errors: ["invalid_workflow_file"],
    roles: permissions["workflows:write"],
    body: z.unknown(),
    maxBodyBytes: 4 * 1024 * 1024,
  },
  async ({ app, body, user }) => {
    const parsed = parseWorkflowFile(body);
    if (!parsed.ok) {
      const n = parsed.problems.filter((p) => p.severity === "error").length;
      throw new DomainError("invalid_workflow_file", `The file has ${n} problem${n === 1 ? "" : "s"}.`, {
        problems: parsed.problems,
      });
    }
    const workflow = await importWorkflow(app.db, parsed.file, user.id);
    return Response.json({ workflow, problems: parsed.problems }, { status: 201 });
  },
);
