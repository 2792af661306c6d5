// Creating and managing users: input rules here, rows and invariants in lib/db/user-store. Passwords
// are hashed with better-auth's scrypt hash and stored on a "credential" account, exactly as
// better-auth's own sign-up would, so sign-in works unchanged.
import "server-only";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import type { SqlDb } from "@/lib/db/sql";
import { nameText } from "@/lib/model/text-fields";
import { createFirstAdmin, createUser as insertUser, type UserActor } from "@/lib/db/user-store";
import type { PublicUser } from "./public-user";
import { roleSchema } from "./roles";

export type { PublicUser } from "./public-user";

export const newUserSchema = z.strictObject({
  name: nameText({ max: 100, required: "Name is required" }),
  email: z
    .email("Enter a valid email address")
    .max(200)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(8, "Password must be at least 8 characters").max(128),
  role: roleSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export const setupSchema = newUserSchema.omit({ role: true });
export type SetupInput = z.infer<typeof setupSchema>;

/** An admin creates a user; the record and its audit entry commit together. */
export async function createUser(db: SqlDb, input: NewUser, actor: UserActor): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  return insertUser(db, { name: input.name, email: input.email, role: input.role, passwordHash }, actor);
}

/** First-run setup: the first admin, only while there is no user (concurrent setups: one wins). */
export async function setUpFirstAdmin(db: SqlDb, input: SetupInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  return createFirstAdmin(db, { name: input.name, email: input.email, passwordHash });
}
