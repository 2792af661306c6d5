import { apiRoute } from "@/lib/api/route";
import { checkpointBody, checkpointsBody } from "@/lib/api/responses/audit";
import { permissions } from "@/lib/auth/roles";
import { signCheckpoint } from "@/lib/audit/checkpoints";
import { appSigningKey } from "@/lib/audit/server-key";
import { listCheckpoints } from "@/lib/db/audit-checkpoint-store";

/**
 * GET /api/v1/audit/checkpoints — the server's public audit signing key and the newest 100 signed
 * checkpoints: copy both somewhere the database administrators cannot write, and verify later with
 * `npm run audit:verify -- --public-key <key> --checkpoints <file>` or POST /api/v1/audit/verify.
 */
export const GET = apiRoute(
  { response: checkpointsBody, summary: "The audit signing public key and recent signed checkpoints", roles: permissions["audit:read"] },
  async ({ app }) => ({ publicKey: appSigningKey(app).publicKeyB64, checkpoints: await listCheckpoints(app.db.sql, 100) }),
);

/** POST /api/v1/audit/checkpoints — sign the current chain head now (201; checkpoint null for an empty log). */
export const POST = apiRoute(
  { response: checkpointBody, status: 201, summary: "Sign a checkpoint of the audit chain head", roles: permissions["audit:read"] },
  async ({ app, user }) => {
    const checkpoint = await signCheckpoint(app.db.sql, appSigningKey(app), user.id);
    return Response.json({ checkpoint }, { status: 201 });
  },
);
