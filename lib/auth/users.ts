// Creating and managing users. Passwords are hashed with better-auth's scrypt hash and stored on a
// "credential" account, exactly as better-auth's own sign-up would, so sign-in works unchanged.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { Prisma } from "@/lib/db/connection";
import { roleSchema, type Role } from "./roles";

export const newUserSchema = z.strictObject({
  name: z.string().trim().min(1, "Name is required").max(100),
  email: z
    .email("Enter a valid email address")
    .max(200)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(8, "Password must be at least 8 characters").max(128),
  role: roleSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export interface PublicUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export function toPublicUser(u: { id: string; name: string; email: string; role: string; disabled: boolean; createdAt: Date }): PublicUser {
  const role = roleSchema.safeParse(u.role);
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: role.success ? role.data : "viewer",
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function createUser(prisma: Prisma, input: NewUser): Promise<PublicUser> {
  const existing = await prisma.user.findUnique({ where: { email: input.email } });
  if (existing) throw new ApiError(409, "email_taken", "A user with this email already exists.");
  const id = randomUUID();
  const password = await hashPassword(input.password);
  const user = await prisma.user.create({
    data: {
      id,
      name: input.name,
      email: input.email,
      role: input.role,
      emailVerified: true,
      accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password } },
    },
  });
  return toPublicUser(user);
}
