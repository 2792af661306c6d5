// Which role may hold a key of which role: a key's role may allow nothing its owner's role does not.
// Derived from the permission table, so it follows any change there: admin ⊇ every role, every role
// ⊇ viewer, designer and reviewer are not comparable.
import { permissions, type Role } from "./permissions";

/** True when every permission of `inner` is also a permission of `outer`. */
export function roleWithin(inner: Role, outer: Role): boolean {
  return Object.values(permissions).every(
    (allowed) => !(allowed as readonly Role[]).includes(inner) || (allowed as readonly Role[]).includes(outer),
  );
}

/** The role a key acts with now: its own role, capped by its owner's current role (demotion shrinks keys at once). */
export function effectiveKeyRole(keyRole: Role, ownerRole: Role): Role {
  if (roleWithin(keyRole, ownerRole)) return keyRole;
  if (roleWithin(ownerRole, keyRole)) return ownerRole;
  return "viewer";
}
