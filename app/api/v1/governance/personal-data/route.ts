import { apiRoute } from "@/lib/api/route";
import { personalDataBody } from "@/lib/api/responses/governance";
import { permissions } from "@/lib/auth/roles";
import { getPersonalDataGrant, personalDataGrantSchema, setPersonalDataGrant } from "@/lib/governance/personal-data";

/** GET /api/v1/governance/personal-data — the roles that see fields marked x-personal unmasked. */
export const GET = apiRoute(
  { response: personalDataBody, summary: "Roles that see personal data", roles: permissions["settings:manage"] },
  async ({ app }) => getPersonalDataGrant(app.db.sql),
);

/** PATCH /api/v1/governance/personal-data `{ roles }` — grant "see personal data" to these roles; audited. */
export const PATCH = apiRoute(
  {
    response: personalDataBody,
    summary: "Set the roles that see personal data",
    roles: permissions["settings:manage"],
    body: personalDataGrantSchema,
  },
  async ({ app, body, user }) => setPersonalDataGrant(app.db.sql, body, user.id),
);
