// The application's audit signing key: SWITCHYARD_AUDIT_SIGNING_KEY, else data/audit-signing.key
// (created on first use, beside the SQLite data and the generated auth secret).
import "server-only";
import path from "node:path";
import type { AppContext } from "@/lib/server/app-context";
import { auditSigningKey, type SigningKey } from "./signing-key";

export function appSigningKey(app: Pick<AppContext, "env">): SigningKey {
  return auditSigningKey(app.env.SWITCHYARD_AUDIT_SIGNING_KEY, path.resolve(process.cwd(), "data"));
}
