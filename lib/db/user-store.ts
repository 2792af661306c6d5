// Users and their password accounts, with the invariants that concern more than one row: there is
// exactly one first admin (setup) and always at least one active admin (role changes, disabling).
// Each such change runs in one transaction that first takes the users lock (SQLite: the write lock of
// BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so two concurrent changes are
// decided one after the other and the loser sees the winner's result. Every create, role change and
// disable/enable writes its audit record in the same transaction; disabling or enabling an account
// ends its sessions there too.
import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import { endSessionsOfUser } from "@/lib/db/session-store";
import { isUniqueViolation, readTimestamp, sqlTimestamp } from "@/lib/db/row-codec";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { DomainError, notFound } from "@/lib/errors/domain-error";
import { roleSchema, type Role } from "@/lib/auth/roles";
import type { PublicUser } from "@/lib/auth/public-user";

/** Arbitrary constant key for pg_advisory_xact_lock (ASCII "SWYUSERS"). */
const USERS_LOCK_KEY = "6004237534355739219";

const COLS = `"id","name","email","role","disabled","createdAt"`;

export interface UserActor {
  id: string | null;
  type: "user" | "system" | "api_key";
}

export interface UserInsert {
  name: string;
  email: string;
  role: Role;
  /** better-auth's scrypt hash of the password, computed before the transaction. */
  passwordHash: string;
}

export interface UserPatch {
  role?: Role;
  disabled?: boolean;
}

function toPublic(r: Record<string, unknown>): PublicUser {
  const role = roleSchema.safeParse(r.role);
  return {
    id: String(r.id),
    name: String(r.name),
    email: String(r.email),
    role: role.success ? role.data : "viewer",
    disabled: Boolean(r.disabled),
    createdAt: readTimestamp(r.createdAt),
  };
}

async function lockUsers(q: SqlQuery, dialect: SqlDb["dialect"]): Promise<void> {
  if (dialect === "postgresql") await q.all(`SELECT pg_advisory_xact_lock(${USERS_LOCK_KEY})`);
}

export async function countUsers(db: SqlDb): Promise<number> {
  const rows = await db.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User"`);
  return Number(rows[0]?.n ?? 0);
}

export async function listUsers(db: SqlDb): Promise<PublicUser[]> {
  return (await db.all(`SELECT ${COLS} FROM "User" ORDER BY "createdAt", "id"`)).map(toPublic);
}

export async function getUser(db: SqlDb, id: string): Promise<PublicUser | null> {
  const rows = await db.all(`SELECT ${COLS} FROM "User" WHERE "id"=?`, [id]);
  return rows[0] ? toPublic(rows[0]) : null;
}

/** True when the user exists and is disabled (sign-in refuses to open a session for it). */
export async function isUserDisabled(db: SqlDb, id: string): Promise<boolean> {
  const rows = await db.all<{ disabled: unknown }>(`SELECT "disabled" FROM "User" WHERE "id"=?`, [id]);
  return rows.length > 0 && Boolean(rows[0].disabled);
}

async function insertUser(q: SqlQuery, dialect: SqlDb["dialect"], input: UserInsert, actor: UserActor, via: string): Promise<string> {
  const taken = await q.all(`SELECT 1 FROM "User" WHERE "email"=?`, [input.email]);
  if (taken.length) throw new DomainError("email_taken", "A user with this email already exists.");
  const id = randomUUID();
  const nowMs = Date.now();
  const ts = sqlTimestamp(dialect, nowMs);
  await q.run(
    `INSERT INTO "User" ("id","name","email","emailVerified","role","disabled","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?)`,
    [id, input.name, input.email, true, input.role, false, ts, ts],
  );
  // A "credential" account holding the password hash, exactly as better-auth's own sign-up writes it.
  await q.run(`INSERT INTO "Account" ("id","accountId","providerId","userId","password","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)`, [
    randomUUID(),
    id,
    "credential",
    id,
    input.passwordHash,
    ts,
    ts,
  ]);
  await appendAudit(q, dialect, {
    atMs: nowMs,
    actorId: actor.id,
    actorType: actor.type,
    action: "user.created",
    targetType: "user",
    targetId: id,
    data: { email: input.email, role: input.role, via },
  });
  return id;
}

async function mapUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("email_taken", "A user with this email already exists.");
    throw e;
  }
}

/** Creates a user (an admin's action). A duplicate email, even from a concurrent create, is email_taken. */
export async function createUser(db: SqlDb, input: UserInsert, actor: UserActor): Promise<PublicUser> {
  const id = await mapUniqueViolation(() => db.tx((q) => insertUser(q, db.dialect, input, actor, "admin")));
  return (await getUser(db, id))!;
}

/**
 * First-run setup: creates the first admin only while no user exists. Concurrent setups are decided
 * under the users lock, so exactly one succeeds and every other one gets already_set_up.
 */
export async function createFirstAdmin(db: SqlDb, input: Omit<UserInsert, "role">): Promise<PublicUser> {
  const id = await mapUniqueViolation(() =>
    db.tx(async (q) => {
      await lockUsers(q, db.dialect);
      const any = await q.all(`SELECT 1 FROM "User" LIMIT 1`);
      if (any.length) throw new DomainError("already_set_up", "Setup is already complete. Sign in instead.");
      return insertUser(q, db.dialect, { ...input, role: "admin" }, { id: null, type: "system" }, "setup");
    }),
  );
  return (await getUser(db, id))!;
}

/**
 * Changes a user's role and/or disabled flag. Refused with last_admin when it would leave no active
 * admin, decided under the users lock so two admins demoting or disabling each other at the same
 * moment cannot both win. Disabling or enabling ends the account's sessions.
 */
export async function updateUser(db: SqlDb, id: string, patch: UserPatch, actor: UserActor): Promise<PublicUser> {
  await db.tx(async (q) => {
    await lockUsers(q, db.dialect);
    const rows = await q.all(`SELECT ${COLS} FROM "User" WHERE "id"=?`, [id]);
    if (!rows[0]) throw notFound("User");
    const before = toPublic(rows[0]);
    const role = patch.role ?? before.role;
    const disabled = patch.disabled ?? before.disabled;
    const wasActiveAdmin = before.role === "admin" && !before.disabled;
    if (wasActiveAdmin && (role !== "admin" || disabled)) {
      const others = await q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User" WHERE "role"='admin' AND "disabled"=? AND "id"<>?`, [
        false,
        id,
      ]);
      if (Number(others[0]?.n ?? 0) === 0) throw new DomainError("last_admin", "At least one active admin must remain.");
    }
    const nowMs = Date.now();
    await q.run(`UPDATE "User" SET "role"=?, "disabled"=?, "updatedAt"=? WHERE "id"=?`, [
      role,
      disabled,
      sqlTimestamp(db.dialect, nowMs),
      id,
    ]);
    const audit = (action: string, data: Record<string, unknown>) =>
      appendAudit(q, db.dialect, { atMs: nowMs, actorId: actor.id, actorType: actor.type, action, targetType: "user", targetId: id, data });
    if (role !== before.role) await audit("user.role_changed", { from: before.role, to: role });
    if (disabled !== before.disabled) {
      // A session opened while the account was disabled (or racing the change) never survives it.
      const ended = await endSessionsOfUser(q, id);
      await audit(disabled ? "user.disabled" : "user.enabled", { sessionsEnded: ended });
    }
  });
  return (await getUser(db, id))!;
}
