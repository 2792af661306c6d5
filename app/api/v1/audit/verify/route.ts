import { apiRoute } from "@/lib/api/route";
import { permissions } from "@/lib/auth/roles";
import { auditVerifyBody } from "@/lib/audit/api-schemas";
import { appSigningKey } from "@/lib/audit/server-key";
import { verifyAudit } from "@/lib/audit/verify-audit";
import { appendAudit } from "@/lib/db/audit-store";

/**
 * POST /api/v1/audit/verify `{ checkpoints? }` — walks the whole hash chain and checks every signed
 * checkpoint (stored, and those sent here that an auditor kept outside the database) against the
 * server's public key. Answers JSON Lines as it goes: `{"type":"progress","checked","total"}` per
 * page, then `{"type":"result", ok, count, brokenAtId?, reason?, checkpoints, ...}`. The verification
 * and its outcome are audited.
 */
export const POST = apiRoute(
  {
    response: { contentType: "application/x-ndjson", description: "Progress lines, then one result line." },
    summary: "Verify the audit chain and its signed checkpoints (streamed progress)",
    roles: permissions["audit:read"],
    body: auditVerifyBody,
    maxBodyBytes: 4 * 1024 * 1024,
  },
  async ({ app, body, user, authMethod }) => {
    const key = appSigningKey(app);
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (o: unknown) => controller.enqueue(enc.encode(`${JSON.stringify(o)}\n`));
        try {
          const result = await verifyAudit(app.db.sql, {
            trustedKeys: [key.publicKey],
            externalCheckpoints: body.checkpoints,
            onProgress: (checked, total) => send({ type: "progress", checked, total }),
          });
          await app.db.sql.tx((q) =>
            appendAudit(q, app.db.dialect, {
              atMs: Date.now(),
              actorId: user.id,
              actorType: authMethod === "api_key" ? "api_key" : "user",
              action: "audit.verified",
              targetType: "audit",
              targetId: "log",
              data: {
                ok: result.ok,
                count: result.count,
                headId: result.headId ?? null,
                brokenAtId: result.brokenAtId ?? null,
                reason: result.reason ?? null,
                checkpointsChecked: result.checkpoints.checked,
                brokenCheckpoint: result.checkpoints.broken ?? null,
              },
            }),
          );
          send({ type: "result", ...result });
        } catch (e) {
          send({ type: "error", message: e instanceof Error ? e.message : "verification failed" });
        } finally {
          controller.close();
        }
      },
    });
    return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
  },
);
