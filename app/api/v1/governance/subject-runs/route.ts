import { apiRoute } from "@/lib/api/route";
import { subjectRunsBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { subjectBody } from "@/lib/governance/api-schemas";
import { listSubjectRuns } from "@/lib/governance/erasure";

/**
 * POST /api/v1/governance/subject-runs `{ subject }` — the runs of a data subject (found by its keyed
 * hash), newest first. A POST so the subject never lands in a URL or an access log.
 */
export const POST = apiRoute(
  { response: subjectRunsBody, summary: "Runs of a data subject", roles: permissions["settings:manage"], body: subjectBody },
  async ({ app, body }) => ({ runs: await listSubjectRuns(app.db.sql, body.subject) }),
);
