// API keys for other applications: "sy_<prefix>_<secret>", stored only as a SHA-256 hash.
import { createHash, randomBytes } from "node:crypto";
import { getAppContext } from "@/lib/server/app-context";
import { findApiKeyOwner, touchApiKey } from "@/lib/db/api-key-store";
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
  const found = await findApiKeyOwner(db.sql, hash(key));
  if (!found || found.revoked || found.user.disabled) return null;
  await touchApiKey(db.sql, found.keyId, Date.now());
  const { user } = found;
  const role = roleSchema.safeParse(user.role);
  return { id: user.id, email: user.email, name: user.name, role: role.success ? role.data : "viewer" };
}
