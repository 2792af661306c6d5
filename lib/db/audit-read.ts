// The audit trail page's read model: the newest audit events with their actor's email. Appending and
// verifying the chain are lib/db/audit-store.ts.
import type { Database } from "./connection";

export interface AuditRow {
  id: number;
  atMs: number;
  actorId: string | null;
  /** The actor's email when the actor is a user that still exists. */
  actorEmail: string | null;
  actorType: string;
  action: string;
  targetType: string;
  targetId: string;
  hash: string;
}

/** The newest `limit` audit events, newest first. */
export async function listRecentAudit(db: Pick<Database, "prisma">, limit: number): Promise<AuditRow[]> {
  const { prisma } = db;
  const events = await prisma.auditEvent.findMany({ orderBy: { id: "desc" }, take: limit });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
  const users = await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return events.map((e) => ({
    id: e.id,
    atMs: e.atMs,
    actorId: e.actorId,
    actorEmail: e.actorId ? (emails.get(e.actorId) ?? null) : null,
    actorType: e.actorType,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    hash: e.hash,
  }));
}
