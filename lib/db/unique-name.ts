// Settings objects (credentials, providers, MCP servers) have unique names. The database enforces
// it, so two admins saving the same name at once cannot both win; the loser's unique violation
// becomes the same clear 4xx on either database instead of a 500.
import "server-only";
import { DomainError } from "@/lib/errors/domain-error";
import { isUniqueViolation } from "./row-codec";

/** Runs a write; a unique violation becomes name_taken ("<thing> with this name already exists."). */
export async function withUniqueName<T>(thing: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("name_taken", `${thing} with this name already exists.`);
    throw e;
  }
}
