// The Idempotency-Key request header (IETF draft-ietf-httpapi-idempotency-key-header): an opaque
// string chosen by the client, the same on every retry of one logical request.
import { z } from "zod";

export const IDEMPOTENCY_HEADER = "idempotency-key";

export const idempotencyKeySchema = z
  .string()
  .min(1, "must not be empty")
  .max(255, "at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

/** The header's value, or undefined when absent; a malformed key throws a ZodError (400 naming the header). */
export function readIdempotencyKey(headers: Headers): string | undefined {
  const raw = headers.get(IDEMPOTENCY_HEADER);
  if (raw === null) return undefined;
  const parsed = idempotencyKeySchema.safeParse(raw.trim());
  if (!parsed.success) {
    throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["Idempotency-Key"] })));
  }
  return parsed.data;
}
