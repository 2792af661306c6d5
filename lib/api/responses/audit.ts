// Response schemas of the audit trail routes.
import { z } from "zod";
import { anyJson, epochMs, obj } from "./common";

export const auditEventSchema = obj({
  id: z.number().int().meta({ description: "Position in the hash chain (ascending)." }),
  atMs: epochMs,
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorType: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  hash: z.string(),
}).meta({ id: "AuditEvent" });

export const auditListBody = obj({ events: z.array(auditEventSchema), nextCursor: z.number().int().nullable() });

export const auditDetailBody = obj({
  event: auditEventSchema.extend({ data: anyJson, prevHash: z.string() }),
  /** Links to what the event is about, when known. */
  links: z.array(obj({ kind: z.string(), id: z.string(), href: z.string() })),
});

export const checkpointSchema = obj({
  id: z.number().int(),
  seq: z.number().int(),
  headHash: z.string(),
  atMs: epochMs,
  signature: z.string(),
  publicKey: z.string(),
  actorId: z.string().nullable(),
}).meta({ id: "AuditCheckpoint", description: "Ed25519 signature over `switchyard-audit-checkpoint:v1:<seq>:<headHash>:<atMs>`." });

export const checkpointsBody = obj({
  publicKey: z.string().meta({ description: "The server's audit signing key: base64 SPKI DER (Ed25519)." }),
  checkpoints: z.array(checkpointSchema),
});
export const checkpointBody = obj({ checkpoint: checkpointSchema.nullable() });
