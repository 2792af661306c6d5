// API keys for other applications: "sy_<prefix>_<secret>", stored only as a SHA-256 hash.
import { createHash, randomBytes } from "node:crypto";
import { getAppContext } from "@/lib/server/app-context";
import { roleSchema } from "./roles";
import type { SessionUser } from "./session";

const hash = (key: string) => createHash("sha256").update(key).digest("hex");

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString("hex");
  const key = `sy_${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, hash: hash(key) };
}

export async function userFromApiKey(key: string): Promise<SessionUser | null> {
  const { db } = getAppContext();
  const row = await db.prisma.apiKey.findUnique({ where: { hash: hash(key) } });
  if (!row || row.revokedAt) return null;
  const user = await db.prisma.user.findUnique({ where: { id: row.userId } });
  if (!user || user.disabled) return null;
  await db.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  const role = roleSchema.safeParse(user.role);
  return { id: user.id, email: user.email, name: user.name, role: role.success ? role.data : "viewer" };
}
