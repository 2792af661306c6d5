// A signed-in user changes their own password: better-auth checks the current password, stores the
// new hash, ends every session of the user and opens a fresh one for this browser (its cookie is
// passed on). The change is audited; the session token in better-auth's answer is not passed on.
import "server-only";
import { z } from "zod";
import type { Auth } from "./auth";
import type { SqlDb } from "@/lib/db/sql";
import { appendAudit } from "@/lib/db/audit-store";
import { DomainError } from "@/lib/errors/domain-error";

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "Enter your current password").max(128),
  newPassword: z.string().min(8, "Password must be at least 8 characters").max(128),
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** Returns the Set-Cookie headers of the new session. */
export async function changeOwnPassword(
  auth: Auth,
  db: SqlDb,
  userId: string,
  headers: Headers,
  input: ChangePasswordInput,
): Promise<string[]> {
  const res = await auth.api.changePassword({
    body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
    headers,
    asResponse: true,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (body?.code === "INVALID_PASSWORD") throw new DomainError("invalid_current_password", "The current password is wrong.");
    if (res.status === 401) throw new DomainError("unauthorized", "Sign in to continue.");
    throw new DomainError("validation_failed", body?.message ?? "The password could not be changed.");
  }
  await db.tx((q) =>
    appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId: userId,
      actorType: "user",
      action: "user.password_changed",
      targetType: "user",
      targetId: userId,
      data: { otherSessionsEnded: true },
    }),
  );
  return res.headers.getSetCookie();
}
